import factory

from estatedesk.contacts import models
from estatedesk.contacts.search_text import refresh_search_text
from estatedesk.core.choices import Visibility


class RecordFactory(factory.django.DjangoModelFactory):
    """Phones, e-mails and categories as lists: `ContactFactory(phones=["+31612345678"])`."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    owner = factory.SubFactory("estatedesk.accounts.tests.factories.UserFactory")
    office = factory.LazyAttribute(lambda o: o.owner.office)
    visibility = Visibility.OFFICE

    @factory.post_generation
    def phones(obj, create, extracted, **kwargs):
        for i, number in enumerate(extracted or []):
            obj.phones.create(office=obj.office, number=number, is_primary=i == 0)

    @factory.post_generation
    def emails(obj, create, extracted, **kwargs):
        for i, email in enumerate(extracted or []):
            obj.emails.create(office=obj.office, email=email, is_primary=i == 0)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        for category in extracted or []:
            obj.category_links.create(office=obj.office, category=category)

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        if create:
            refresh_search_text(obj)


class ContactFactory(RecordFactory):
    class Meta:
        model = models.Contact

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    city = factory.Faker("city")


class LeadFactory(RecordFactory):
    class Meta:
        model = models.Lead

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    status = "qualified"


class RelationFactory(RecordFactory):
    class Meta:
        model = models.Relation

    name = factory.Faker("company")
    relation_type = "developer"
