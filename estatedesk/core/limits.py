"""How many of each thing a user or an office may create: the numbers, and the check services make.

Every collection a user can grow without bound (their categories, an office's custom fields,
the links on one record...) has a limit here, so that no page showing it and no list the server
builds from it can be made arbitrarily large. The services check the limit inside the
transaction that creates the item, so the web pages and the API refuse alike, with a message
that names the limit. The numbers are generous; an installation changes them with the setting

    ESTATEDESK_LIMITS = {"categories_per_user": 5000}

and tests lower them the same way. `LIMITS` is also what the 10,000-of-everything test walks
(core/tests/test_large_collections.py), so a collection added here cannot be left untested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class Limit:
    """One collection's ceiling: `key` (the setting's key), its default and what it counts."""

    key: str
    default: int
    # What a refusal says: an ngettext_lazy keyed on "limit", so the number picks the plural.
    text: Any

    @property
    def value(self) -> int:
        overrides: dict[str, int] = getattr(settings, "ESTATEDESK_LIMITS", {}) or {}
        return int(overrides.get(self.key, self.default))

    def message(self) -> str:
        return str(self.text % {"limit": self.value})


LIMITS: dict[str, Limit] = {
    limit.key: limit
    for limit in (
        Limit(
            "categories_per_user",
            2000,
            ngettext_lazy(
                "You can have at most %(limit)d category; delete one you no longer use first.",
                "You can have at most %(limit)d categories; delete some you no longer use first.",
                "limit",
            ),
        ),
        Limit(
            "category_depth",
            10,
            ngettext_lazy(
                "Categories can be nested at most %(limit)d level deep.",
                "Categories can be nested at most %(limit)d levels deep.",
                "limit",
            ),
        ),
        Limit(
            "lead_sources_per_office",
            200,
            ngettext_lazy(
                "An office can have at most %(limit)d lead source; deactivated ones count too.",
                "An office can have at most %(limit)d lead sources; deactivated ones count too.",
                "limit",
            ),
        ),
        Limit(
            "custom_fields_per_office",
            200,
            ngettext_lazy(
                "An office can have at most %(limit)d custom field; inactive ones count too.",
                "An office can have at most %(limit)d custom fields; inactive ones count too.",
                "limit",
            ),
        ),
        Limit(
            "deal_stages_per_office",
            50,
            ngettext_lazy(
                "A pipeline can have at most %(limit)d stage; inactive ones count too.",
                "A pipeline can have at most %(limit)d stages; inactive ones count too.",
                "limit",
            ),
        ),
        Limit(
            "links_per_contact",
            500,
            ngettext_lazy(
                "A contact can have at most %(limit)d link to other contacts.",
                "A contact can have at most %(limit)d links to other contacts.",
                "limit",
            ),
        ),
        Limit(
            "links_per_property",
            500,
            ngettext_lazy(
                "A property can have at most %(limit)d linked person or company.",
                "A property can have at most %(limit)d linked people and companies.",
                "limit",
            ),
        ),
        Limit(
            "phones_per_record",
            20,
            ngettext_lazy(
                "A record can have at most %(limit)d phone number.",
                "A record can have at most %(limit)d phone numbers.",
                "limit",
            ),
        ),
        Limit(
            "emails_per_record",
            20,
            ngettext_lazy(
                "A record can have at most %(limit)d e-mail address.",
                "A record can have at most %(limit)d e-mail addresses.",
                "limit",
            ),
        ),
        Limit(
            "contact_persons_per_relation",
            500,
            ngettext_lazy(
                "A relation can have at most %(limit)d contact person.",
                "A relation can have at most %(limit)d contact persons.",
                "limit",
            ),
        ),
        Limit(
            "people_per_project",
            500,
            ngettext_lazy(
                "A project can have at most %(limit)d person.",
                "A project can have at most %(limit)d people.",
                "limit",
            ),
        ),
        Limit(
            "webhooks_per_office",
            50,
            ngettext_lazy(
                "An office can have at most %(limit)d webhook.",
                "An office can have at most %(limit)d webhooks.",
                "limit",
            ),
        ),
    )
}


def limit_value(key: str) -> int:
    """The number a collection may hold (the setting's override, else the default)."""
    return LIMITS[key].value


def check_room(
    key: str,
    existing: QuerySet[Any] | int,
    *,
    field: str,
    adding: int = 1,
    lock: QuerySet[Model] | None = None,
) -> None:
    """Refuse (ValidationError on `field`) when `adding` more would pass the limit `key`.

    `existing` is what already counts (a queryset, or a number the caller has). Call it inside
    the creating transaction; `lock` (a queryset of the row that owns the collection: the
    office, the user, the record) is locked first, so that two concurrent creates on
    PostgreSQL cannot both see room for one.
    """
    limit = LIMITS[key]
    if lock is not None:
        list(lock.select_for_update().values_list("pk", flat=True))
    count = existing if isinstance(existing, int) else existing.count()
    if count + adding > limit.value:
        refuse(key, field=field)


def refuse(key: str, *, field: str) -> NoReturn:
    """The ValidationError, on `field`, that says the limit `key` is reached."""
    raise ValidationError({field: LIMITS[key].message()})
