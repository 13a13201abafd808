"""Choice labels in the list tables: Django's `get_FOO_display`, from one dict per table."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models.fields import Field
from django.utils import translation
from django.utils.functional import lazy

from estatedesk.core.html import esc
from estatedesk.core.models import CustomField
from estatedesk.core.tables import Cells

FIELD_TYPE = CustomField._meta.get_field("field_type")


def choice_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_there_are_choice_fields_to_check():
    fields = [field for _model, field in choice_fields()]
    assert FIELD_TYPE in fields
    assert len(fields) > 20


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_choice_label_is_what_django_shows_in_every_language(language):
    with translation.override(language):
        cells = Cells()
        for model, field in choice_fields():
            for value in [*(v for v, _label in field.flatchoices), "not-a-choice", None]:
                record = model(**{field.attname: value})
                shown = esc(getattr(record, f"get_{field.name}_display")())
                assert cells.label(field, value) == shown, (model, field, value)


def test_an_unknown_value_shows_as_it_is_and_none_as_nothing():
    cells = Cells()
    assert cells.label(FIELD_TYPE, "<b>odd</b>") == "&lt;b&gt;odd&lt;/b&gt;"
    assert cells.label(FIELD_TYPE, None) == ""
    assert cells.label(FIELD_TYPE, "text") == "Text"


def test_a_table_speaks_the_language_it_is_rendered_in(monkeypatch):
    # The project ships no translations yet: a lazy label that says the active language shows
    # in which language each table's labels were made.
    monkeypatch.setattr(FIELD_TYPE, "choices", [("text", lazy(translation.get_language, str)())])
    with translation.override("en"):
        assert Cells().label(FIELD_TYPE, "text") == "en"
    with translation.override("de"):
        assert Cells().label(FIELD_TYPE, "text") == "de"


def test_a_tables_labels_are_made_once_not_per_row(monkeypatch):
    reads = []
    flatchoices = Field.flatchoices

    def counting(self):
        reads.append(self)
        return flatchoices.fget(self)

    monkeypatch.setattr(Field, "flatchoices", property(counting))
    cells = Cells()
    labels = [cells.label(FIELD_TYPE, value) for value in ["text", "date"] * 25]
    assert labels[:2] == ["Text", "Date"]
    assert reads == [FIELD_TYPE]


def test_the_next_table_shows_new_choices_of_a_field(monkeypatch):
    assert Cells().label(FIELD_TYPE, "number") == "Number"
    monkeypatch.setattr(FIELD_TYPE, "choices", [("number", "Amount")])
    assert Cells().label(FIELD_TYPE, "number") == "Amount"
