"""Generate the bench data set: `python -m bench.generate --size N [--db sqlite|postgres]`.

Deterministic from the seed: every chunk of records draws from its own `random.Random` seeded
with (seed, kind, chunk number), so the data is the same whether one or several processes build
it. Offices and users go through the application's services (`office_create`, `user_create`);
the bulk rows are written straight into the migrated tables (executemany on SQLite, COPY on
PostgreSQL), with `search_text` made by the application's own `build_search_text`.

A finished data set carries a `bench_meta` table; generating the same size and seed again
reuses it (after `manage.py migrate`, which applies any new migrations to it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
from array import array
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from . import common
from .names import Pools, build_pools, check_phone_patterns, email_for, mobile

# "Now" of the data set, in UTC; naive, because SQLite rows take Django's naive UTC text form.
ANCHOR = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC).replace(tzinfo=None)
CHUNK = 10_000  # records per chunk: fixed, so the data does not depend on --jobs
LARGEST_OFFICE_SHARE = 0.40
OFFICE_SHARE = 0.60  # visibility "office"; the rest is personal
ACTIVE_SHARE = 0.90

SOURCE_WEIGHTS = (35, 25, 15, 15, 10)  # Website, Referral, MLS, Marketing campaign, Manual entry
LEAD_STATUSES = ("prospect", "qualified", "negotiating", "won", "lost")
LEAD_STATUS_WEIGHTS = (30, 22, 13, 20, 15)
LOST_REASONS = (
    "Bought through another agency",
    "Budget too low for the areas wanted",
    "No answer after three follow-ups",
    "Decided to rent instead of buying",
    "Mortgage application was declined",
    "Moving abroad after all",
)
PROPERTY_TYPES = ("apartment", "house", "villa", "townhouse", "land", "commercial", "parking")
RELATION_TYPES = ("developer", "agency", "bank", "vendor", "competitor", "sponsor", "other")
RELATION_TYPE_WEIGHTS = (15, 15, 10, 40, 8, 4, 8)
CONTACT_ROLES = "sales_manager project_manager finance support director account_manager legal"
CATEGORY_TOPS = "Buyers|Sellers|Tenants|Landlords|Investors|Suppliers|Network|Bond applications"
CATEGORY_MIDS = "Hot|Warm|Cold|Amsterdam|Rotterdam|Utrecht|New-build|Existing homes|Follow up"
CATEGORY_LEAVES = "2025|2026|Apartment|House|Called|Viewing planned|Offer made|Waiting"
BUDGET_BANDS = ["< 250k", "250k–500k", "500k–1M", "> 1M"]
JOB_TITLES = "Engineer Teacher Consultant Nurse Manager Designer Lawyer Doctor Accountant Retired"


def progress(message: str) -> None:
    print(message, flush=True)


# --- everything the chunk builders need; set before worker processes fork ------------------


@dataclass
class Context:
    size: int
    seed: int
    vendor: str
    pools: Pools
    specs: dict  # table key → TableSpec
    offices: list[int] = field(default_factory=list)  # office ids; index 0 is the largest
    users: list[list[int]] = field(default_factory=list)  # per office index
    sources: list[list[int]] = field(default_factory=list)  # per office index, by position
    categories: dict[int, list[int]] = field(default_factory=dict)  # user id → category ids
    contact_office: bytes = b""  # office index of contact id i+1
    office_contacts: list[array] = field(default_factory=list)  # contact ids per office index

    def dt(self, value: datetime):
        """A naive UTC datetime as the database takes it (Django's text form on SQLite)."""
        return str(value) if self.vendor == "sqlite" else value.replace(tzinfo=UTC)

    def day(self, value: date):
        return str(value) if self.vendor == "sqlite" else value


CTX: Context | None = None


def _stub(model, **values):
    """A model instance without Model.__init__ (slow at a million rows), for build_search_text."""
    obj = model.__new__(model)
    obj.__dict__.update(values)
    return obj


def derived(model, stub, phones: list[str], emails: list[str]) -> dict:
    """The columns the app derives from a record (its services call these same functions)."""
    from estatedesk.contacts import search_text

    values = {"search_text": search_text.build_search_text(stub, phones, emails)}
    if has_field(model, "sort_name"):
        values["sort_name"] = search_text.build_sort_name(stub)
    return values


def has_field(model, name: str) -> bool:
    return any(f.attname == name for f in model._meta.concrete_fields)


def _office_index(r: float) -> int:
    if r < LARGEST_OFFICE_SHARE:
        return 0
    rest = (r - LARGEST_OFFICE_SHARE) / (1 - LARGEST_OFFICE_SHARE)
    return 1 + min(int(rest * (common.OFFICES - 1)), common.OFFICES - 2)


def _source(ctx: Context, rng: random.Random, office: int):
    if rng.random() < 0.05:
        return None
    return rng.choices(ctx.sources[office], weights=SOURCE_WEIGHTS)[0]


def _person(rng: random.Random, ctx: Context):
    loc = ctx.pools.locale(rng)
    gender = "female" if rng.random() < 0.5 else "male"
    first = rng.choice(loc.female if gender == "female" else loc.male)
    prefix, last = rng.choice(loc.last)
    return loc, gender, first, prefix, last


def build_contacts(chunk: int) -> dict[str, list]:
    """Contacts with their phones, e-mails and category assignments, ids from chunk*CHUNK+1."""
    from estatedesk.contacts import category_ids
    from estatedesk.contacts.models import Contact

    ctx = CTX
    rng = random.Random(f"{ctx.seed}:contacts:{chunk}")
    spec = ctx.specs
    out: dict[str, list] = {"contact": [], "contact_phone": [], "contact_email": [], "link": []}
    first_id = chunk * CHUNK + 1
    span = timedelta(days=3 * 365).total_seconds()
    for cid in range(first_id, min(first_id + CHUNK, ctx.size + 1)):
        office = ctx.contact_office[cid - 1]
        office_id = ctx.offices[office]
        owner = rng.choice(ctx.users[office])
        loc, gender, first, prefix, last = _person(rng, ctx)
        employer = rng.choice(loc.companies) if rng.random() < 0.35 else ""
        created = ANCHOR - timedelta(seconds=span * (1 - cid / ctx.size) + rng.random() * 86400)
        updated = created + (ANCHOR - created) * rng.random() * 0.5
        last_contacted = None
        if rng.random() < 0.88:
            low = max(created, ANCHOR - timedelta(days=730))
            last_contacted = ctx.dt(low + (ANCHOR - low) * rng.random())
        if rng.random() < 0.8:
            city, region = rng.choices(ctx.pools.nl_cities, cum_weights=ctx.pools.nl_city_weights)[
                0
            ]
            country = "NL"
            letters = chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26))
            postal = f"{rng.randint(1011, 9999)} {letters}"
        else:
            city, region, country = rng.choice(loc.cities), "", loc.nationality
            postal = f"{rng.randint(10000, 99999)}"
        custom: dict = {}
        if rng.random() < 0.6:
            custom["budget_band"] = rng.choice(BUDGET_BANDS)
        if rng.random() < 0.5:
            custom["newsletter"] = rng.random() < 0.5
        if rng.random() < 0.15:
            custom["referral_code"] = f"REF-{rng.randrange(100000):05d}"
        consent = rng.random() < 0.35
        phones: list[str] = []
        for _ in range(rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
            number = mobile(rng, loc.phone_country if rng.random() < 0.4 else "NL")
            if number not in phones:
                phones.append(number)
        emails = email_for(rng, first, last, employer)
        names = {
            "first_name": first,
            "last_name": last,
            "middle_name": rng.choice(loc.female if gender == "female" else loc.male)
            if rng.random() < 0.05
            else "",
            "name_prefix": prefix,
            "nickname": first[:4] if rng.random() < 0.03 else "",
            "employer": employer,
        }
        stamps = {"created_at": ctx.dt(created), "updated_at": ctx.dt(updated)}
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(23000))
        contact = {
            "id": cid,
            "office_id": office_id,
            "owner_id": owner,
            "visibility": "office" if rng.random() < OFFICE_SHARE else "personal",
            "is_active": rng.random() < ACTIVE_SHARE,
            "custom_fields": json.dumps(custom),
            **derived(Contact, _stub(Contact, **names), phones, emails),
            **stamps,
            **names,
            "salutation": ("mrs" if gender == "female" else "mr") if rng.random() < 0.7 else "",
            "gender": gender if rng.random() < 0.8 else "",
            "date_of_birth": ctx.day(born) if rng.random() < 0.6 else None,
            "nationality": loc.nationality,
            "language": loc.language,
            "street": f"{rng.choice(loc.streets)} {rng.randint(1, 250)}",
            "postal_code": postal,
            "city": city,
            "region": region,
            "country": country,
            "job_title": rng.choice(JOB_TITLES.split()) if employer else "",
            "source_id": _source(ctx, rng, office),
            "last_contacted_at": last_contacted,
            "preferred_channel": rng.choice(("phone", "email", "whatsapp", "sms", "")),
            "do_not_call": rng.random() < 0.05,
            "marketing_consent": consent,
            "marketing_consent_at": ctx.dt(created + timedelta(minutes=5)) if consent else None,
            "marketing_consent_method": rng.choice(("web_form", "email", "phone", "in_person"))
            if consent
            else "",
        }
        for i, number in enumerate(phones):
            out["contact_phone"].append(
                spec["contact_phone"].row(
                    {
                        "office_id": office_id,
                        "record_id": cid,
                        "label": ("mobile", "whatsapp", "work")[i],
                        "number": number,
                        "is_primary": i == 0,
                        **stamps,
                    }
                )
            )
        for i, email in enumerate(emails):
            out["contact_email"].append(
                spec["contact_email"].row(
                    {
                        "office_id": office_id,
                        "record_id": cid,
                        "label": ("personal", "work", "other")[i],
                        "email": email,
                        "is_primary": i == 0,
                        **stamps,
                    }
                )
            )
        filed = rng.sample(ctx.categories[owner], rng.randint(1, 3))
        if category_ids.COLUMN in spec["contact"].names:  # PostgreSQL: the links' mirror
            contact[category_ids.COLUMN] = sorted(filed)
        out["contact"].append(spec["contact"].row(contact))
        for category in filed:
            out["link"].append(
                spec["link"].row(
                    {
                        "office_id": office_id,
                        "record_id": cid,
                        "category_id": category,
                        **stamps,
                    }
                )
            )
    return out


