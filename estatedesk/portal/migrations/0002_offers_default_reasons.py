"""Data: every existing office gets the default rejection reasons (new offices get them from
`services.offers.office_created`). Reversing leaves the reasons: they may be in use."""

from django.db import migrations
from django.utils import translation

# A copy, as a migration must not change when the app's defaults do.
DEFAULTS = (
    ("Price", False),
    ("Location", False),
    ("Size", False),
    ("Condition", False),
    ("Layout", False),
    ("No parking", False),
    ("No garden", False),
    ("Other", True),
)


def create_defaults(apps, schema_editor):
    Office = apps.get_model("accounts", "Office")
    RejectionReason = apps.get_model("portal", "RejectionReason")
    taken = set(RejectionReason.objects.values_list("office_id", flat=True).distinct())
    for office in Office.objects.exclude(pk__in=taken).iterator():
        with translation.override(office.language):
            RejectionReason.objects.bulk_create(
                [
                    RejectionReason(
                        office_id=office.pk,
                        name=translation.gettext(name),
                        asks_for_text=asks,
                        position=position,
                    )
                    for position, (name, asks) in enumerate(DEFAULTS, start=1)
                ],
                ignore_conflicts=True,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_portal"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
