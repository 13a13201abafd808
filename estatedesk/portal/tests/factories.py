import factory
from django.utils import timezone

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.portal import models
from estatedesk.portal.choices import AccessStatus
from estatedesk.properties.tests.factories import PropertyFactory


class PortalUserFactory(UserFactory):
    """A portal login: the client role and no office."""

    office = None  # type: ignore[assignment]
    role = Role.CLIENT


class PortalAccessFactory(factory.django.DjangoModelFactory):
    """An accepted, active access: `PortalAccessFactory(contact=c)` logs in as `access.user`."""

    class Meta:
        model = models.PortalAccess

    contact = factory.SubFactory(ContactFactory)
    office = factory.LazyAttribute(lambda o: o.contact.office)
    user = factory.SubFactory(
        PortalUserFactory,
        email=factory.LazyAttribute(lambda u: f"client{u.factory_parent.contact.pk}@example.net"),
    )
    email = factory.LazyAttribute(lambda o: o.user.email)
    status = AccessStatus.ACTIVE
    accepted_at = factory.LazyFunction(timezone.now)
    terms_accepted_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Offer

    contact = factory.SubFactory(ContactFactory)
    office = factory.LazyAttribute(lambda o: o.contact.office)
    property = factory.SubFactory(
        PropertyFactory,
        owner=factory.LazyAttribute(lambda p: p.factory_parent.contact.owner),
        office=factory.LazyAttribute(lambda p: p.factory_parent.contact.office),
    )