def build_leads(chunk: int) -> dict[str, list]:
    from estatedesk.contacts.models import Lead
    from estatedesk.contacts.services import lead_score

    ctx = CTX
    rng = random.Random(f"{ctx.seed}:leads:{chunk}")
    spec = ctx.specs
    total = ctx.size // 5
    out: dict[str, list] = {"lead": [], "lead_phone": [], "lead_email": []}
    first_id = chunk * CHUNK + 1
    span = timedelta(days=2 * 365).total_seconds()
    cities = [c for c, _r in ctx.pools.nl_cities]
    for lid in range(first_id, min(first_id + CHUNK, total + 1)):
        office = _office_index(rng.random())
        office_id = ctx.offices[office]
        loc, _gender, first, prefix, last = _person(rng, ctx)
        last = f"{prefix} {last}" if prefix else last
        status = rng.choices(LEAD_STATUSES, weights=LEAD_STATUS_WEIGHTS)[0]
        created = ANCHOR - timedelta(seconds=span * (1 - lid / total) + rng.random() * 86400)
        updated = created + (ANCHOR - created) * rng.random() * 0.3
        prefs = {
            "first_name": first,
            "last_name": last,
            "company": rng.choice(loc.companies) if rng.random() < 0.1 else "",
            "budget_min": None,
            "budget_max": None,
            "area_min": None,
            "area_max": None,
            "property_types": rng.sample(PROPERTY_TYPES, rng.randint(0, 2)),
            "locations": ", ".join(rng.sample(cities, rng.randint(0, 3))),
            "urgency": rng.choice(("low", "medium", "high")),
            "timeframe": rng.choice(("immediate", "3m", "6m", "12m", "later", "unknown")),
            "bedrooms": rng.choice((None, 1, 2, 3, 4)),
            "bathrooms": rng.choice((None, 1, 2)),
        }
        if rng.random() < 0.75:
            prefs["budget_min"] = Decimal(rng.randrange(150, 1500) * 1000)
            prefs["budget_max"] = prefs["budget_min"] + Decimal(rng.randrange(0, 500) * 1000)
        if rng.random() < 0.6:
            prefs["area_min"] = Decimal(rng.randrange(40, 200))
            prefs["area_max"] = prefs["area_min"] + Decimal(rng.randrange(0, 100))
        phones = [mobile(rng, "NL")] if rng.random() < 0.9 else []
        emails = email_for(rng, first, last)[:1] if rng.random() < 0.85 or not phones else []
        stub = _stub(Lead, **prefs)
        score, reasons = lead_score(stub, has_email=bool(emails), has_phone=bool(phones))
        converted = converted_at = None
        if status == "won" and rng.random() < 0.8:
            converted = rng.choice(ctx.office_contacts[office])
            converted_at = ctx.dt(updated)
        stamps = {"created_at": ctx.dt(created), "updated_at": ctx.dt(updated)}
        move_in = (ANCHOR + timedelta(days=rng.randrange(20, 400))).date()
        custom = {"campaign": f"Campaign {rng.randrange(1, 40)}"} if rng.random() < 0.3 else {}
        out["lead"].append(
            spec["lead"].row(
                {
                    **prefs,
                    "id": lid,
                    "office_id": office_id,
                    "owner_id": rng.choice(ctx.users[office]),
                    "visibility": "office" if rng.random() < OFFICE_SHARE else "personal",
                    "is_active": rng.random() < ACTIVE_SHARE,
                    "custom_fields": json.dumps(custom),
                    **derived(Lead, stub, phones, emails),
                    **stamps,
                    "status": status,
                    "lost_reason": rng.choice(LOST_REASONS) if status == "lost" else "",
                    "source_id": _source(ctx, rng, office),
                    "move_in_date": ctx.day(move_in) if rng.random() < 0.3 else None,
                    "message": "Please call me back about a viewing." if rng.random() < 0.4 else "",
                    "score": score,
                    "score_reasons": json.dumps([str(r) for r in reasons]),
                    "last_contacted_at": ctx.dt(created + (ANCHOR - created) * rng.random())
                    if rng.random() < 0.7
                    else None,
                    "converted_contact_id": converted,
                    "converted_at": converted_at,
                    "property_types": json.dumps(prefs["property_types"]),
                }
            )
        )
        for number in phones:
            out["lead_phone"].append(
                spec["lead_phone"].row(
                    {
                        "office_id": office_id,
                        "record_id": lid,
                        "label": "mobile",
                        "number": number,
                        "is_primary": True,
                        **stamps,
                    }
                )
            )
        for email in emails:
            out["lead_email"].append(
                spec["lead_email"].row(
                    {
                        "office_id": office_id,
                        "record_id": lid,
                        "label": "personal",
                        "email": email,
                        "is_primary": True,
                        **stamps,
                    }
                )
            )
    return out


