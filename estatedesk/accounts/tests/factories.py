import factory

from estatedesk.accounts import services
from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Office {n}")
    country = "NL"
    phone_region = "NL"
    currency = "EUR"
    timezone = "Europe/Amsterdam"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, so every office gets its default lead sources as in real life.
        return services.office_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    office = factory.SubFactory(OfficeFactory)
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
