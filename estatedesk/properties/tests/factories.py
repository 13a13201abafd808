import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from estatedesk.core.choices import Visibility
from estatedesk.properties import models
from estatedesk.properties.choices import ListingKind, PropertyStatus, PropertyType
from estatedesk.properties.services import build_search_text, build_sort_name


class SharedRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    owner = factory.SubFactory("estatedesk.accounts.tests.factories.UserFactory")
    office = factory.LazyAttribute(lambda o: o.owner.office)
    visibility = Visibility.OFFICE

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        if create:
            obj.search_text = build_search_text(obj)
            obj.sort_name = build_sort_name(obj)
            type(obj).objects.filter(pk=obj.pk).update(
                search_text=obj.search_text, sort_name=obj.sort_name
            )


class ProjectFactory(SharedRecordFactory):
    class Meta:
        model = models.Project

    name = factory.Sequence(lambda n: f"Project {n}")
    city = "Utrecht"


class PropertyFactory(SharedRecordFactory):
    class Meta:
        model = models.Property

    reference = factory.Sequence(lambda n: f"P-{n + 1:06d}")
    property_type = PropertyType.APARTMENT
    listing_kind = ListingKind.SALE
    status = PropertyStatus.AVAILABLE
    # Fixed names: a random one ("Jonathan Village") can contain a word a search test looks for.
    street = factory.Iterator(["Keizersgracht", "Prinsengracht", "Herengracht", "Singel"])
    house_number = factory.Sequence(lambda n: str(n % 200 + 1))
    postal_code = "1012 AB"
    city = "Amsterdam"


class PropertyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PropertyLink

    property = factory.SubFactory(PropertyFactory)
    office = factory.LazyAttribute(lambda o: o.property.office)
    role = "buyer"


def image_upload(name="photo.png", size=(640, 480), fmt="PNG", color=(200, 120, 40)):
    """A real, small image file as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = Image.MIME[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