def build_relations(chunk: int) -> dict[str, list]:
    from estatedesk.contacts.models import Relation

    ctx = CTX
    rng = random.Random(f"{ctx.seed}:relations:{chunk}")
    spec = ctx.specs
    total = ctx.size // 50
    out: dict[str, list] = {"relation": [], "relation_phone": [], "relation_email": []}
    out["person"] = []
    first_id = chunk * CHUNK + 1
    for rid in range(first_id, min(first_id + CHUNK, total + 1)):
        office = _office_index(rng.random())
        office_id = ctx.offices[office]
        name = f"{rng.choice(ctx.pools.locale(rng).companies)} {rid}"
        city = rng.choice(ctx.pools.nl_cities)[0]
        phones = [mobile(rng, "NL")]
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:30] or "company"
        emails = [f"info@{slug}.example"]
        created = ctx.dt(ANCHOR - timedelta(days=rng.randrange(1, 3 * 365)))
        stamps = {"created_at": created, "updated_at": created}
        stub = _stub(Relation, name=name, legal_name="", city=city)
        out["relation"].append(
            spec["relation"].row(
                {
                    "id": rid,
                    "office_id": office_id,
                    "owner_id": rng.choice(ctx.users[office]),
                    "visibility": "office" if rng.random() < 0.8 else "personal",
                    "is_active": rng.random() < ACTIVE_SHARE,
                    **derived(Relation, stub, phones, emails),
                    **stamps,
                    "name": name,
                    "relation_type": rng.choices(RELATION_TYPES, weights=RELATION_TYPE_WEIGHTS)[0],
                    "city": city,
                    "country": "NL",
                    "website": f"https://{slug}.example/",
                    "source_id": _source(ctx, rng, office),
                }
            )
        )
        child = {"office_id": office_id, "record_id": rid, "label": "work", "is_primary": True}
        out["relation_phone"].append(
            spec["relation_phone"].row({**child, "number": phones[0], **stamps})
        )
        out["relation_email"].append(
            spec["relation_email"].row({**child, "email": emails[0], **stamps})
        )
        for i, contact in enumerate(rng.sample(ctx.office_contacts[office], 2)):
            out["person"].append(
                spec["person"].row(
                    {
                        "office_id": office_id,
                        "relation_id": rid,
                        "contact_id": contact,
                        "role": rng.choice(CONTACT_ROLES.split()),
                        "is_primary": i == 0,
                        **stamps,
                    }
                )
            )
    return out


