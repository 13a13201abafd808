"""The demo office: an administrator, two agents and a few hundred realistic records."""

from django.db import transaction

from estatedesk.accounts import services as account_services
from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office

DEMO_OFFICE = "Demo Estates Amsterdam"
PASSWORD = "estatedesk-demo"  # noqa: S105 - a published demo password, never used in production
LOGINS = [
    ("admin@demo.estatedesk.test", "office administrator"),
    ("anna@demo.estatedesk.test", "agent"),
    ("bram@demo.estatedesk.test", "agent"),
]


@transaction.atomic
def load(*, seed: int = 2026) -> str:
    """Create the demo office unless it exists; returns what was made ("" if nothing)."""
    if Office.objects.filter(name=DEMO_OFFICE).exists():
        return ""
    office = account_services.office_create(
        name=DEMO_OFFICE, country="NL", phone_region="NL", currency="EUR",
        timezone="Europe/Amsterdam", language="en",
    )  # fmt: skip
    names = ["Ada de Vries", "Anna Jansen", "Bram Bakker"]
    roles = [Role.ADMIN, Role.AGENT, Role.AGENT]
    for (email, _label), name, role in zip(LOGINS, names, roles, strict=True):
        account_services.user_create(
            office=office, email=email, full_name=name, role=role, password=PASSWORD
        )
    return f"{office.name} with {len(LOGINS)} users"
