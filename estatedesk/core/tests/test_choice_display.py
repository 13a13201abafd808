"""`get_FOO_display` of the app's records: Django's answer, without rebuilding the choices."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.fields import Field
from django.utils import translation
from django.utils.functional import lazy

from estatedesk.contacts.models import Lead, Relation
from estatedesk.core.models import TimeStampedModel


def choice_fields():
    for model in apps.get_models():
        if not issubclass(model, TimeStampedModel):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_the_records_have_choice_fields_to_check():
    assert {(m, f.name) for m, f in choice_fields()} >= {(Lead, "status"),
                                                         (Relation, "relation_type")}  # fmt: skip


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_choice_field_says_what_django_says_in_every_language(language):
    with translation.override(language):
        for model, field in choice_fields():
            for value in [*(v for v, _label in field.flatchoices), "not-a-choice", None]:
                record = model(**{field.attname: value})
                shown = getattr(record, f"get_{field.name}_display")()
                assert shown == models.Model._get_FIELD_display(record, field), (model, field)


def test_a_label_read_in_one_language_is_shown_in_the_next(monkeypatch):
    # The project ships no translations yet: a lazy label that says the active language shows
    # whether the label is read when shown or kept from the first call.
    field = Lead._meta.get_field("status")
    monkeypatch.setattr(field, "choices", [("qualified", lazy(translation.get_language, str)())])
    lead = Lead(status="qualified")
    with translation.override("en"):
        assert lead.get_status_display() == "en"
    with translation.override("de"):
        assert lead.get_status_display() == "de"


def test_the_choices_are_read_once_not_per_row(monkeypatch):
    field = Lead._meta.get_field("status")
    reads = []
    flatchoices = Field.flatchoices

    def counting(self):
        reads.append(self)
        return flatchoices.fget(self)

    monkeypatch.setattr(Field, "flatchoices", property(counting))
    monkeypatch.delattr(field, "_estatedesk_choice_labels", raising=False)
    labels = [Lead(status=value).get_status_display() for value in ["prospect", "won"] * 25]
    assert labels[:2] == ["Prospect", "Won"]
    assert reads == [field]


def test_new_choices_on_a_field_are_shown(monkeypatch):
    field = Relation._meta.get_field("relation_type")
    relation = Relation(relation_type="developer")
    assert relation.get_relation_type_display() == "Developer"
    monkeypatch.setattr(field, "choices", [("developer", "Project developer")])
    assert relation.get_relation_type_display() == "Project developer"