ACTIVITY_KINDS = ("call", "email", "whatsapp", "note", "meeting", "sms", "appointment")
ACTIVITY_WEIGHTS = (35, 25, 15, 10, 8, 5, 2)
DIRECTED = {"call", "email", "whatsapp", "sms"}
CALL_OUTCOMES = ("connected", "no_answer", "voicemail", "busy")
SUBJECTS = {
    "call": ("Called about the viewing", "Follow-up call", "Asked about the asking price"),
    "email": ("Sent the brochure", "Mortgage documents", "Offer confirmation"),
    "whatsapp": ("Photos of the garden", "Running late", "Keys handed over"),
    "note": ("Prefers mornings", "Wants a second viewing", "Budget may go up"),
    "meeting": ("Intake at the office", "Valuation visit", "Contract signing"),
    "sms": ("Viewing reminder", "Call me back"),
    "appointment": ("Viewing", "Second viewing", "Notary"),
}
HEAVY_SHARE = 0.10  # of the activities, for the 1 % of contacts with a long history
LINK_ROLES = ("seller", "buyer", "owner", "tenant", "landlord", "interested", "viewed")
LINK_ROLE_WEIGHTS = (15, 15, 10, 10, 10, 30, 10)
PROPERTY_KINDS = ("apartment", "house", "villa", "land", "commercial", "parking", "other")
PROPERTY_KIND_WEIGHTS = (45, 30, 8, 5, 6, 4, 2)
PROPERTY_STATUSES = ("draft", "available", "under_offer", "sold", "let", "withdrawn")
PROPERTY_STATUS_WEIGHTS = (5, 45, 15, 20, 10, 5)


