"""Activities and tasks for the demo office (called at the end of `demo.office.load`).

Made through the services from one seed, so timelines, last-contacted dates, tasks and their
reminders are what an office would have after a few months of work.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from estatedesk.accounts.models import Office, User
from estatedesk.activities import services
from estatedesk.activities.choices import ActivityType, CallOutcome, Direction, TaskPriority
from estatedesk.activities.times import office_tz
from estatedesk.contacts.models import Contact, Lead, Relation

CALL_NOTES = [
    "Discussed the asking price; wants to think it over with their partner.",
    "Confirmed the viewing; will bring the mortgage adviser's letter.",
    "Asked for the floor plans and the energy label.",
    "Interested in the new-build project in Leidsche Rijn; send the brochure.",
    "Mortgage approval expected next week.",
    "Prefers to be called after 18:00.",
    "Not reachable; left a message with the office.",
]
MESSAGES = [
    "Sent the listing of the apartment on the Ceintuurbaan.",
    "Photos of the garden, as promised.",
    "Can we move the viewing to Thursday?",
    "Thanks for the tour yesterday!",
    "Here is the draft purchase agreement.",
]
NOTES = [
    "Family of four, needs three bedrooms and a garden; schools nearby matter most.",
    "Budget is firm; the bank approved up to the amount they mentioned.",
    "Selling their current house first: timing is the main risk.",
    "Relocating for work in the spring; wants to rent first.",
]
PLACES = ["Prinsengracht 263, Amsterdam", "Oudegracht 158, Utrecht", "Our office, Amsterdam",
          "Coolsingel 40, Rotterdam", "Van Baerlestraat 12, Amsterdam"]  # fmt: skip
TASKS = [
    ("Call back about the offer", TaskPriority.HIGH),
    ("Send the brochure of the new-build project", TaskPriority.NORMAL),
    ("Ask for the mortgage approval letter", TaskPriority.NORMAL),
    ("Plan a second viewing", TaskPriority.HIGH),
    ("Check the energy label with the seller", TaskPriority.LOW),
    ("Send the draft purchase agreement", TaskPriority.HIGH),
    ("Follow up after the valuation", TaskPriority.NORMAL),
    ("Update the search profile", TaskPriority.LOW),
]


def load(*, office: Office, users: list[User], seed: int) -> dict[str, int]:
    rng = random.Random(seed + 4)  # noqa: S311 - seeded on purpose: the same demo every time
    now = timezone.now()
    agents = users[1:]
    made = {"activities": 0, "tasks": 0}
    for agent in agents:
        contacts = list(Contact.objects.visible_to(agent).filter(owner=agent).order_by("pk")[:14])
        leads = list(Lead.objects.visible_to(agent).filter(owner=agent).order_by("pk")[:10])
        relations = list(Relation.objects.visible_to(agent).filter(owner=agent).order_by("pk")[:3])
        for record in contacts + leads + relations:
            for _ in range(rng.randint(2, 6)):
                _activity(rng, agent, [record], now)
                made["activities"] += 1
        # A viewing with a buyer and the seller: one appointment on two timelines.
        for buyer, seller in zip(contacts[::2], contacts[1::2], strict=False):
            services.activity_log(
                actor=agent, kind=ActivityType.APPOINTMENT, records=[buyer, seller],
                subject="Viewing", location=rng.choice(PLACES), assigned_to=agent,
                occurred_at=now + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6)),
                ends_at=None,
            )  # fmt: skip
            made["activities"] += 1
        made["tasks"] += _tasks(rng, agent, contacts + leads, now)
    return made


def _activity(rng: random.Random, agent: User, records: list, now: datetime) -> None:
    kind = rng.choices(
        [ActivityType.CALL, ActivityType.WHATSAPP, ActivityType.EMAIL, ActivityType.NOTE,
         ActivityType.SMS, ActivityType.MEETING],
        weights=[40, 20, 15, 12, 5, 8],
    )[0]  # fmt: skip
    when = now - timedelta(days=rng.randint(0, 150), hours=rng.randint(0, 9),
                           minutes=rng.choice([0, 15, 30, 45]))  # fmt: skip
    fields: dict = {"occurred_at": when}
    if kind == ActivityType.CALL:
        fields.update(
            direction=rng.choice([Direction.OUTGOING, Direction.OUTGOING, Direction.INCOMING]),
            outcome=rng.choice([CallOutcome.CONNECTED] * 3 + [CallOutcome.NO_ANSWER,
                                                              CallOutcome.VOICEMAIL]),
            duration_minutes=rng.randint(1, 25), body=rng.choice(CALL_NOTES),
        )  # fmt: skip
    elif kind in (ActivityType.WHATSAPP, ActivityType.EMAIL, ActivityType.SMS):
        fields.update(direction=rng.choice(list(Direction)), body=rng.choice(MESSAGES))
        if kind == ActivityType.EMAIL:
            fields["subject"] = rng.choice(["Your search", "Viewing", "Documents", "Offer"])
    elif kind == ActivityType.NOTE:
        fields["body"] = rng.choice(NOTES)
    else:
        fields.update(subject="Meeting at the office", location=rng.choice(PLACES),
                      ends_at=when + timedelta(hours=1), body=rng.choice(NOTES))  # fmt: skip
    services.activity_log(actor=agent, kind=kind, records=records, **fields)


# Days from today for each agent's tasks, and whether it is done already.
TASK_PLAN = [(-3, False), (-1, False), (0, False), (0, False), (1, False), (2, False),
             (4, False), (7, False), (10, False), (-6, True), (-2, True), (3, False)]  # fmt: skip


def _tasks(rng: random.Random, agent: User, records: list, now: datetime) -> int:
    tz = office_tz(agent.office)
    local_now = now.astimezone(tz)
    made = 0
    for i, (record, (offset, done)) in enumerate(zip(records, TASK_PLAN, strict=False)):
        title, priority = TASKS[i % len(TASKS)]
        if offset == 0:
            # Due later today, whatever time the demo is loaded (or just after midnight).
            due = (local_now + timedelta(hours=rng.randint(1, 3))).replace(
                minute=0, second=0, microsecond=0
            )
        else:
            day = local_now.date() + timedelta(days=offset)
            due = datetime.combine(day, time(rng.choice([9, 10, 11, 14, 15, 16])), tzinfo=tz)
        remind_at = due - timedelta(hours=1) if due - timedelta(hours=1) > now else None
        task = services.task_create(actor=agent, record=record, title=title, priority=priority,
                                    due_at=due, remind_at=remind_at)  # fmt: skip
        if done:
            services.task_set_done(task=task, actor=agent)
        made += 1
    return made
