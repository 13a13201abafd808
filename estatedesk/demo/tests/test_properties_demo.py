"""The demo office's properties: made through the services, linked within the office."""

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.accounts.models import Office, User
from estatedesk.demo import office as demo
from estatedesk.properties.models import (
    Project,
    ProjectPerson,
    Property,
    PropertyLink,
    PropertyPhoto,
)

pytestmark = pytest.mark.django_db


def test_demo_properties_projects_and_links(django_capture_on_commit_callbacks):
    # The demo office (demo.office) loads its properties through demo.properties.
    summary = demo.load(seed=2026)
    office = Office.objects.get(name=demo.DEMO_OFFICE)
    users = list(User.objects.filter(office=office).order_by("pk"))

    assert "30 properties in 2 projects" in summary
    assert Property.objects.filter(office=office).count() == 30
    assert Project.objects.filter(office=office).count() == 2
    assert PropertyPhoto.objects.filter(office=office).count() >= 8
    assert PropertyLink.objects.filter(office=office).count() > 30
    projects = list(Project.objects.filter(office=office))
    assert all(p.developer is not None and p.developer.office_id == office.pk for p in projects)
    assert all(p.units.count() == 5 for p in projects)
    assert ProjectPerson.objects.filter(office=office).exists()
    roles = set(PropertyLink.objects.values_list("role", flat=True))
    assert {"seller", "buyer", "landlord", "viewed"} <= roles
    # Nothing crosses offices.
    assert (
        not PropertyLink.objects.exclude(contact__office=office, relation=None)
        .exclude(relation__office=office, contact=None)
        .exists()
    )

    agent = Client()
    agent.force_login(users[1])
    prop = Property.objects.visible_to(users[1]).filter(photos__isnull=False).first()
    for tab in ("details", "people"):
        assert agent.get(prop.get_absolute_url(), {"tab": tab}).status_code == 200
    assert agent.get(reverse("properties:property_list")).status_code == 200