def build_activities(chunk: int) -> dict[str, list]:
    """2 × SIZE activities, each linked to one contact of its office (10 % of them to the 1 %
    of contacts with a long history), logged by a user of that office."""
    ctx = CTX
    rng = random.Random(f"{ctx.seed}:activities:{chunk}")
    spec = ctx.specs
    total = 2 * ctx.size
    out: dict[str, list] = {"activity": [], "activity_link": []}
    first_id = chunk * CHUNK + 1
    for aid in range(first_id, min(first_id + CHUNK, total + 1)):
        if rng.random() < HEAVY_SHARE:
            contact = 1 + rng.randrange(max(1, ctx.size // 100)) * 100  # every 100th contact
        else:
            contact = 1 + rng.randrange(ctx.size)
        office = ctx.contact_office[contact - 1]
        office_id = ctx.offices[office]
        kind = rng.choices(ACTIVITY_KINDS, weights=ACTIVITY_WEIGHTS)[0]
        occurred = ANCHOR - timedelta(minutes=rng.randrange(1, 2 * 365 * 24 * 60))
        stamps = {"office_id": office_id, "created_at": ctx.dt(occurred),
                  "updated_at": ctx.dt(occurred)}  # fmt: skip
        out["activity"].append(
            spec["activity"].row(
                {
                    "id": aid,
                    **stamps,
                    "kind": kind,
                    "direction": rng.choice(("out", "in")) if kind in DIRECTED else "",
                    "occurred_at": ctx.dt(occurred),
                    "subject": rng.choice(SUBJECTS[kind]),
                    "body": "",
                    "duration_minutes": rng.randint(1, 40) if kind == "call" else None,
                    "outcome": rng.choice(CALL_OUTCOMES) if kind == "call" else "",
                    "logged_by_id": rng.choice(ctx.users[office]),
                }
            )
        )
        out["activity_link"].append(
            spec["activity_link"].row({**stamps, "activity_id": aid, "contact_id": contact})
        )
    return out


def build_properties(chunk: int) -> dict[str, list]:
    """SIZE/20 properties, each linked to two contacts of its office with a role."""
    from estatedesk.properties import services as property_services
    from estatedesk.properties.models import Property

    ctx = CTX
    rng = random.Random(f"{ctx.seed}:properties:{chunk}")
    spec = ctx.specs
    total = ctx.size // 20
    out: dict[str, list] = {"property": [], "property_link": []}
    first_id = chunk * CHUNK + 1
    for pid in range(first_id, min(first_id + CHUNK, total + 1)):
        office = _office_index(rng.random())
        office_id = ctx.offices[office]
        city, _region = rng.choice(ctx.pools.nl_cities)
        reference = f"B{pid:07d}"
        street = rng.choice(ctx.pools.locale(rng).last)[1] + "straat"
        number = str(rng.randint(1, 250))
        postal = f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}" + rng.choice(
            "ABCDEFGHJKLMNPRSTVWXZ"
        )
        kind = rng.choices(PROPERTY_KINDS, weights=PROPERTY_KIND_WEIGHTS)[0]
        created = ctx.dt(ANCHOR - timedelta(days=rng.randrange(1, 3 * 365)))
        stamps = {"created_at": created, "updated_at": created}
        stub = _stub(Property, reference=reference, street=street, house_number=number,
                     postal_code=postal, city=city)  # fmt: skip
        out["property"].append(
            spec["property"].row(
                {
                    "id": pid,
                    "office_id": office_id,
                    "owner_id": rng.choice(ctx.users[office]),
                    "visibility": "office" if rng.random() < 0.8 else "personal",
                    "is_active": rng.random() < ACTIVE_SHARE,
                    "search_text": property_services.build_search_text(stub),
                    "sort_name": property_services.build_sort_name(stub),
                    **stamps,
                    "reference": reference,
                    "property_type": kind,
                    "listing_kind": "rent" if rng.random() < 0.25 else "sale",
                    "status": rng.choices(PROPERTY_STATUSES, weights=PROPERTY_STATUS_WEIGHTS)[0],
                    "street": street,
                    "house_number": number,
                    "postal_code": postal,
                    "city": city,
                    "country": "NL",
                    "asking_price": Decimal(rng.randrange(150, 2500) * 1000),
                    "living_area": Decimal(rng.randint(25, 400)),
                    "bedrooms": rng.randint(0, 6),
                    "bathrooms": rng.randint(1, 3),
                }
            )
        )
        for contact in rng.sample(ctx.office_contacts[office], 2):
            out["property_link"].append(
                spec["property_link"].row(
                    {
                        "office_id": office_id,
                        "property_id": pid,
                        "contact_id": contact,
                        "role": rng.choices(LINK_ROLES, weights=LINK_ROLE_WEIGHTS)[0],
                        **stamps,
                    }
                )
            )
    return out


# --- set-up through the services, then the bulk load -----------------------------------------


SHARED = "id office_id owner_id visibility is_active search_text created_at updated_at"
STAMPED = "office_id created_at updated_at"
# The columns each row supplies (attribute names); every other column gets its field default.
COLUMNS = {
    "category": ("Category", f"{STAMPED} id owner_id parent_id name position"),
    "contact": (
        "Contact",
        f"""{SHARED} custom_fields first_name last_name middle_name
        name_prefix nickname salutation gender date_of_birth nationality language street
        postal_code city region country employer job_title source_id last_contacted_at
        preferred_channel do_not_call marketing_consent marketing_consent_at
        marketing_consent_method""",
    ),
    "contact_phone": ("ContactPhone", f"{STAMPED} record_id label number is_primary"),
    "contact_email": ("ContactEmail", f"{STAMPED} record_id label email is_primary"),
    "link": ("ContactCategory", f"{STAMPED} record_id category_id"),
    "lead": (
        "Lead",
        f"""{SHARED} custom_fields first_name last_name company status
        lost_reason source_id urgency timeframe move_in_date message score score_reasons
        last_contacted_at converted_contact_id converted_at property_types locations budget_min
        budget_max area_min area_max bedrooms bathrooms""",
    ),
    "lead_phone": ("LeadPhone", f"{STAMPED} record_id label number is_primary"),
    "lead_email": ("LeadEmail", f"{STAMPED} record_id label email is_primary"),
    "relation": ("Relation", f"{SHARED} name relation_type city country website source_id"),
    "relation_phone": ("RelationPhone", f"{STAMPED} record_id label number is_primary"),
    "relation_email": ("RelationEmail", f"{STAMPED} record_id label email is_primary"),
    "person": ("ContactPerson", f"{STAMPED} relation_id contact_id role is_primary"),
    "activity": (
        "activities.Activity",
        f"""{STAMPED} id kind direction occurred_at subject body duration_minutes outcome
        logged_by_id""",
    ),
    "activity_link": ("activities.ActivityLink", f"{STAMPED} activity_id contact_id"),
    "property": (
        "properties.Property",
        f"""{SHARED} sort_name reference property_type listing_kind status street
        house_number postal_code city country asking_price living_area bedrooms bathrooms""",
    ),
    "property_link": ("properties.PropertyLink", f"{STAMPED} property_id contact_id role"),
}


