import factory

from estatedesk.classification.models import Category


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    owner = factory.SubFactory("estatedesk.accounts.tests.factories.UserFactory")
    office = factory.LazyAttribute(lambda o: o.owner.office)
    name = factory.Sequence(lambda n: f"Category {n}")
    position = factory.Sequence(lambda n: n)
