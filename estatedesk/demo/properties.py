"""Properties, projects, photos and links for the demo office (called from `demo.office.load`).

Made through the services from one seed: about thirty listings of the office's agents, two
new-build projects of a developer relation, a few photos, and links to the office's contacts
and relations in the roles a listing's history gives them.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from estatedesk.accounts.models import Office, User
from estatedesk.contacts.choices import RelationType
from estatedesk.contacts.models import Contact, ContactPerson, Relation
from estatedesk.core.choices import Visibility
from estatedesk.properties import services
from estatedesk.properties.choices import (
    LinkRole,
    ListingKind,
    ProjectPhase,
    ProjectRole,
    PropertyStatus,
    PropertyType,
)
from estatedesk.properties.models import Project, Property

PROPERTY_COUNT = 30
PHOTO_PROPERTIES = 8

# (street, postal code, city, latitude, longitude)
STREETS = [
    ("Prinsengracht", "1016 GV", "Amsterdam", "52.3752", "4.8840"),
    ("Ceintuurbaan", "1072 GD", "Amsterdam", "52.3533", "4.8975"),
    ("Van Baerlestraat", "1071 AX", "Amsterdam", "52.3577", "4.8790"),
    ("Javastraat", "1094 HB", "Amsterdam", "52.3633", "4.9401"),
    ("Oudegracht", "3511 AZ", "Utrecht", "52.0895", "5.1185"),
    ("Biltstraat", "3572 AR", "Utrecht", "52.0944", "5.1325"),
    ("Coolsingel", "3011 AD", "Rotterdam", "51.9225", "4.4792"),
    ("Witte de Withstraat", "3012 BP", "Rotterdam", "51.9165", "4.4770"),
    ("Grote Houtstraat", "2011 SN", "Haarlem", "52.3795", "4.6330"),
    ("Breestraat", "2311 CS", "Leiden", "52.1590", "4.4900"),
]
PROJECTS = [
    ("Havenkwartier", "Kop van Zuid", "3072 AP", "Rotterdam", ProjectPhase.UNDER_CONSTRUCTION, 420),
    ("Leidsche Rijn Park", "Berlijnplein", "3541 CM", "Utrecht", ProjectPhase.PRE_SALE, 760),
]
DESCRIPTIONS = [
    "Bright corner apartment with a view over the canal; recently renovated kitchen.",
    "Family house with a deep garden facing south, close to schools and the park.",
    "Characteristic upstairs flat in a 1920s building; own entrance and roof terrace.",
    "Spacious ground-floor home with a private garden and a bicycle shed.",
    "Modern apartment with an elevator and an underground parking space.",
]
TYPES = [PropertyType.APARTMENT] * 5 + [PropertyType.HOUSE] * 3 + [
    PropertyType.VILLA, PropertyType.COMMERCIAL, PropertyType.PARKING, PropertyType.LAND,
]  # fmt: skip
SALE_STATUSES = [PropertyStatus.AVAILABLE] * 4 + [
    PropertyStatus.UNDER_OFFER, PropertyStatus.SOLD, PropertyStatus.DRAFT,
    PropertyStatus.WITHDRAWN,
]  # fmt: skip
RENT_STATUSES = [PropertyStatus.AVAILABLE] * 3 + [PropertyStatus.LET, PropertyStatus.DRAFT]
COLOURS = [(176, 196, 222), (205, 170, 125), (143, 188, 143), (222, 184, 135), (188, 143, 143)]


def load(*, office: Office, users: list[User], seed: int) -> dict[str, int]:
    rng = random.Random(seed + 5)  # noqa: S311 - seeded on purpose: the same demo every time
    today = timezone.localdate()
    agents = users[1:] or users
    made = {"properties": 0, "projects": 0, "photos": 0, "links": 0}

    projects = []
    project: Project | None  # each project below, then the one a unit belongs to (or none)
    for i, (name, street, postal, city, phase, days) in enumerate(PROJECTS):
        actor = agents[i % len(agents)]
        developers = Relation.objects.visible_to(actor).filter(
            relation_type=RelationType.DEVELOPER, is_active=True
        )
        developer = developers.order_by("pk")[i : i + 1].first() or developers.first()
        project = services.project_save(
            record=Project(
                name=name, developer=developer, phase=phase, street=street, postal_code=postal,
                city=city, country="NL", delivery_date=today + timedelta(days=days),
                description=f"New-build project by {developer or 'a local developer'}.",
            ),
            actor=actor,
        )  # fmt: skip
        projects.append(project)
        made["projects"] += 1
        if developer is not None:
            people = ContactPerson.objects.filter(relation=developer).select_related("contact")
            visible = set(Contact.objects.visible_to(actor).values_list("pk", flat=True))
            roles = [ProjectRole.SALES_MANAGER, ProjectRole.PROJECT_MANAGER]
            for person, role in zip(
                [p for p in people if p.contact_id in visible], roles, strict=False
            ):
                services.project_person_add(
                    project=project, contact=person.contact, role=role, actor=actor
                )

    for n in range(PROPERTY_COUNT):
        actor = rng.choices(users, weights=[1] + [3] * (len(users) - 1))[0]
        project = projects[n % 2] if n < 10 else None
        street, postal, city, lat, lon = rng.choice(STREETS)
        kind = ListingKind.RENT if rng.random() < 0.3 and project is None else ListingKind.SALE
        property_type = PropertyType.APARTMENT if project else rng.choice(TYPES)
        area = Decimal(rng.randint(35, 220))
        if project is not None:
            street, postal, city = project.street, project.postal_code, project.city
        price = (
            Decimal(rng.randint(9, 35) * 100)
            if kind == ListingKind.RENT
            else Decimal(rng.randint(18, 160) * 5000)
        )
        record = Property(
            property_type=property_type,
            listing_kind=kind,
            status=rng.choice(RENT_STATUSES if kind == ListingKind.RENT else SALE_STATUSES),
            project=project,
            street=street,
            house_number=str(rng.randint(1, 400)),
            postal_code=postal,
            city=city,
            country="NL",
            latitude=Decimal(lat) + Decimal(rng.randint(-90, 90)) / 10000,
            longitude=Decimal(lon) + Decimal(rng.randint(-90, 90)) / 10000,
            asking_price=None if property_type == PropertyType.LAND and n % 2 else price,
            living_area=None if property_type in (PropertyType.LAND, PropertyType.PARKING)
            else area,
            plot_area=Decimal(rng.randint(80, 900))
            if property_type in (PropertyType.HOUSE, PropertyType.VILLA, PropertyType.LAND)
            else None,
            bedrooms=rng.randint(1, 5) if property_type in (
                PropertyType.APARTMENT, PropertyType.HOUSE, PropertyType.VILLA) else None,
            bathrooms=rng.randint(1, 3),
            year_built=2027 if project else rng.randint(1890, 2022),
            description=rng.choice(DESCRIPTIONS),
            has_garden=rng.random() < 0.4,
            has_balcony=rng.random() < 0.5,
            has_parking=rng.random() < 0.3,
            has_elevator=property_type == PropertyType.APARTMENT and rng.random() < 0.5,
            is_furnished=kind == ListingKind.RENT and rng.random() < 0.5,
            visibility=Visibility.PERSONAL if rng.random() < 0.15 else Visibility.OFFICE,
        )  # fmt: skip
        prop = services.property_save(record=record, actor=actor)
        made["properties"] += 1
        if n < PHOTO_PROPERTIES:
            for i in range(rng.randint(1, 3)):
                services.photo_add(
                    property=prop, actor=actor, upload=_photo(rng, f"{prop.reference} #{i + 1}"),
                    caption=["Front", "Living room", "Garden"][i],
                )  # fmt: skip
                made["photos"] += 1
        made["links"] += _links(rng, prop, actor, today)
    return made


def _links(rng: random.Random, prop: Property, actor: User, today) -> int:
    """People in the roles the listing's kind and status give them."""
    contacts = list(Contact.objects.visible_to(actor).filter(is_active=True).order_by("pk")[:200])
    if not contacts:
        return 0
    picked = rng.sample(contacts, min(len(contacts), 5))
    if prop.listing_kind == ListingKind.RENT:
        roles = [LinkRole.LANDLORD]
        if prop.status == PropertyStatus.LET:
            roles.append(LinkRole.TENANT)
    else:
        roles = [rng.choice([LinkRole.SELLER, LinkRole.OWNER])]
        if prop.status in (PropertyStatus.SOLD, PropertyStatus.UNDER_OFFER):
            roles.append(LinkRole.BUYER)
    roles += rng.sample([LinkRole.INTERESTED, LinkRole.VIEWED, LinkRole.VIEWED], rng.randint(0, 3))
    made = 0
    for contact, role in zip(picked, roles, strict=False):
        start = today - timedelta(days=rng.randint(5, 400))
        end = start + timedelta(days=365) if role == LinkRole.TENANT else None
        services.property_link_add(
            property=prop, actor=actor, role=role, contact=contact,
            start_date=start if role not in (LinkRole.INTERESTED,) else None, end_date=end,
        )  # fmt: skip
        made += 1
    if prop.listing_kind == ListingKind.RENT and rng.random() < 0.5:
        relation = (
            Relation.objects.visible_to(actor)
            .filter(relation_type__in=[RelationType.AGENCY, RelationType.OTHER])
            .order_by("?")
            .first()
        )
        if relation is not None:
            services.property_link_add(
                property=prop, actor=actor, role=LinkRole.INTERESTED, relation=relation
            )
            made += 1
    return made


def _photo(rng: random.Random, label: str) -> SimpleUploadedFile:
    """A small generated picture: sky, a house front, a label."""
    sky = rng.choice(COLOURS)
    image = Image.new("RGB", (640, 427), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 427), fill=(110, 150, 90))
    draw.rectangle((180, 160, 460, 330), fill=(170, 90, 70))
    draw.polygon([(160, 165), (320, 70), (480, 165)], fill=(90, 60, 50))
    draw.rectangle((295, 250, 345, 330), fill=(60, 40, 30))
    draw.text((12, 12), label, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")