def make_specs(connection) -> dict:
    from django.apps import apps

    from estatedesk.contacts import category_ids

    from .loader import table_spec

    specs = {}
    for key, (model_name, columns) in COLUMNS.items():
        if "." in model_name:
            model = apps.get_model(model_name)
        else:
            model = apps.get_model(
                "classification" if model_name == "Category" else "contacts", model_name
            )
        names = columns.split()
        if "search_text" in names and has_field(model, "sort_name") and "sort_name" not in names:
            names.append("sort_name")
        raw = ()
        if connection.vendor == "postgresql" and key == "contact":
            raw = (category_ids.COLUMN,)  # the links' mirror, written with the row
        specs[key] = table_spec(model, names, connection, raw)
    return specs


def create_offices_and_users(ctx: Context) -> None:
    """Ten offices with their default sources, 20 users each, custom field definitions."""
    from django.contrib.auth.hashers import make_password

    from estatedesk.accounts.choices import Role
    from estatedesk.accounts.models import User
    from estatedesk.accounts.services import office_create, user_create
    from estatedesk.classification.models import LeadSource
    from estatedesk.core.models import CustomField

    rng = random.Random(f"{ctx.seed}:users")
    cities = [c for c, _r in ctx.pools.nl_cities]
    for o in range(common.OFFICES):
        office = office_create(name=f"Bench Estates {cities[o % len(cities)]} {o + 1:02d}")
        ctx.offices.append(office.pk)
        users = []
        for u in range(common.USERS_PER_OFFICE):
            _loc, _g, first, prefix, last = _person(rng, ctx)
            email = (
                f"admin@office{o + 1:02d}.bench.example"
                if u == 0
                else (f"agent{u:02d}@office{o + 1:02d}.bench.example")
            )
            user = user_create(
                office=office,
                email=email,
                full_name=" ".join(p for p in (first, prefix, last) if p),
                role=Role.ADMIN if u == 0 else Role.AGENT,
            )
            users.append(user.pk)
        ctx.users.append(users)
        ctx.sources.append(
            list(
                LeadSource.objects.for_office(office.pk)
                .order_by("position")
                .values_list("pk", flat=True)
            )
        )
        for key, label, kind, choices in (
            ("budget_band", "Budget band", "choice", BUDGET_BANDS),
            ("newsletter", "Newsletter", "boolean", []),
            ("referral_code", "Referral code", "text", []),
        ):
            CustomField.objects.create(
                office=office,
                target="contact",
                key=key,
                label=label,
                field_type=kind,
                choices=choices,
                position=len(key),
            )
        CustomField.objects.create(
            office=office, target="lead", key="campaign", label="Campaign", field_type="text"
        )
    # One hash for all: PBKDF2 per user would cost minutes and measure nothing.
    User.objects.filter(office_id__in=ctx.offices).update(password=make_password(common.PASSWORD))


def category_rows(ctx: Context) -> list[tuple]:
    """Per user ~30 categories in three levels (3 tops × 3 children × 2 grandchildren)."""
    rng = random.Random(f"{ctx.seed}:categories")
    rows, next_id = [], 1
    created = ctx.dt(ANCHOR - timedelta(days=1000))
    spec = ctx.specs["category"]
    for o, users in enumerate(ctx.users):
        for user in users:
            ids = []

            def add(parent, name, position, office_id=ctx.offices[o], user=user, ids=ids):
                nonlocal next_id
                rows.append(
                    spec.row(
                        {
                            "id": next_id,
                            "office_id": office_id,
                            "owner_id": user,
                            "parent_id": parent,
                            "name": name,
                            "position": position,
                            "created_at": created,
                            "updated_at": created,
                        }
                    )
                )
                ids.append(next_id)
                next_id += 1
                return next_id - 1

            for t, top in enumerate(rng.sample(CATEGORY_TOPS.split("|"), 3)):
                top_id = add(None, top, t + 1)
                for c, mid in enumerate(rng.sample(CATEGORY_MIDS.split("|"), 3)):
                    mid_id = add(top_id, mid, c + 1)
                    for g, leaf in enumerate(rng.sample(CATEGORY_LEAVES.split("|"), 2)):
                        add(mid_id, leaf, g + 1)
            ctx.categories[user] = ids
    return rows


