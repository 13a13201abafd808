"""The demo office's client portal (called from `demo.office.load`): a buyer and a seller who
can log in, and enough life for both to see what the portal is for.

Anna offers the buyer Sophie five properties with notes; Sophie marks favourites, turns one
down with a reason, writes to Anna and gets answers, has one viewing confirmed and another
requested. Three other clients of Anna's were offered the seller Hendrik's listing and reacted,
so his page counts offers, ratings and reasons; one of them has a viewing planned. Anna's
marketing updates on the listing are there too, one of them kept from the owner.

Everything goes through the portal's services, as clicks in the portal would. Those services
send e-mails once the transaction commits: `outgoing_mail_discarded` keeps them in (the
addresses are reserved `.test` ones, but a console backend would print them all).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from estatedesk.accounts.models import Office, User
from estatedesk.contacts.models import Contact
from estatedesk.contacts.services import EmailIn, record_save
from estatedesk.core.choices import Visibility
from estatedesk.portal.choices import Preference
from estatedesk.portal.models import Offer, PortalAccess, RejectionReason
from estatedesk.portal.services.access import portal_access_grant
from estatedesk.portal.services.offers import message_post, offer_create, reaction_set
from estatedesk.portal.services.owners import listing_update_create
from estatedesk.portal.services.viewings import viewing_confirm, viewing_request
from estatedesk.properties.choices import LinkRole, ListingKind, PropertyStatus
from estatedesk.properties.models import Property
from estatedesk.properties.services import property_link_add

BUYER_EMAIL = "sophie@demo-client.estatedesk.test"
SELLER_EMAIL = "hendrik@demo-client.estatedesk.test"
PORTAL_LOGINS = [
    (BUYER_EMAIL, "portal client (buyer)"),
    (SELLER_EMAIL, "portal client (seller)"),
]
# Other clients of Anna's who were offered the seller's listing (their logins are not printed).
OTHER_BUYER_EMAIL = "buyer{n}@demo-client.estatedesk.test"

OFFER_NOTES = [
    "Just listed and it ticks your boxes: three bedrooms, a sunny balcony and a short cycle to "
    "the station. I would go and see it soon.",
    "A little over your budget, but the sellers are open to offers and the layout is lovely.",
    "Quiet street, recently renovated kitchen. The garden faces south.",
    "Not on the market yet: you are among the first to see it.",
    "Bigger than you asked for; worth a look for the price per square metre.",
]
THREAD = [
    ("client", "Thank you, Anna! We love the photos. Is the attic included in the living area?"),
    ("agent", "It is not: the attic is storage, about 12 m² extra. I can show you on Saturday."),
    ("client", "Perfect, we asked for a viewing. Could you also send the energy label?"),
    ("agent", "Of course: I added it to this offer's documents this afternoon."),
]
LISTING_UPDATES = [
    ("Your home is live on Funda and our website; 1,240 views in the first week.", True),
    ("Open house on Saturday: eight parties came, two asked for a second viewing.", True),
    ("Price check with Bram: we keep the asking price until the end of the month.", False),
]


@contextmanager
def outgoing_mail_discarded() -> Iterator[None]:
    """E-mails sent in this block (including the ones sent when its transaction commits) go
    nowhere, whatever EMAIL_BACKEND says."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def _client(*, first: str, last: str, email: str, owner: User) -> Contact:
    contact = Contact(office=owner.office, owner=owner, visibility=Visibility.OFFICE,
                      first_name=first, last_name=last, language="en")  # fmt: skip
    return record_save(record=contact, actor=owner, emails=[EmailIn(email, is_primary=True)])


