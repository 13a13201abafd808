"""The demo office's client portal: a buyer and a seller who can log in (called from
`demo.office.load`). The offers the buyer sees are made by the offers' demo."""

from __future__ import annotations

from estatedesk.accounts.models import Office, User
from estatedesk.contacts.models import Contact
from estatedesk.contacts.services import EmailIn, record_save
from estatedesk.core.choices import Visibility
from estatedesk.portal.services.access import portal_access_grant
from estatedesk.properties.choices import LinkRole, ListingKind
from estatedesk.properties.models import Property
from estatedesk.properties.services import property_link_add

BUYER_EMAIL = "sophie@demo-client.estatedesk.test"
SELLER_EMAIL = "hendrik@demo-client.estatedesk.test"
PORTAL_LOGINS = [
    (BUYER_EMAIL, "portal client (buyer)"),
    (SELLER_EMAIL, "portal client (seller)"),
]


def _client(*, first: str, last: str, email: str, owner: User) -> Contact:
    contact = Contact(office=owner.office, owner=owner, visibility=Visibility.OFFICE,
                      first_name=first, last_name=last, language="en")  # fmt: skip
    return record_save(record=contact, actor=owner, emails=[EmailIn(email, is_primary=True)])


def load(*, office: Office, users: list[User], password: str) -> dict[str, int]:
    """The buyer (Anna's client) and the seller of one of Anna's listings for sale, each with
    an accepted portal access and the demo password."""
    agent = users[1]
    buyer = _client(first="Sophie", last="Visser", email=BUYER_EMAIL, owner=agent)
    seller = _client(first="Hendrik", last="de Boer", email=SELLER_EMAIL, owner=agent)
    listing = (
        Property.objects.visible_to(agent)
        .filter(listing_kind=ListingKind.SALE)
        .order_by("pk")
        .first()
    )
    if listing is not None:
        property_link_add(property=listing, actor=agent, role=LinkRole.SELLER, contact=seller)
    for contact, email in ((buyer, BUYER_EMAIL), (seller, SELLER_EMAIL)):
        portal_access_grant(contact=contact, email=email, password=password, actor=agent)
    return {"portal_clients": 2}