def assign_contact_offices(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:contact-offices")
    offices = bytes(_office_index(rng.random()) for _ in range(ctx.size))
    ctx.contact_office = offices
    per_office = [array("q") for _ in range(common.OFFICES)]
    for i, office in enumerate(offices):
        per_office[office].append(i + 1)
    ctx.office_contacts = per_office


LOADED_TABLES = (
    "category",
    "contact",
    "contact_phone",
    "contact_email",
    "link",
    "lead",
    "lead_phone",
    "lead_email",
    "relation",
    "relation_phone",
    "relation_email",
    "person",
    "activity",
    "activity_link",
    "property",
    "property_link",
)


def generate(t: common.Target, seed: int, jobs: int) -> dict:
    from django.db import connection, connections, transaction

    from estatedesk.activities.models import Activity, ActivityLink
    from estatedesk.classification.models import Category
    from estatedesk.contacts.models import Contact, Lead, Relation
    from estatedesk.properties.models import Property, PropertyLink

    from .loader import Loader

    global CTX
    started = time.perf_counter()
    check_phone_patterns()
    pools = build_pools(seed)
    progress(
        f"name pools: {sum(len(p.last) for p in pools.locales):,} surnames in "
        f"{len(pools.locales)} locales ({time.perf_counter() - started:.1f} s)"
    )
    ctx = Context(t.size, seed, connection.vendor, pools, make_specs(connection))
    create_offices_and_users(ctx)
    progress(
        f"offices and users: {common.OFFICES} × {common.USERS_PER_OFFICE} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    categories = category_rows(ctx)
    assign_contact_offices(ctx)
    CTX = ctx
    connections.close_all()  # the workers fork next: they must not share a connection

    pool = None
    if jobs > 1:
        pool = multiprocessing.get_context("fork").Pool(jobs)

    def chunks(builder, total):
        numbers = range((total + CHUNK - 1) // CHUNK)
        return pool.imap(builder, numbers) if pool else map(builder, numbers)

    loader = Loader(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pragma in (
                "journal_mode = OFF",
                "synchronous = OFF",
                "cache_size = -1000000",
                "temp_store = MEMORY",
            ):
                cursor.execute(f"PRAGMA {pragma}")
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            tables = [ctx.specs[k].table for k in LOADED_TABLES]
            loader.defer_constraints(tables)
            loader.insert(ctx.specs["category"], categories)
            for label, builder, total in (
                ("contacts", build_contacts, t.size),
                ("leads", build_leads, t.size // 5),
                ("relations", build_relations, t.size // 50),
                ("activities", build_activities, 2 * t.size),
                ("properties", build_properties, t.size // 20),
            ):
                phase = time.perf_counter()
                done = 0
                for part in chunks(builder, total):
                    for key, rows in part.items():
                        loader.insert(ctx.specs[key], rows)
                    done = min(done + CHUNK, total)
                    elapsed = time.perf_counter() - phase
                    progress(
                        f"{label}: {done:,}/{total:,} ({100 * done // max(total, 1)} %) "
                        f"{elapsed:.0f} s, {done / max(elapsed, 1e-9):,.0f}/s"
                    )
            if pool:
                pool.close()
                pool.join()
                pool = None
            phase = time.perf_counter()
            progress("indexes and constraints:")
            loader.restore_constraints(progress)
            progress(f"  ({time.perf_counter() - phase:.0f} s)")
            loader.reset_sequences(
                [Category, Contact, Lead, Relation, Activity, ActivityLink, Property, PropertyLink]
            )
            problem = verify_sample(ctx.seed, ctx.size)
            if problem:
                raise common.BenchError(f"generated data is not what the app stores: {problem}")
            progress("verified: sampled records are valid and as the app's services store them")
    finally:
        if pool:
            pool.terminate()
    phase = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA journal_mode = WAL")
        else:
            # VACUUM too: a table fresh from COPY has no visibility map, which autovacuum would
            # soon build on a real server; index-only scans need it.
            cursor.execute("VACUUM (ANALYZE)")
    progress(f"analyze: {time.perf_counter() - phase:.0f} s")
    counts = dict(sorted(loader.counts.items()))
    seconds = round(time.perf_counter() - started, 1)
    with transaction.atomic():
        common.write_marker(
            connection,
            {
                "size": str(t.size),
                "seed": str(seed),
                "version": str(common.GENERATOR_VERSION),
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "seconds": str(seconds),
                "jobs": str(jobs),
                "migrations": common.migration_hashes(),
                "counts": counts,
                "complete": "yes",
            },
        )
    return {"seconds": seconds, "counts": counts, "insert_seconds": loader.seconds}


def verify_sample(seed: int, size: int, samples: int = 100) -> str | None:
    """None when a sample of records is what the app itself would have stored, else why not.

    Each record must pass full_clean, keep its phones in E.164, and come out of the app's own
    `refresh_search_text` unchanged (so every column the app derives is filled as it would be).
    """
    from django.db import transaction

    from estatedesk.contacts import search_text as contact_search_text
    from estatedesk.contacts.models import Contact, Lead, Relation
    from estatedesk.contacts.phones import normalize_phone

    rng = random.Random(f"{seed}:verify")
    for model, total in ((Contact, size), (Lead, size // 5), (Relation, size // 50)):
        pks = rng.sample(range(1, total + 1), min(samples, total))
        records = list(model.objects.filter(pk__in=pks).prefetch_related("phones"))
        if len(records) != len(pks):
            return f"{model.__name__}: {len(pks) - len(records)} of the sampled rows are missing"
        fields = [f.attname for f in model._meta.concrete_fields]
        before = {r.pk: {f: getattr(r, f) for f in fields} for r in records}
        with transaction.atomic():
            for record in records:
                try:
                    record.full_clean(exclude=["search_text", "sort_name"])
                except Exception as exc:  # a ValidationError, usually: report, not crash
                    return f"{model.__name__} {record.pk} is not valid: {exc}"
                for phone in record.phones.all():
                    if normalize_phone(phone.number, "NL") != phone.number:
                        return f"{model.__name__} {record.pk}: phone {phone.number} not as stored"
                contact_search_text.refresh_search_text(record)
            after = model.objects.filter(pk__in=pks)
            for record in after:
                changed = [f for f in fields if getattr(record, f) != before[record.pk][f]]
                if changed:
                    return (
                        f"{model.__name__} {record.pk}: the app's refresh_search_text changes "
                        f"{', '.join(changed)} (bench/generate.py must fill it as the app does)"
                    )
            transaction.set_rollback(True)
    return verify_category_mirror(rng, size, samples) or verify_activities_and_properties(
        rng, size, samples
    )


def verify_category_mirror(rng: random.Random, size: int, samples: int) -> str | None:
    """PostgreSQL: sampled contacts carry exactly their links' category ids (the mirror the
    triggers keep, `contacts.category_ids`, written by the generator with the rows)."""
    from django.db import connection

    from estatedesk.contacts import category_ids

    if connection.vendor != "postgresql":
        return None
    pks = rng.sample(range(1, size + 1), min(samples, size))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT c.id FROM contacts_contact c WHERE c.id = ANY(%s) AND c.{category_ids.COLUMN}
            IS DISTINCT FROM COALESCE((SELECT array_agg(l.category_id ORDER BY l.category_id)
            FROM contacts_contactcategory l WHERE l.record_id = c.id), '{{}}')""",
            [pks],
        )
        wrong = [pk for (pk,) in cursor.fetchall()]
    return f"contacts {wrong[:5]}: category_ids differ from their links" if wrong else None


def verify_activities_and_properties(rng: random.Random, size: int, samples: int) -> str | None:
    """Sampled activities, properties and their links pass full_clean; a property's derived
    columns are what the app's own functions make of it."""
    from estatedesk.activities.models import Activity, ActivityLink
    from estatedesk.properties import services as property_services
    from estatedesk.properties.models import Property, PropertyLink

    for model, total in (
        (Activity, 2 * size),
        (Property, size // 20),
        (ActivityLink, 2 * size),
        (PropertyLink, size // 10),
    ):
        pks = rng.sample(range(1, total + 1), min(samples, total))
        records = list(model.objects.filter(pk__in=pks))
        if len(records) != len(pks):
            return f"{model.__name__}: {len(pks) - len(records)} of the sampled rows are missing"
        for record in records:
            try:
                record.full_clean(exclude=["search_text", "sort_name"])
            except Exception as exc:  # a ValidationError, usually: report, not crash
                return f"{model.__name__} {record.pk} is not valid: {exc}"
            if model is Property and (
                record.search_text != property_services.build_search_text(record)
                or record.sort_name != property_services.build_sort_name(record)
            ):
                return f"Property {record.pk}: search_text or sort_name not as the app makes them"
    return None


def reusable(t: common.Target, seed: int) -> bool:
    """A complete data set of this size and seed whose migrations were not edited since.

    New migrations are fine (`migrate` applies them); an edited or removed one means the
    schema the data was loaded into is not the one the code expects.
    """
    marker = common.read_marker(t)
    if not common.marker_matches(marker, t.size, seed):
        return False
    stored = json.loads(marker.get("migrations", "null")) or {"(not recorded)": ""}
    now = common.migration_hashes()
    edited = sorted(path for path, digest in stored.items() if now.get(path) != digest)
    if edited:
        progress(f"{t.label} {t.name}: migrations changed since it was made ({edited[0]} …)")
        return False
    progress(
        f"{t.label} {t.name}: reusing the data set generated {marker['generated_at']} "
        f"in {marker['seconds']} s (--force makes it again)"
    )
    return True


def recreate(t: common.Target) -> None:
    if t.db == "sqlite":
        common.DATA_DIR.mkdir(parents=True, exist_ok=True)
        for path in Path(t.name).parent.glob(Path(t.name).name + "*"):
            path.unlink()
    else:
        common.pg_recreate_database(t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="contacts (default 100000)")
    parser.add_argument("--seed", type=int, default=common.SEED)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--force", action="store_true", help="generate even if it exists")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes building rows (the data does not depend on it)",
    )
    args = parser.parse_args(argv)
    if args.size < 500:
        parser.error("--size must be at least 500")
    try:
        t = common.target(args.db, args.size)
        if t.db == "postgres":
            common.ensure_postgres(t)
        if not args.force and reusable(t, args.seed):
            applied = common.migrate(t)
            common.setup_django(t)
            from django.db import connection, connections

            problem = verify_sample(args.seed, args.size)
            if problem is None:
                if applied:  # new indexes need statistics
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                return 0
            progress(f"the data set is stale, making it again: {problem}")
            connections.close_all()
        recreate(t)
        common.migrate(t)
        common.setup_django(t)
        progress(
            f"generating {args.size:,} contacts into {t.label} {t.name} "
            f"(seed {args.seed}, {args.jobs} job(s))"
        )
        result = generate(t, args.seed, args.jobs)
    except common.BenchError as exc:
        print(f"bench.generate: {exc}", file=sys.stderr)
        return 2
    rows = sum(result["counts"].values())
    progress(f"done: {rows:,} rows in {result['seconds']:.0f} s")
    for table, n in result["counts"].items():
        progress(f"  {table}: {n:,} rows, {result['insert_seconds'][table]:.1f} s inserting")
    return 0


if __name__ == "__main__":
    sys.exit(main())