def _at(day: int, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """`day` days from today at the office's local `hour`:`minute`."""
    return datetime.combine(timezone.localdate() + timedelta(days=day), time(hour, minute), zone)


def _listings(agent: User) -> list[Property]:
    """Anna's visible listings for sale, available ones with photos first (they show best)."""
    return list(
        Property.objects.visible_to(agent)
        .filter(listing_kind=ListingKind.SALE)
        .annotate(photo_count=Count("photos"))
        .order_by("-photo_count", "pk")
    )


def load(*, office: Office, users: list[User], password: str) -> dict[str, int]:
    """The buyer (Anna's client) and the seller of one of Anna's listings for sale, each with
    an accepted portal access and the demo password, and what happened in their portal."""
    agent = users[1]
    zone = ZoneInfo(str(office.timezone or "Europe/Amsterdam"))
    buyer = _client(first="Sophie", last="Visser", email=BUYER_EMAIL, owner=agent)
    seller = _client(first="Hendrik", last="de Boer", email=SELLER_EMAIL, owner=agent)
    sophie = portal_access_grant(contact=buyer, email=BUYER_EMAIL, password=password, actor=agent)
    portal_access_grant(contact=seller, email=SELLER_EMAIL, password=password, actor=agent)
    made = {"portal_clients": 2, "offers": 0, "reactions": 0, "viewings": 0, "messages": 0}

    listings = _listings(agent)
    available = [p for p in listings if p.status == PropertyStatus.AVAILABLE]
    if not listings:
        return made
    listing = (available or listings)[0]
    property_link_add(property=listing, actor=agent, role=LinkRole.SELLER, contact=seller)
    for body, visible in LISTING_UPDATES:
        listing_update_create(property=listing, actor=agent, body=body, visible_to_owner=visible)

    # Sophie's offers: the seller's listing first, then four more for sale.
    offered = [listing, *[p for p in available if p.pk != listing.pk][:4]]
    offers: list[Offer] = []
    for prop, note in zip(offered, OFFER_NOTES, strict=False):
        offers += offer_create(actor=agent, contact=buyer, properties=[prop], note=note)
    made["offers"] += len(offers)
    reasons = {r.name: r for r in RejectionReason.objects.filter(office=office)}
    verdicts = [
        (Preference.FAVOURITE, 5, []),
        (Preference.POSSIBLE, 3, []),
        (Preference.NOT_FOR_ME, 2, ["Location", "No garden"]),
    ]
    for offer, (preference, rating, why) in zip(offers, verdicts, strict=False):
        reaction_set(access=sophie, offer=offer, preference=preference, rating=rating,
                     reasons=[reasons[name] for name in why if name in reasons])  # fmt: skip
        made["reactions"] += 1
    for side, body in THREAD:
        if side == "client":
            message_post(actor=sophie.user, access=sophie, offer=offers[0], body=body)
        else:
            message_post(actor=agent, offer=offers[0], body=body)
        made["messages"] += 1

    # A viewing Anna confirmed (of the seller's listing) and one still requested.
    confirmed = viewing_request(
        access=sophie, actor=sophie.user, offer=offers[0], client_timezone=str(zone),
        slots=[_at(2, 18, 0, zone), _at(5, 10, 30, zone)],
        message="We can both come after work.",
    )  # fmt: skip
    viewing_confirm(viewing=confirmed, actor=agent, starts_at=confirmed.slots[0])
    made["viewings"] += 1
    if len(offers) > 1:
        viewing_request(
            access=sophie, actor=sophie.user, offer=offers[1], client_timezone=str(zone),
            slots=[_at(3, 10, 0, zone), _at(4, 17, 30, zone), _at(6, 11, 0, zone)],
            message="Saturday morning suits us best.",
        )  # fmt: skip
        made["viewings"] += 1

    # Three other clients of Anna's were offered the listing too: what the seller's page counts.
    others = list(
        Contact.objects.visible_to(agent)
        .filter(owner=agent, is_active=True, visibility=Visibility.OFFICE)
        .exclude(pk__in=[buyer.pk, seller.pk])
        .exclude(portal_access__isnull=False)
        .order_by("pk")[:3]
    )
    their_verdicts = [
        (Preference.FAVOURITE, 4, []),
        (Preference.NOT_FOR_ME, 2, ["Price", "Location"]),
        (Preference.NOT_FOR_ME, 3, ["Price"]),
    ]
    for n, (contact, (preference, rating, why)) in enumerate(
        zip(others, their_verdicts, strict=False), start=1
    ):
        email = OTHER_BUYER_EMAIL.format(n=n)
        access = portal_access_grant(contact=contact, email=email, password=password, actor=agent)
        offer = offer_create(actor=agent, contact=contact, properties=[listing])[0]
        reaction_set(access=access, offer=offer, preference=preference, rating=rating,
                     reasons=[reasons[name] for name in why if name in reasons])  # fmt: skip
        made["offers"] += 1
        made["reactions"] += 1
        if preference == Preference.FAVOURITE:
            viewing = viewing_request(
                access=access, actor=access.user, offer=offer, client_timezone=str(zone),
                slots=[_at(7, 14, 0, zone)],
            )  # fmt: skip
            viewing_confirm(viewing=viewing, actor=agent, starts_at=viewing.slots[0])
            made["viewings"] += 1
    made["portal_clients"] = PortalAccess.objects.filter(office=office).count()
    return made
