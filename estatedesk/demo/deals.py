"""Deals for the demo office (called from `demo.office.load` after the properties).

About fifteen deals spread over the pipeline, between the agents' demo contacts and
relations (and the office's properties, when the properties demo made some), made and moved
through the services so that every deal has a history.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from estatedesk.accounts.models import Office, User
from estatedesk.contacts.models import Contact, Relation
from estatedesk.deals import services
from estatedesk.deals.choices import CommissionType, DealKind, StageKind
from estatedesk.deals.models import Deal
from estatedesk.properties.models import Property

SALE_TITLES = ["Canal house", "Family home with garden", "Loft near the station",
               "Corner apartment", "Townhouse", "Penthouse with roof terrace",
               "Ground-floor flat", "Houseboat"]  # fmt: skip
RENTAL_TITLES = ["Furnished studio", "Expat apartment", "Two-bedroom rental", "Office floor"]
LOST_REASONS = ["Bought through another agency", "Financing fell through",
                "Price gap too large", "Decided to rent instead"]  # fmt: skip
# Where the deals end up: (stage name, how many).
SPREAD = [("New", 3), ("Viewing", 3), ("Offer", 2), ("Negotiation", 2), ("Won", 3), ("Lost", 2)]


def load(*, office: Office, users: list[User], seed: int) -> dict[str, int]:
    rng = random.Random(seed + 5)  # noqa: S311 - seeded on purpose: the same demo every time
    agents = [u for u in users if not u.is_office_admin] or users
    stages = {s.name: s for s in services.stages_for_office(office)}
    today = timezone.localdate()
    made = 0
    for stage_name, count in SPREAD:
        for _ in range(count):
            agent = agents[made % len(agents)]
            contacts = list(Contact.objects.visible_to(agent).filter(owner=agent)
                            .order_by("pk")[:20])  # fmt: skip
            relations = list(Relation.objects.visible_to(agent).order_by("pk")[:10])
            properties = _properties(agent)
            rental = rng.random() < 0.3
            value = (
                Decimal(rng.randrange(1_200, 3_500, 50))
                if rental
                else Decimal(rng.randrange(280_000, 1_450_000, 5_000))
            )
            buyer = rng.choice(contacts) if contacts else None
            sellers = [c for c in contacts if c != buyer]
            deal = Deal(
                title=rng.choice(RENTAL_TITLES if rental else SALE_TITLES),
                kind=DealKind.RENTAL if rental else DealKind.SALE,
                value=value,
                expected_close_date=today + timedelta(days=rng.randint(10, 120)),
                property=properties[made % len(properties)] if properties else None,
                buyer_contact=buyer,
                seller_contact=rng.choice(sellers) if sellers and rng.random() < 0.6 else None,
                seller_relation=rng.choice(relations) if relations and rng.random() < 0.3
                else None,
                commission_type=CommissionType.FIXED if rental else CommissionType.PERCENTAGE,
                commission_value=value if rental else Decimal("1.75"),
            )  # fmt: skip
            if deal.property is not None:
                deal.title = f"{deal.title}, {deal.property.address_line or deal.property}"[:200]
            splits = None
            if len(agents) > 1 and rng.random() < 0.3:
                other = agents[(made + 1) % len(agents)]
                splits = [services.SplitIn(agent=agent, share=Decimal(70)),
                          services.SplitIn(agent=other, share=Decimal(30))]  # fmt: skip
            deal = services.deal_save(deal=deal, actor=agent, splits=splits)
            _walk(deal, stages, stage_name, agent, rng)
            made += 1
    return {"deals": made}


def _walk(deal: Deal, stages: dict, target: str, agent: User, rng: random.Random) -> None:
    """Move the deal stage by stage up to `target`, as an agent would have."""
    path = ["Viewing", "Offer", "Negotiation"]
    final = stages.get(target)
    if final is None:
        return
    if target in path:
        steps = path[: path.index(target) + 1]
    elif final.kind == StageKind.OPEN:
        steps = []  # stays where it started
    else:
        steps = path[: rng.randint(1, 3)]
    for name in steps:
        if name in stages:
            services.deal_move(deal=deal, stage=stages[name], actor=agent)
    if final.kind != StageKind.OPEN:
        reason = rng.choice(LOST_REASONS) if final.kind == StageKind.LOST else ""
        services.deal_move(deal=deal, stage=final, actor=agent, lost_reason=reason)


def _properties(agent: User) -> list:
    """The properties the agent may link (none when the properties demo made none)."""
    return list(Property.objects.visible_to(agent).order_by("pk")[:15])
