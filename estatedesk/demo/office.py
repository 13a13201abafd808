"""The demo office: an administrator, two agents and a few hundred realistic records.

Everything is made from one seed (a `random.Random` and seeded Faker instances), and through
the same services the application uses, so the records are valid and searchable. Only dates
move with the day the demo is loaded. E-mail addresses and websites use reserved example
domains, so that nothing in the demo can reach a real mailbox.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import phonenumbers
from django.db import transaction
from django.utils import timezone
from faker import Faker

from estatedesk.accounts import services as account_services
from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User
from estatedesk.classification.models import Category, LeadSource
from estatedesk.classification.services import category_create
from estatedesk.contacts.choices import (
    Channel,
    CommissionType,
    ConsentMethod,
    ContactRole,
    Gender,
    IdDocumentType,
    LeadStatus,
    MaritalStatus,
    PropertyType,
    RelationType,
    Salutation,
    Timeframe,
    Urgency,
)
from estatedesk.contacts.conversion import lead_convert
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.contacts.services import (
    EmailIn,
    PhoneIn,
    contact_person_add,
    record_save,
    record_set_categories,
)
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField, CustomFieldTarget, CustomFieldType

from . import activities as activities_demo
from . import deals as deals_demo
from . import portal as portal_demo
from . import properties as properties_demo

DEMO_OFFICE = "Demo Estates Amsterdam"
PASSWORD = "estatedesk-demo"  # noqa: S105 - a published demo password, never used in production
LOGINS = [
    ("admin@demo.estatedesk.test", "office administrator"),
    ("anna@demo.estatedesk.test", "agent"),
    ("bram@demo.estatedesk.test", "agent"),
]

# About 300 records: ~120 contacts (clients, contact persons of relations and converted leads),
# ~120 leads and 40 relations of every type.
CLIENT_CONTACTS = 52
LEADS = 111
CONVERTED_LEADS = 6
MERGE_OFFER_LEADS = 3
RELATIONS_BY_TYPE = {
    RelationType.DEVELOPER: 7,
    RelationType.AGENCY: 6,
    RelationType.BANK: 5,
    RelationType.VENDOR: 13,
    RelationType.COMPETITOR: 3,
    RelationType.SPONSOR: 3,
    RelationType.OTHER: 3,
}

# Who people are: (Faker locale, nationality, language, weight).
LOCALES = [
    ("nl_NL", "NL", "nl", 50),
    ("en_GB", "GB", "en", 16),
    ("de_DE", "DE", "de", 14),
    ("fr_FR", "FR", "fr", 10),
    ("es_ES", "ES", "es", 10),
]
# The first digits of a mobile national number, per country: the rest is drawn and validated.
MOBILE_PREFIXES = {"NL": ["6"], "GB": ["74", "75", "77", "78", "79"], "DE": ["151", "160", "170",
                   "172", "176"], "FR": ["6", "7"], "ES": ["6"]}  # fmt: skip


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    latitude: float
    longitude: float
    postcodes: tuple[int, int]
    streets: tuple[str, ...]
    area_code: str


PLACES = [
    Place("Amsterdam", "Noord-Holland", 52.3676, 4.9041, (1011, 1109), (
        "Prinsengracht", "Ceintuurbaan", "Van Baerlestraat", "Overtoom", "Javastraat",
        "Kinkerstraat", "Czaar Peterstraat", "Haarlemmerdijk", "Plantage Middenlaan",
        "Jan Pieter Heijestraat", "Linnaeusstraat", "Beethovenstraat",
    ), "20"),
    Place("Amstelveen", "Noord-Holland", 52.3114, 4.8701, (1181, 1189), (
        "Bovenkerkerweg", "Keizer Karelweg", "Van der Hooplaan", "Rembrandtweg",
    ), "20"),
    Place("Utrecht", "Utrecht", 52.0907, 5.1214, (3511, 3585), (
        "Oudegracht", "Biltstraat", "Amsterdamsestraatweg", "Twijnstraat", "Nachtegaalstraat",
        "Burgemeester Reigerstraat", "Kanaalstraat", "Maliesingel",
    ), "30"),
    Place("Zeist", "Utrecht", 52.0894, 5.2317, (3701, 3709), (
        "Slotlaan", "Utrechtseweg", "Laan van Vollenhove",
    ), "30"),
    Place("Rotterdam", "Zuid-Holland", 51.9225, 4.4792, (3011, 3089), (
        "Coolsingel", "Witte de Withstraat", "Nieuwe Binnenweg", "Oostzeedijk",
        "Kralingse Plaslaan", "Bergweg", "Mathenesserlaan", "Straatweg",
    ), "10"),
    Place("Schiedam", "Zuid-Holland", 51.9192, 4.3989, (3111, 3125), (
        "Lange Haven", "Broersvest", "Nieuwe Damlaan",
    ), "10"),
]  # fmt: skip
PLACE_WEIGHTS = [40, 8, 22, 5, 20, 5]

AREAS = [
    "Amsterdam-Zuid", "De Pijp", "Jordaan", "Oud-West", "IJburg", "Amsterdam-Oost",
    "Amstelveen", "Haarlem", "Utrecht Centrum", "Wittevrouwen", "Leidsche Rijn", "Zeist",
    "Amersfoort", "Rotterdam Kralingen", "Hillegersberg", "Kop van Zuid", "Delft", "Schiedam",
]  # fmt: skip
LOST_REASONS = [
    "Bought through another agency",
    "Budget too low for the areas wanted",
    "No answer after three follow-ups",
    "Decided to rent instead of buying",
    "Mortgage application was declined",
    "Moving abroad after all",
    "Chose a new-build project elsewhere",
]
LEAD_MESSAGES = [
    "I saw the apartment on {street} online and would like to plan a viewing.",
    "We are looking for a family home with a garden, preferably close to good schools.",
    "Relocating to the Netherlands for work in the spring; looking for something to rent "
    "first, then to buy.",
    "Please call me back about the valuation of my current house.",
    "Interested in new-build projects; we would like to be kept informed.",
    "Looking for an investment property with a sitting tenant.",
    "",
]
CONTACT_NOTES = [
    "Wants to downsize now that the children have left home.",
    "Prefers to be called after 18:00.",
    "Sold their apartment through us in 2023; now looking for a house with a garden.",
    "Owns two rental flats; open to selling one of them.",
    "Referred by a former client.",
    "",
    "",
]
RELATION_NAMES: dict[str, list[str]] = {
    RelationType.DEVELOPER: ["{last} Projectontwikkeling", "{city} Vastgoed Ontwikkeling",
                             "Bouwfonds {last}", "{last} & Zonen Bouw"],
    RelationType.AGENCY: ["{last} Makelaardij", "{city} Relocation Services",
                          "{last} Expat Housing"],
    RelationType.BANK: ["Hollandsche Hypotheekbank {city}", "{city}se Spaarbank",
                        "{last} Hypotheken"],
    RelationType.VENDOR: ["{last} Notarissen", "Verhuisbedrijf {last}",
                          "{last} Installatietechniek", "Fotostudio {last}",
                          "{last} Bouwkundig Advies", "{last} Schilders",
                          "{last} Styling & Staging", "Hoveniersbedrijf {last}"],
    RelationType.COMPETITOR: ["{last} & Partners Makelaars", "{city} Woningmakelaars"],
    RelationType.SPONSOR: ["Sportclub {city}", "Stichting {city} Jazz", "Hockeyclub {last}"],
    RelationType.OTHER: ["VvE {street}", "Woningcorporatie {city}", "Gemeente {city}, Wonen"],
}  # fmt: skip
ROLES_BY_TYPE: dict[str, list[str]] = {
    RelationType.DEVELOPER: [ContactRole.PROJECT_MANAGER, ContactRole.SALES_MANAGER,
                             ContactRole.DIRECTOR],
    RelationType.AGENCY: [ContactRole.DIRECTOR, ContactRole.ACCOUNT_MANAGER, ContactRole.SUPPORT],
    RelationType.BANK: [ContactRole.ACCOUNT_MANAGER, ContactRole.FINANCE, ContactRole.LEGAL],
    RelationType.VENDOR: [ContactRole.DIRECTOR, ContactRole.SUPPORT, ContactRole.FINANCE],
    RelationType.COMPETITOR: [ContactRole.DIRECTOR, ContactRole.SALES_MANAGER],
    RelationType.SPONSOR: [ContactRole.DIRECTOR, ContactRole.OTHER],
    RelationType.OTHER: [ContactRole.OTHER, ContactRole.FINANCE, ContactRole.SUPPORT],
}  # fmt: skip

# Each user's tree: (name, the record kinds filed in it, children).
TREES = {
    "admin": [
        ("Approved suppliers", {"relation"}, [
            ("Notaries", {"relation"}, []),
            ("Mortgage advisers", {"relation"}, []),
            ("Contractors", {"relation"}, [("Plumbers & electricians", {"relation"}, [])]),
        ]),
        ("Partners", {"relation"}, [
            ("Developers", {"relation"}, []),
            ("Banks", {"relation"}, []),
        ]),
        ("Key clients", {"contact"}, []),
        ("Office follow-up", {"lead", "contact"}, []),
    ],
    "anna": [
        ("Buyers", {"lead"}, [
            ("Hot", {"lead"}, [("Viewing planned", {"lead"}, [])]),
            ("Cold", {"lead"}, []),
        ]),
        ("Sellers", {"contact", "lead"}, []),
        ("Investors", {"contact"}, []),
        ("Bond application", {"contact"}, [
            ("Documents requested", {"contact"}, []),
            ("Submitted to bank", {"contact"}, []),
            ("Approved", {"contact"}, []),
        ]),
        ("Approved suppliers", {"relation"}, []),
    ],
    "bram": [
        ("Leads", {"lead"}, [
            ("Hot leads", {"lead"}, [("Call this week", {"lead"}, [])]),
            ("Cold leads", {"lead"}, []),
        ]),
        ("Landlords", {"contact"}, []),
        ("Tenants", {"contact"}, [
            ("Expats", {"contact"}, []),
            ("Students", {"contact"}, []),
        ]),
        ("Approved suppliers", {"relation"}, [
            ("Movers", {"relation"}, []),
            ("Stagers", {"relation"}, []),
        ]),
    ],
}  # fmt: skip

VIEWING_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
CUSTOM_FIELDS = [
    (CustomFieldTarget.CONTACT, "mortgage_approved", "Mortgage approved",
     CustomFieldType.BOOLEAN, []),
    (CustomFieldTarget.CONTACT, "preferred_viewing_day", "Preferred viewing day",
     CustomFieldType.CHOICE, VIEWING_DAYS),
    (CustomFieldTarget.LEAD, "campaign_code", "Campaign code", CustomFieldType.TEXT, []),
    (CustomFieldTarget.RELATION, "preferred_supplier", "Preferred supplier",
     CustomFieldType.BOOLEAN, []),
]  # fmt: skip
CAMPAIGN_CODES = ["SPRING-AMS-26", "EXPAT-FAIR-25", "FUNDA-BOOST-26", "NEWBUILD-UTR-25"]


def load(*, seed: int = 2026) -> str:
    """Create the demo office unless it exists; returns what was made ("" if nothing).

    The portal's services e-mail clients and agents once the transaction commits: those
    e-mails are discarded (the commit happens inside the block)."""
    with portal_demo.outgoing_mail_discarded():
        return _load(seed=seed)


@transaction.atomic
def _load(*, seed: int) -> str:
    if Office.objects.filter(name=DEMO_OFFICE).exists():
        return ""
    office = account_services.office_create(
        name=DEMO_OFFICE, country="NL", phone_region="NL", currency="EUR",
        timezone="Europe/Amsterdam", language="en",
    )  # fmt: skip
    names = ["Ada de Vries", "Anna Jansen", "Bram Bakker"]
    roles = [Role.ADMIN, Role.AGENT, Role.AGENT]
    users = [
        account_services.user_create(
            office=office, email=email, full_name=name, role=role, password=PASSWORD
        )
        for (email, _label), name, role in zip(LOGINS, names, roles, strict=True)
    ]
    made = _DemoData(office=office, users=users, seed=seed).make()
    # Timelines and tasks, through the activities app's services.
    history = activities_demo.load(office=office, users=users, seed=seed)
    # Properties, projects and their people, then deals on them (their apps' services).
    estate = properties_demo.load(office=office, users=users, seed=seed)
    deals = deals_demo.load(office=office, users=users, seed=seed)
    # A buyer and a seller with client portal logins, offers, reactions, messages and viewings
    # (the portal app's services).
    portal = portal_demo.load(office=office, users=users, password=PASSWORD)
    return (
        f"{office.name} with {len(users)} users, {made['categories']} categories, "
        f"{made['leads']} leads, {made['contacts']} contacts and {made['relations']} relations, "
        f"{history['activities']} activities and {history['tasks']} tasks, "
        f"{estate['properties']} properties in {estate['projects']} projects, "
        f"{deals['deals']} deals, "
        f"{portal['portal_clients']} portal clients with {portal['offers']} offers"
    )


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _split_prefix(last_name: str) -> tuple[str, str]:
    """Dutch surnames file under the name after the prefix: ("van der", "Plas")."""
    words = last_name.split()
    prefix = []
    while len(words) > 1 and words[0] in {"van", "de", "der", "den", "het", "ter", "ten", "te"}:
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


class _DemoData:
    """Builds the records of the demo office from one seed."""

    def __init__(self, *, office: Office, users: list[User], seed: int) -> None:
        self.office = office
        self.admin, self.anna, self.bram = users
        self.users = users
        self.rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same demo every time
        self.fakers: dict[str, Faker] = {}
        for i, (locale, *_rest) in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed * 10 + i)
            self.fakers[locale] = fake
        self.sources = list(LeadSource.objects.for_office(office.pk))
        self.today = timezone.localdate()
        self.used_emails: set[str] = set()
        self.used_phones: set[str] = set()
        self.categories: dict[int, list[tuple[Category, set[str]]]] = {}

    # --- the whole office --------------------------------------------------------------------

    def make(self) -> dict[str, int]:
        self.make_custom_fields()
        for key, user in zip(("admin", "anna", "bram"), self.users, strict=True):
            self.categories[user.pk] = []
            self.make_tree(user, TREES[key], parent=None)
        clients = [self.make_client_contact() for _ in range(CLIENT_CONTACTS)]
        for relation_type, count in RELATIONS_BY_TYPE.items():
            for _ in range(count):
                self.make_relation(relation_type)
        for _ in range(LEADS):
            self.make_lead()
        for _ in range(CONVERTED_LEADS):
            lead = self.make_lead(status=self.rng.choice(["qualified", "negotiating"]))
            owner = self.user(lead.owner_id)
            lead_convert(lead=lead, actor=owner)
        shared = [c for c in clients if c.visibility == Visibility.OFFICE and c.is_active]
        for i, contact in enumerate(self.rng.sample(shared, MERGE_OFFER_LEADS)):
            self.make_lead_matching(contact, owner=self.users[1 + i % 2])
        return {
            "categories": Category.objects.filter(office=self.office).count(),
            "leads": Lead.objects.filter(office=self.office).count(),
            "contacts": Contact.objects.filter(office=self.office).count(),
            "relations": Relation.objects.filter(office=self.office).count(),
        }

    def make_custom_fields(self) -> None:
        for position, (target, key, label, field_type, choices) in enumerate(CUSTOM_FIELDS):
            CustomField.objects.create(
                office=self.office, target=target, key=key, label=label,
                field_type=field_type, choices=choices, position=position,
            )  # fmt: skip

    def make_tree(self, user: User, specs: list, parent: Category | None) -> None:
        for name, kinds, children in specs:
            category = category_create(actor=user, name=name, parent=parent)
            self.categories[user.pk].append((category, kinds))
            self.make_tree(user, children, parent=category)

    # --- shared parts of every record ----------------------------------------------------------

    def user(self, pk: int) -> User:
        return next(u for u in self.users if u.pk == pk)

    def owner(self, weights: tuple[int, int, int] = (2, 4, 4)) -> User:
        """Agents own most records; the administrator some (more of the business partners)."""
        return self.rng.choices(self.users, weights=weights)[0]

    def shared_fields(self, record, owner: User, *, personal_share: float = 1 / 3) -> None:
        """Owner, visibility, active flag and source, as an office spreads them."""
        record.owner = owner
        personal = self.rng.random() < personal_share
        record.visibility = Visibility.PERSONAL if personal else Visibility.OFFICE
        record.is_active = self.rng.random() >= 0.1
        record.source = self.rng.choices(self.sources, weights=[35, 20, 15, 15, 15])[0]

    def categories_for(self, owner: User, kind: str) -> list[Category]:
        """Most records sit in one or two of their owner's categories meant for their kind."""
        fitting = [c for c, kinds in self.categories[owner.pk] if kind in kinds]
        if not fitting or self.rng.random() < 0.25:
            return []
        return self.rng.sample(fitting, k=min(len(fitting), self.rng.choice([1, 1, 2])))

    def file_for_colleague(self, record, kind: str) -> None:
        """Office records are also filed by a colleague, in the colleague's own tree."""
        if record.visibility != Visibility.OFFICE or self.rng.random() >= 0.2:
            return
        colleague = self.rng.choice([u for u in self.users if u.pk != record.owner_id])
        categories = self.categories_for(colleague, kind)
        if categories:
            record_set_categories(record=record, actor=colleague, categories=categories)

    def backdate(self, record, max_days: int = 540) -> None:
        """Spread creation over the last months, as a real office's database has it."""
        created = timezone.now() - timedelta(
            days=self.rng.randint(1, max_days), minutes=self.rng.randint(0, 24 * 60)
        )
        type(record).objects.filter(pk=record.pk).update(created_at=created)
        record.created_at = created

    def recently(self, share: float = 0.6):
        if self.rng.random() >= share:
            return None
        return timezone.now() - timedelta(
            days=self.rng.randint(0, 120), hours=self.rng.randint(0, 23)
        )

    def locale(self) -> tuple[Faker, str, str]:
        locale, nationality, language, _weight = self.rng.choices(
            LOCALES, weights=[w for *_x, w in LOCALES]
        )[0]
        return self.fakers[locale], nationality, language

    # --- phones, e-mails, addresses ------------------------------------------------------------

    def phone(self, region: str, kind: str = "mobile") -> str:
        """A number valid for the region: a mobile, or a landline in the given NL area code."""
        for _attempt in range(200):
            if kind == "mobile":
                example = phonenumbers.example_number_for_type(
                    region, phonenumbers.PhoneNumberType.MOBILE
                )
                assert example is not None  # every region of MOBILE_PREFIXES has mobiles
                length = len(str(example.national_number))
                prefix = self.rng.choice(MOBILE_PREFIXES[region])
                country_code = example.country_code
            else:
                prefix, length, country_code = kind, 9, 31
            digits = prefix + "".join(
                self.rng.choice("0123456789") for _ in range(length - len(prefix))
            )
            number = phonenumbers.parse(f"+{country_code}{digits}")
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            mobile_types = (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            if kind == "mobile" and phonenumbers.number_type(number) not in mobile_types:
                continue  # e.g. +31 66…: valid, but pagers, not mobiles
            if phonenumbers.is_valid_number(number) and e164 not in self.used_phones:
                self.used_phones.add(e164)
                return e164
        raise RuntimeError(f"no valid {kind} number for {region}")  # pragma: no cover

    def email(self, first: str, last: str, domain: str) -> str:
        first, last = _ascii(first), _ascii(last)
        local = self.rng.choice(
            [f"{first}.{last}", f"{first[:1]}{last}", f"{first}{last[:1]}", f"{first}_{last}"]
        )
        address = f"{local}@{domain}"
        n = 2
        while address in self.used_emails:
            address = f"{local}{n}@{domain}"
            n += 1
        self.used_emails.add(address)
        return address

    def personal_domain(self) -> str:
        return self.rng.choice(["example.com", "example.net", "example.org", "mail.example"])

    def person_contact_details(
        self, first: str, last: str, region: str, *, work_domain: str | None = None
    ) -> tuple[list[PhoneIn], list[EmailIn]]:
        """1–2 phones and 1–2 e-mails: a mobile first, perhaps a home, work or foreign one."""
        home_region = region if region in MOBILE_PREFIXES else "NL"
        phones = [PhoneIn(self.phone("NL" if self.rng.random() < 0.8 else home_region))]
        if self.rng.random() < 0.45:
            if work_domain:
                phones.append(PhoneIn(self.phone("NL", self.place().area_code), label="work"))
            elif home_region != "NL":
                phones.append(PhoneIn(self.phone(home_region), label="whatsapp"))
            else:
                phones.append(PhoneIn(self.phone("NL", self.place().area_code), label="home"))
        emails = []
        if work_domain:
            emails.append(EmailIn(self.email(first, last, work_domain), label="work"))
        if not work_domain or self.rng.random() < 0.4:
            emails.append(EmailIn(self.email(first, last, self.personal_domain())))
        return phones, emails

    def place(self) -> Place:
        return self.rng.choices(PLACES, weights=PLACE_WEIGHTS)[0]

    def address(self, record) -> None:
        place = self.place()
        letters = "".join(self.rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
        record.street = f"{self.rng.choice(place.streets)} {self.rng.randint(1, 240)}"
        if self.rng.random() < 0.2:
            record.street += self.rng.choice(["-A", "-B", " hs", "-2", "-3"])
        record.postal_code = f"{self.rng.randint(*place.postcodes)} {letters}"
        record.city = place.city
        record.region = place.region
        record.country = "NL"
        record.latitude = Decimal(str(round(place.latitude + self.rng.uniform(-0.02, 0.02), 6)))
        record.longitude = Decimal(str(round(place.longitude + self.rng.uniform(-0.03, 0.03), 6)))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    # --- contacts ----------------------------------------------------------------------------

    def make_client_contact(self) -> Contact:
        fake, nationality, language = self.locale()
        owner = self.owner()
        contact = self.person(fake, nationality, language)
        self.shared_fields(contact, owner)
        self.address(contact)
        contact.occupation = fake.job()[:100]
        contact.employer = fake.company()[:200] if self.rng.random() < 0.6 else ""
        contact.annual_income = (
            Decimal(self.rng.randrange(32_000, 180_000, 500)) if self.rng.random() < 0.5 else None
        )
        contact.marital_status = self.rng.choice([*MaritalStatus.values, ""])
        if self.rng.random() < 0.4:
            contact.id_document_type = self.rng.choice(
                [IdDocumentType.PASSPORT, IdDocumentType.ID_CARD]
            )
            contact.id_document_number = "".join(
                self.rng.choice("ABCDEFGHJKLNPRSTUVWXYZ0123456789") for _ in range(9)
            )
            contact.id_document_expiry = self.today + timedelta(days=self.rng.randint(60, 3600))
        contact.notes = self.rng.choice(CONTACT_NOTES)
        phones, emails = self.person_contact_details(
            contact.first_name, contact.last_name, nationality
        )
        custom: dict = {}
        if self.rng.random() < 0.4:
            custom["mortgage_approved"] = self.rng.random() < 0.6
        if self.rng.random() < 0.35:
            custom["preferred_viewing_day"] = self.rng.choice(VIEWING_DAYS)
        record_save(
            record=contact, actor=owner, phones=phones, emails=emails,
            categories=self.categories_for(owner, "contact"), custom_fields=custom,
        )  # fmt: skip
        self.file_for_colleague(contact, "contact")
        self.backdate(contact)
        return contact

    def person(self, fake: Faker, nationality: str, language: str) -> Contact:
        """A contact with the personal fields of someone from `fake`'s country."""
        gender = self.rng.choices([Gender.FEMALE, Gender.MALE, Gender.UNDISCLOSED], [48, 48, 4])[0]
        first = fake.first_name_male() if gender == Gender.MALE else fake.first_name_female()
        prefix, last = _split_prefix(fake.last_name())
        salutation = {Gender.MALE: Salutation.MR, Gender.FEMALE: Salutation.MRS}.get(gender, "")
        contact = Contact(
            first_name=first,
            last_name=last,
            name_prefix=prefix,
            gender=gender,
            salutation=salutation if self.rng.random() < 0.9 else Salutation.DR,
            date_of_birth=fake.date_of_birth(minimum_age=24, maximum_age=78),
            place_of_birth=fake.city()[:100] if self.rng.random() < 0.5 else "",
            nationality=nationality,
            language=language,
            preferred_channel=self.rng.choice(Channel.values),
            do_not_call=self.rng.random() < 0.05,
            do_not_email=self.rng.random() < 0.04,
            do_not_sms=self.rng.random() < 0.08,
            last_contacted_at=self.recently(),
        )
        if nationality == "GB" and self.rng.random() < 0.3:
            contact.middle_name = fake.first_name()
        if self.rng.random() < 0.1:
            contact.title = self.rng.choice(["MSc", "PhD", "MBA", "LLM"])
        if self.rng.random() < 0.5:
            contact.marketing_consent = True
            contact.marketing_consent_at = timezone.now() - timedelta(days=self.rng.randint(5, 700))
            contact.marketing_consent_method = self.rng.choice(ConsentMethod.values)
        return contact

    # --- relations and their contact persons ---------------------------------------------------

    def make_relation(self, relation_type: str) -> Relation:
        owner = self.owner(weights=(4, 3, 3))
        fake = self.fakers["nl_NL"]
        place = self.place()
        name = self.relation_name(relation_type, fake, place)
        domain = f"{_slug(name)}.example"
        relation = Relation(
            name=name,
            relation_type=relation_type,
            legal_name=f"{name} B.V." if relation_type != RelationType.SPONSOR else "",
            registration_number=f"{self.rng.randint(10_000_000, 99_999_999)}",
            vat_number=f"NL{self.rng.randint(100_000_000, 999_999_999)}B01",
            industry=str(RelationType(relation_type).label),
            website=f"https://www.{domain}/",
            payment_terms_days=self.rng.choice([14, 30, 30, 60, None]),
            notes=self.rng.choice(["", "", "Annual review of the agreement in January.",
                                   "Ask for the project brochure before each launch."]),
        )  # fmt: skip
        self.shared_fields(relation, owner, personal_share=0.15)
        self.address(relation)
        if relation_type in (RelationType.DEVELOPER, RelationType.AGENCY, RelationType.BANK):
            if self.rng.random() < 0.6:
                relation.commission_type = CommissionType.PERCENTAGE
                relation.commission_rate = Decimal(
                    self.rng.choice(["1.00", "1.25", "1.50", "2.00"])
                )
            else:
                relation.commission_type = CommissionType.FIXED
                relation.commission_amount = Decimal(self.rng.randrange(750, 5000, 250))
            relation.commission_notes = "Paid within 30 days of the notarial transfer."
            start = self.days_ago(60, 900)
            relation.contract_reference = f"AGR-{start.year}-{self.rng.randint(1, 99):03d}"
            relation.contract_start = start
            relation.contract_end = start + timedelta(days=self.rng.choice([365, 730, 1095]))
        if relation_type == RelationType.VENDOR:
            relation.credit_limit = Decimal(self.rng.randrange(2_500, 25_000, 500))
        phones = [PhoneIn(self.phone("NL", place.area_code), label="work")]
        emails = [EmailIn(f"info@{domain}", label="work")]
        custom = {}
        if relation_type == RelationType.VENDOR and self.rng.random() < 0.6:
            custom["preferred_supplier"] = self.rng.random() < 0.7
        record_save(
            record=relation, actor=owner, phones=phones, emails=emails,
            categories=self.categories_for(owner, "relation"), custom_fields=custom,
        )  # fmt: skip
        self.file_for_colleague(relation, "relation")
        self.backdate(relation, max_days=900)
        roles = ROLES_BY_TYPE[relation_type]
        for i in range(self.rng.choices([1, 2, 3], weights=[55, 30, 15])[0]):
            person = self.make_contact_person(relation, domain)
            contact_person_add(
                relation=relation, contact=person, actor=owner, role=roles[i % len(roles)],
                role_note=self.rng.choice(["", "", "Since 2021", "Part-time, Mon–Wed"]),
                is_primary=i == 0,
            )  # fmt: skip
        return relation

    def relation_name(self, relation_type: str, fake: Faker, place: Place) -> str:
        while True:
            _prefix, last = _split_prefix(fake.last_name())
            name = self.rng.choice(RELATION_NAMES[relation_type]).format(
                last=last, city=place.city, street=self.rng.choice(place.streets)
            )
            if not Relation.objects.filter(office=self.office, name=name).exists():
                return name

    def make_contact_person(self, relation: Relation, domain: str) -> Contact:
        """Someone who works at the relation: owned and shared like the relation itself."""
        fake, nationality, language = self.fakers["nl_NL"], "NL", "nl"
        if self.rng.random() < 0.2:
            fake, nationality, language = self.locale()
        owner = self.user(relation.owner_id)
        contact = self.person(fake, nationality, language)
        contact.owner = owner
        contact.visibility = relation.visibility
        # People of an inactive relation are often inactive too; a few others have left.
        contact.is_active = self.rng.random() >= (0.5 if not relation.is_active else 0.04)
        contact.source = relation.source
        contact.employer = relation.name
        contact.job_title = fake.job()[:100]
        contact.industry = relation.get_relation_type_display()
        self.address(contact)
        phones, emails = self.person_contact_details(
            contact.first_name, contact.last_name, nationality, work_domain=domain
        )
        record_save(record=contact, actor=owner, phones=phones, emails=emails)
        self.backdate(contact, max_days=900)
        return contact

    # --- leads -------------------------------------------------------------------------------

    def make_lead(self, status: str | None = None) -> Lead:
        fake, nationality, _language = self.locale()
        owner = self.owner()
        if status is None:
            # Won leads are the converted ones (see `make`).
            statuses = [LeadStatus.PROSPECT, LeadStatus.QUALIFIED, LeadStatus.NEGOTIATING,
                        LeadStatus.LOST]  # fmt: skip
            status = self.rng.choices(statuses, weights=[40, 25, 15, 20])[0]
        lead = Lead(
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            status=status,
            urgency=self.rng.choices(Urgency.values, weights=[30, 45, 25])[0],
            timeframe=self.rng.choice(Timeframe.values),
            last_contacted_at=self.recently(0.7),
        )
        if status == LeadStatus.LOST:
            lead.lost_reason = self.rng.choice(LOST_REASONS)
        if self.rng.random() < 0.1:
            lead.company = fake.company()[:200]
        self.shared_fields(lead, owner)
        self.preferences(lead)
        if lead.timeframe in (Timeframe.IMMEDIATE, Timeframe.WITHIN_3_MONTHS, "6m"):
            lead.move_in_date = self.today + timedelta(days=self.rng.randint(14, 200))
        place = self.place()
        lead.message = self.rng.choice(LEAD_MESSAGES).format(
            street=f"{self.rng.choice(place.streets)} {self.rng.randint(1, 200)}"
        )
        phones, emails = self.person_contact_details(lead.first_name, lead.last_name, nationality)
        custom = {}
        campaign = self.sources[3]  # the default sources: website, referral, MLS, campaign, …
        if lead.source_id == campaign.pk or self.rng.random() < 0.1:
            custom["campaign_code"] = self.rng.choice(CAMPAIGN_CODES)
        # A lead's age shows on its list and in its converted search profile: backdate before.
        record_save(
            record=lead, actor=owner, phones=phones, emails=emails,
            categories=self.categories_for(owner, "lead"), custom_fields=custom,
        )  # fmt: skip
        self.file_for_colleague(lead, "lead")
        self.backdate(lead, max_days=365)
        return lead

    def preferences(self, lead: Lead) -> None:
        renting = self.rng.random() < 0.2
        residential = [PropertyType.APARTMENT, PropertyType.HOUSE, PropertyType.TOWNHOUSE,
                       PropertyType.VILLA]  # fmt: skip
        if self.rng.random() < 0.1:
            types = self.rng.sample([PropertyType.COMMERCIAL, PropertyType.OFFICE,
                                     PropertyType.LAND, PropertyType.PARKING], 2)  # fmt: skip
        else:
            types = self.rng.sample(residential, self.rng.choice([1, 1, 2]))
        lead.property_types = [str(t) for t in types]
        lead.locations = ", ".join(self.rng.sample(AREAS, self.rng.randint(1, 3)))
        if self.rng.random() < 0.85:
            if renting:
                low = self.rng.randrange(900, 2500, 100)
                high = low + self.rng.randrange(200, 1500, 100)
            else:
                low = self.rng.randrange(225_000, 1_200_000, 25_000)
                high = low + self.rng.randrange(25_000, 400_000, 25_000)
            lead.budget_min = Decimal(low) if self.rng.random() < 0.8 else None
            lead.budget_max = Decimal(high)
        if self.rng.random() < 0.7:
            low = self.rng.randrange(40, 160, 5)
            lead.area_min = Decimal(low)
            lead.area_max = Decimal(low + self.rng.randrange(10, 120, 5))
        if any(t in residential for t in types):
            lead.bedrooms = self.rng.choice([None, 1, 2, 2, 3, 3, 4, 5])
            lead.bathrooms = self.rng.choice([None, 1, 1, 2, 3])

    def make_lead_matching(self, contact: Contact, owner: User) -> Lead:
        """A new enquiry from someone already in the database: converting it offers a merge."""
        first_email = contact.emails.order_by("-is_primary", "pk").first()
        assert first_email is not None  # every demo client has an e-mail address
        address = first_email.email
        lead = Lead(
            first_name=contact.first_name,
            last_name=" ".join(p for p in (contact.name_prefix, contact.last_name) if p),
            status=LeadStatus.QUALIFIED,
            urgency=Urgency.HIGH,
            timeframe=Timeframe.WITHIN_3_MONTHS,
            message="Contacted us again through the website about a new search.",
            last_contacted_at=self.recently(1.0),
        )
        self.shared_fields(lead, owner, personal_share=0)
        lead.is_active = True
        self.preferences(lead)
        phones = [PhoneIn(self.phone("NL"))]
        # The same address, typed differently: addresses match case-insensitively.
        emails = [EmailIn(address.capitalize())]
        record_save(record=lead, actor=owner, phones=phones, emails=emails,
                    categories=self.categories_for(owner, "lead"))  # fmt: skip
        self.backdate(lead, max_days=10)
        return lead
