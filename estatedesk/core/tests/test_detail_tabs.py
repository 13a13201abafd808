"""Apps add tabs to a record's detail page through core.tabs, and only to the models they name."""

import pytest
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core import tabs


@pytest.fixture
def extra_tab(settings, tmp_path):
    template_dir = tmp_path / "templates"
    (template_dir / "extra").mkdir(parents=True)
    (template_dir / "extra" / "_tab.html").write_text(
        "<p id='extra'>Extra for {{ extra_name }}</p>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    ]
    calls = []

    def context(request, record):
        calls.append(record.pk)
        return {"extra_name": record.first_name}

    saved = {key: dict(value) for key, value in tabs._REGISTRY.items()}
    tabs.register_tab("contacts.contact", "extra", "Extra things", "extra/_tab.html",
                      context=context)  # fmt: skip
    yield calls
    tabs._REGISTRY.clear()
    tabs._REGISTRY.update(saved)


def test_registered_tab_is_listed_and_rendered_with_its_context(extra_tab, alice, as_alice):
    contact = ContactFactory(office=alice.office, owner=alice, first_name="Noor")
    page = as_alice.get(contact.get_absolute_url())
    assert b"Extra things" in page.content
    assert extra_tab == []  # the context runs only for the tab that is shown

    page = as_alice.get(contact.get_absolute_url() + "?tab=extra")
    assert b"<p id='extra'>Extra for Noor</p>" in page.content
    assert extra_tab == [contact.pk]

    fragment = as_alice.get(contact.get_absolute_url() + "?tab=extra",
                            headers={"HX-Request": "true", "HX-Target": "tab-panel"})  # fmt: skip
    assert fragment.content.decode().strip() == "<p id='extra'>Extra for Noor</p>"


def test_registered_tab_stays_off_other_models(extra_tab, alice, as_alice):
    relation = RelationFactory(office=alice.office, owner=alice)
    page = as_alice.get(relation.get_absolute_url() + "?tab=extra")
    assert b"Extra things" not in page.content
    assert b"id='extra'" not in page.content
    assert reverse("contacts:relation_detail", args=[relation.pk]) in relation.get_absolute_url()
