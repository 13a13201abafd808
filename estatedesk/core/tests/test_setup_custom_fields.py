"""Setup › Custom fields: the office's own fields on leads, contacts and relations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.core import services
from estatedesk.core.models import CustomField

pytestmark = pytest.mark.django_db


def field_data(**overrides) -> dict:
    data = {
        "target": "contact",
        "key": "preferred_view",
        "label": "Preferred view",
        "field_type": "choice",
        "choices": "Sea\r\n  Mountains \r\n\r\nCity",
        "required": "",
        "filterable": "on",
        "position": "",
    }
    return {**data, **overrides}


@pytest.fixture
def view_field(admin):
    return services.custom_field_create(
        actor=admin, target="contact", key="preferred_view", label="Preferred view",
        field_type="choice", choices=["Sea", "City"],
    )  # fmt: skip


def test_admin_adds_a_choice_field_and_agents_fill_it_in(as_admin, as_alice, office):
    response = as_admin.post(reverse("setup:field_create"), field_data())
    assert response.status_code == 302
    field = CustomField.objects.get(office=office, key="preferred_view")
    assert field.choices == ["Sea", "Mountains", "City"]
    assert (field.target, field.field_type, field.filterable) == ("contact", "choice", True)

    form_html = as_alice.get(reverse("contacts:contact_create")).content.decode()
    assert 'name="cf_preferred_view"' in form_html
    assert '<option value="Mountains">Mountains</option>' in form_html
    assert 'name="cf_preferred_view"' not in (
        as_alice.get(reverse("contacts:lead_create")).content.decode()
    )


def test_field_list_shows_fields_per_target(as_admin, admin, view_field):
    services.custom_field_create(
        actor=admin, target="relation", key="vat_number", label="VAT number", field_type="text"
    )
    html = as_admin.get(reverse("setup:fields")).content.decode()
    contacts = html[html.index('id="fields-contact"') : html.index('id="fields-relation"')]
    relations = html[html.index('id="fields-relation"') :]
    assert "preferred_view" in contacts
    assert "vat_number" not in contacts
    assert "vat_number" in relations


def test_new_field_goes_last_unless_placed(admin, view_field):
    second = services.custom_field_create(
        actor=admin, target="contact", key="pets", label="Pets", field_type="boolean"
    )
    placed = services.custom_field_create(
        actor=admin, target="contact", key="first", label="First", field_type="text", position=0
    )
    assert second.position == view_field.position + 1
    assert placed.position == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"key": "1st_choice"}, "key", "starting with a letter"),
        ({"key": "sea-view"}, "key", "starting with a letter"),
        ({"key": "sea view"}, "key", "starting with a letter"),
        ({"key": "_hidden"}, "key", "starting with a letter"),
        ({"key": "Preferred_View"}, "key", "There is already a field with this key"),
        ({"choices": " \r\n "}, "choices", "at least one choice"),
    ],
)
def test_bad_field_definition_gets_a_message_on_its_field_and_saves_nothing(
    as_admin, view_field, overrides, field, message
):
    before = list(CustomField.objects.values_list("pk", "key", "label", "choices"))
    response = as_admin.post(
        reverse("setup:field_create"), field_data(label="Another", **overrides)
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert list(CustomField.objects.values_list("pk", "key", "label", "choices")) == before


def test_all_problems_are_shown_at_once(as_admin):
    response = as_admin.post(reverse("setup:field_create"), field_data(key="9x", choices=""))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"key", "choices"}
    assert not CustomField.objects.exists()


def test_same_key_may_be_used_for_another_target(as_admin, view_field):
    response = as_admin.post(reverse("setup:field_create"), field_data(target="lead"))
    assert response.status_code == 302
    assert CustomField.objects.filter(key="preferred_view").count() == 2


def test_same_key_may_be_used_by_another_office(admin, carol, other_office, view_field):
    other_admin = carol
    other_admin.role = "admin"
    other_admin.save()
    field = services.custom_field_create(
        actor=other_admin, target="contact", key="preferred_view", label="View",
        field_type="text",
    )  # fmt: skip
    assert field.office == other_office


def test_non_choice_field_keeps_no_choices(as_admin, office):
    as_admin.post(reverse("setup:field_create"), field_data(key="notes2", field_type="text"))
    assert CustomField.objects.get(office=office, key="notes2").choices == []


def test_admin_edits_a_field(as_admin, view_field):
    url = reverse("setup:field_edit", args=[view_field.pk])
    form = as_admin.get(url).context["form"]
    assert form.initial["choices"] == "Sea\nCity"

    response = as_admin.post(
        url, field_data(label="View from the window", choices="Sea\nCity\nPark", required="on")
    )

    assert response.status_code == 302
    view_field.refresh_from_db()
    assert view_field.label == "View from the window"
    assert view_field.choices == ["Sea", "City", "Park"]
    assert view_field.required


def test_type_cannot_change_once_records_hold_values(as_admin, alice, view_field):
    ContactFactory(owner=alice, custom_fields={"preferred_view": "Sea"})
    url = reverse("setup:field_edit", args=[view_field.pk])
    response = as_admin.post(url, field_data(field_type="text", choices=""))
    assert response.status_code == 422
    assert response.context["form"].errors["field_type"] == [
        "Records already hold values for this field, so its type cannot change."
    ]
    view_field.refresh_from_db()
    assert view_field.field_type == "choice"


def test_key_cannot_change_once_records_hold_values(as_admin, alice, view_field):
    ContactFactory(owner=alice, custom_fields={"preferred_view": "Sea"})
    response = as_admin.post(
        reverse("setup:field_edit", args=[view_field.pk]), field_data(key="outlook")
    )
    assert response.status_code == 422
    assert "key" in response.context["form"].errors
    view_field.refresh_from_db()
    assert view_field.key == "preferred_view"


def test_type_may_change_while_no_record_holds_a_value(as_admin, alice, carol, view_field):
    # Values under the same key on another target or in another office do not count.
    ContactFactory(owner=alice, custom_fields={})
    LeadFactory(owner=alice, custom_fields={"preferred_view": "Sea"})
    ContactFactory(owner=carol, custom_fields={"preferred_view": "Sea"})
    response = as_admin.post(
        reverse("setup:field_edit", args=[view_field.pk]), field_data(field_type="text")
    )
    assert response.status_code == 302
    view_field.refresh_from_db()
    assert (view_field.field_type, view_field.choices) == ("text", [])


def test_deactivated_field_leaves_the_form_but_values_are_kept(
    as_admin, as_alice, alice, view_field
):
    contact = ContactFactory(owner=alice, custom_fields={"preferred_view": "Sea"})
    url = reverse("setup:field_active", args=[view_field.pk])

    response = as_admin.post(url, {"active": "0"}, follow=True)

    view_field.refresh_from_db()
    assert not view_field.is_active
    row = response.content.decode().split(f'id="field-{view_field.pk}"')[1].split("</tr>")[0]
    assert "inactive" in row
    edit_url = reverse("contacts:contact_edit", args=[contact.pk])
    assert 'name="cf_preferred_view"' not in as_alice.get(edit_url).content.decode()
    contact.refresh_from_db()
    assert contact.custom_fields == {"preferred_view": "Sea"}

    as_admin.post(url, {"active": "1"})
    edit_form = as_alice.get(edit_url).context["form"]
    assert edit_form.initial["cf_preferred_view"] == "Sea"


def test_only_office_administrators_may_define_fields(alice, admin, view_field):
    with pytest.raises(PermissionDenied):
        services.custom_field_create(
            actor=alice, target="contact", key="x", label="X", field_type="text"
        )
    with pytest.raises(PermissionDenied):
        services.custom_field_update(field=view_field, actor=alice, label="Mine")
    with pytest.raises(PermissionDenied):
        services.custom_field_set_active(field=view_field, actor=alice, active=False)
    view_field.refresh_from_db()
    assert (view_field.label, view_field.is_active) == ("Preferred view", True)


def test_another_offices_admin_cannot_change_the_field(carol, view_field):
    carol.role = "admin"
    carol.save()
    with pytest.raises(PermissionDenied):
        services.custom_field_update(field=view_field, actor=carol, label="Mine")
    with pytest.raises(PermissionDenied):
        services.custom_field_set_active(field=view_field, actor=carol, active=False)


def test_service_names_the_field_in_its_errors(admin):
    with pytest.raises(ValidationError) as exc:
        services.custom_field_create(
            actor=admin, target="contact", key="ok_key", label="", field_type="choice", choices=[]
        )
    assert set(exc.value.message_dict) == {"label", "choices"}
