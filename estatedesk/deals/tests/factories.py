"""Factories for deals: `DealFactory(owner=alice)` lands in the office's first stage."""

import factory
from django.utils import timezone

from estatedesk.core.choices import Visibility
from estatedesk.core.text import fold
from estatedesk.deals import services
from estatedesk.deals.choices import DealKind, StageKind
from estatedesk.deals.models import Deal


def stage(office, name: str):
    """One of the office's (default) stages by name: stage(office, "Offer")."""
    return next(s for s in services.stages_for_office(office) if s.name == name)


class DealFactory(factory.django.DjangoModelFactory):
    """Saved with the ORM (no history event); tests of behaviour go through the services."""

    class Meta:
        model = Deal
        skip_postgeneration_save = True

    owner = factory.SubFactory("estatedesk.accounts.tests.factories.UserFactory")
    office = factory.LazyAttribute(lambda o: o.owner.office)
    visibility = Visibility.OFFICE
    title = factory.Sequence(lambda n: f"Deal {n}")
    kind = DealKind.SALE
    stage = factory.LazyAttribute(lambda o: services.default_stage(o.office))
    status = factory.LazyAttribute(lambda o: o.stage.kind)
    closed_at = factory.LazyAttribute(
        lambda o: None if o.stage.kind == StageKind.OPEN else timezone.now()
    )
    lost_reason = factory.LazyAttribute(lambda o: "Too expensive" if o.stage.kind == "lost" else "")

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        if create:
            services.refresh_search_text(obj)


def make_property(owner, **kwargs):
    """A property of the owner's office, made with the ORM (the properties app owns its
    services; deals only needs a row to point at)."""
    from estatedesk.properties.models import Property

    n = Property.objects.count() + 1
    defaults = {"reference": f"P-T{n:05d}", "street": "Keizersgracht", "house_number": str(n),
                "city": "Amsterdam", "visibility": Visibility.OFFICE}  # fmt: skip
    defaults.update(kwargs)
    words = (defaults["reference"], defaults["street"], defaults["house_number"], defaults["city"])
    defaults.setdefault("search_text", fold(" ".join(words)))
    return Property.objects.create(office=owner.office, owner=owner, **defaults)
