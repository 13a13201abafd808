"""The one place for upgrade risk: every private hook of Django, django-filter, DRF or the
standard library that the code relies on, asserted to exist and to behave as the code expects.

Where the app leans on an undocumented attribute or method of a library object (a `_name`, an
internal module, the shape of an internal structure), a test here says which, what for and
what is expected of it. An upgrade that breaks one fails here, in one obvious place, before it
fails somewhere far away (or silently, in speed). A new reliance on a private hook gets its
test here; one that is no longer used loses it. Each test names its users in its docstring.

Not here: documented APIs (`Model._meta`, `_default_manager`, `Manager._db` in
`create_user`, custom session models, `BoundField.build_widget_attrs`), and behaviour the
app's own tests already pin by comparing outputs (the widget markup of `core.html`:
`core/tests/test_html.py`).
"""

from __future__ import annotations

import copy
import gc
import http.client
import ssl
from unittest import mock

import django_filters
import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Func, IntegerField
from django.db.models.expressions import Col, OrderBy
from django.db.models.fields import Field
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.where import WhereNode
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.utils.urls import remove_query_param, replace_query_param

from estatedesk.core import html
from estatedesk.core.models import CustomField, CustomFieldType

# --- django-filter --------------------------------------------------------------------------


def test_a_filter_keeps_its_form_field_in_underscore_field():
    """`core.filtersets.copy_filter` pops `_field` so that a copied filter builds its own
    form field from its `extra`; `CustomFieldFilter.field` caches the same way."""
    filter_ = django_filters.CharFilter(label="Name")
    field = filter_.field
    assert vars(filter_)["_field"] is field
    assert filter_.field is field
    vars(filter_).pop("_field")
    filter_.extra["help_text"] = "from extra"
    assert filter_.field is not field
    assert filter_.field.help_text == "from extra"


def test_a_filtersets_base_filters_come_from_get_filters_and_are_deep_copied_per_instance():
    """`core.filtersets.OfficeFilterSet.get_filters` returns a `FilterDict`, whose
    `__deepcopy__` (a one-level copy) is what each FilterSet instance runs for its filters."""
    copies = []

    class CountingDict(dict):
        def __deepcopy__(self, memo):
            copies.append(self)
            return {name: copy.copy(filter_) for name, filter_ in self.items()}

    class Counted(django_filters.FilterSet):
        name = django_filters.CharFilter()

        @classmethod
        def get_filters(cls):
            return CountingDict(super().get_filters())

    assert isinstance(Counted.base_filters, CountingDict)
    filterset = Counted({}, queryset=CustomField.objects.none())
    assert copies == [Counted.base_filters]
    assert filterset.filters["name"] is not Counted.base_filters["name"]


def test_setting_a_filters_method_binds_a_filter_method_to_that_filter():
    """`core.filtersets.copy_filter` sets the copy's `method` again, so that its FilterMethod
    calls the method of the copy's parent (the FilterSet instance), not the original's."""
    original = django_filters.CharFilter(method="filter_name")
    copied = copy.copy(original)
    copied.method = original.method
    assert isinstance(copied.filter, FilterMethod)
    assert copied.filter.f is copied
    assert original.filter.f is original


def test_a_filtersets_form_is_kept_in_underscore_form():
    """`RecordFilterSet.form` and `OfficeRecordFilterSet.form` call django-filter's `form`
    once (`hasattr(self, "_form")`) and then adjust and return `self._form`."""

    class Named(django_filters.FilterSet):
        name = django_filters.CharFilter()

    filterset = Named({"name": "x"}, queryset=CustomField.objects.none())
    form = filterset.form
    assert filterset._form is form
    assert filterset.form is form


def test_ordering_filter_builds_its_choices_once_and_formats_descending_labels():
    """`core.filtersets.StableOrderingFilter` overrides `build_choices` (the descending labels
    are formatted with `descending_fmt` once, at class definition) and uses
    `get_ordering_value` to map a parameter to its field."""
    ordering = django_filters.OrderingFilter(fields=(("sort_name", "name"),))
    assert "%s" in str(ordering.descending_fmt)
    choices = ordering.build_choices({"sort_name": "name"}, {})
    assert [param for param, _label in choices] == ["name", "-name"]
    assert ordering.extra["choices"] == choices
    assert ordering.get_ordering_value("-name") == "-sort_name"


def test_the_rest_framework_backend_translates_filterset_errors():
    """`api.base.FilterSetBackend.filter_queryset` reads `raise_exception` and raises
    `django_filters.utils.translate_validation(errors)`."""

    class NameForm(forms.Form):
        name = forms.CharField()

    assert DjangoFilterBackend.raise_exception is True
    error = translate_validation(NameForm({}).errors)
    assert error.detail == {"name": ["This field is required."]}


# --- Django forms ---------------------------------------------------------------------------


def test_choice_fields_choices_setter_gives_a_model_choice_field_plain_choices():
    """`core.filtersets.offer_choices` calls `forms.ChoiceField.choices.fset` on a model choice
    field: the widget offers those choices, and the field still validates against its
    queryset."""
    field = forms.ModelChoiceField(queryset=CustomField.objects.none())
    forms.ChoiceField.choices.fset(field, [("", "---"), (1, "One")])
    assert list(field.widget.choices) == [("", "---"), (1, "One")]
    with pytest.raises(ValidationError):
        field.clean("1")


def test_model_choice_fields_refuse_null_characters_by_a_method():
    """`core.filtersets._known_key` calls `validate_no_null_characters` before reading an id."""
    field = forms.ModelChoiceField(queryset=CustomField.objects.none())
    field.validate_no_null_characters("12")
    with pytest.raises(ValidationError):
        field.validate_no_null_characters("1\x002")


def test_model_multiple_choice_fields_check_values_in_underscore_check_values():
    """`core.filtersets.KnownModelMultipleChoiceField` overrides `_check_values`, which
    `clean` calls with the submitted values and whose answer it returns."""

    class Checked(forms.ModelMultipleChoiceField):
        def _check_values(self, value):
            return ["checked", *value]

    field = Checked(queryset=CustomField.objects.none(), required=False)
    assert field.clean(["1", "2"]) == ["checked", "1", "2"]


def test_formsets_keep_their_own_errors_in_underscore_non_form_errors():
    """`core.views.apply_validation_error` puts a service's errors on a formset by setting
    `_non_form_errors`; `core.forms` skips deleted forms with `_should_delete_form`."""
    formset = forms.formset_factory(forms.Form, can_delete=True, extra=0)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-DELETE": "on"}
    )
    assert formset.is_valid()
    assert formset._should_delete_form(formset.forms[0]) is True
    formset._non_form_errors = formset.error_class(["From the service."])
    assert formset.non_form_errors() == ["From the service."]


def test_model_forms_ask_get_validation_exclusions_what_the_model_does_not_check():
    """`properties.forms.PropertyForm` adds a field to `_get_validation_exclusions()` (a set)
    so that the model's validation skips it; `_post_clean` asks it."""

    class FieldForm(forms.ModelForm):
        class Meta:
            model = CustomField
            fields = ["label"]

    asked = []
    original = forms.ModelForm._get_validation_exclusions

    def exclusions(form):
        asked.append(original(form))
        return asked[-1] | {"label"}

    form = FieldForm({"label": "Budget"})
    with (
        mock.patch.object(forms.ModelForm, "_get_validation_exclusions", exclusions),
        mock.patch.object(CustomField, "full_clean", autospec=True) as full_clean,
    ):
        form.is_valid()
    assert asked
    assert all(isinstance(excluded, set) for excluded in asked)
    assert "office" in asked[0]  # not on the form: not the form's to check
    assert "label" in full_clean.call_args.kwargs["exclude"]


def test_core_html_still_knows_djangos_stock_widgets():
    """`core.html.widget_html` writes the widgets whose templates (and option templates) it
    knows; were Django to rename them, every form would fall back to the slow template render
    without a test failing (`core/tests/test_html.py` compares the output, not the path)."""
    for widget in (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput,
                   forms.PasswordInput, forms.DateInput, forms.DateTimeInput, forms.TimeInput,
                   forms.HiddenInput, forms.Textarea, forms.Select, forms.SelectMultiple,
                   forms.RadioSelect, forms.CheckboxSelectMultiple):  # fmt: skip
        assert html._writes(widget()), widget.__name__


# --- Django ORM -----------------------------------------------------------------------------


def test_a_querys_conditions_are_its_where_node():
    """`core.pagination._page_rows` gives the query that loads a page's rows a new, empty
    `WhereNode` (its ids already passed every filter)."""
    queryset = CustomField.objects.filter(label="x", target="lead")
    assert isinstance(queryset.query.where, WhereNode)
    assert "WHERE" in str(queryset.query)
    queryset.query.where = WhereNode()
    assert "WHERE" not in str(queryset.query)
    assert "WHERE" in str(queryset.filter(pk__in=[1]).query)


def test_an_expression_compiles_its_outer_key_through_the_compiler():
    """`core.expressions` resolves `F("pk")` to the outer row's column (`Col`, with `alias`),
    compiles it with `compiler.compile`, and on PostgreSQL quotes the alias with
    `compiler.quote_name_unless_alias`."""
    queryset = CustomField.objects.annotate(outer=Func(F("pk"), function="ABS",
                                                       output_field=IntegerField()))  # fmt: skip
    query = queryset.query
    expression = query.annotations["outer"]
    column = expression.source_expressions[0]
    assert isinstance(column, Col)
    assert column.alias == CustomField._meta.db_table
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(column)
    quoted = connection.ops.quote_name(CustomField._meta.db_table)
    assert sql == f"{quoted}.{connection.ops.quote_name('id')}"
    assert tuple(params) == ()
    assert compiler.quote_name_unless_alias(column.alias) == quoted


def test_a_querys_ordering_is_kept_as_given():
    """`api.pagination.ordering_terms` reads `query.order_by` (strings, `OrderBy`, `F`) and
    `query.default_ordering` to know the order it pages in."""
    assert CustomField.objects.all().query.order_by == ()
    assert CustomField.objects.all().query.default_ordering is True
    assert CustomField.objects.order_by().query.default_ordering is False
    by_expression = F("label").desc()
    query = CustomField.objects.order_by("-position", by_expression).query
    assert query.order_by == ("-position", by_expression)
    assert isinstance(query.order_by[1], OrderBy)
    assert query.order_by[1].descending is True
    assert query.order_by[1].expression.name == "label"


@pytest.mark.django_db
def test_every_query_runs_through_sql_compiler_execute_sql():
    """Tests count the queries a list compiles by wrapping `SQLCompiler.execute_sql`
    (`test_a_list_filtering_no_source_builds_no_query_for_it`)."""
    with mock.patch.object(SQLCompiler, "execute_sql", autospec=True,
                           side_effect=SQLCompiler.execute_sql) as execute:  # fmt: skip
        list(CustomField.objects.filter(label="x"))
    assert execute.call_count == 1


def test_a_fields_flatchoices_are_made_from_its_choices_on_each_read():
    """`core.tables.Cells.label` reads `Field.flatchoices` once per table (the tests count the
    reads by wrapping the property), and sees a field's new choices."""
    assert isinstance(Field.__dict__["flatchoices"], property)
    field = CustomField._meta.get_field("field_type")
    assert dict(field.flatchoices)[CustomFieldType.TEXT] == CustomFieldType.TEXT.label
    choices = field.choices
    try:
        field.choices = [("text", "Words")]
        assert field.flatchoices == [("text", "Words")]
    finally:
        field.choices = choices


def test_a_model_instance_made_without_init_reads_its_fields_from_its_dict():
    """`bench/generate._stub` builds records without `Model.__init__` (too slow at a million
    rows) for the app's own `build_search_text`: their fields read from `__dict__`."""
    stub = CustomField.__new__(CustomField)
    stub.__dict__.update(label="Budget", key="budget")
    assert (stub.label, stub.key) == ("Budget", "budget")


@pytest.mark.django_db
def test_a_connections_atomic_blocks_are_its_open_blocks_outermost_first():
    """`accounts.officecache` tells whether the transaction (outermost block) or the block a
    change was made in is still open by the identity of the entries of
    `connection.atomic_blocks` (pytest-django's test transaction is the first)."""
    before = list(connection.atomic_blocks)
    assert before
    assert all(isinstance(block, transaction.Atomic) for block in before)
    with transaction.atomic():
        outer = connection.atomic_blocks[-1]
        assert connection.atomic_blocks == [*before, outer]
        with transaction.atomic():
            inner = connection.atomic_blocks[-1]
            assert connection.atomic_blocks == [*before, outer, inner]
            assert inner is not outer
        assert connection.atomic_blocks == [*before, outer]
    assert connection.atomic_blocks == before


# --- sessions -------------------------------------------------------------------------------


def test_the_database_session_store_reads_its_row_in_get_session_from_db():
    """`accounts.sessions.SessionStore` overrides `_get_session_from_db` (which `load` calls,
    reading the row through the session model's `objects`, whose queryset joins the user)."""
    store = DatabaseSessionStore("k" * 32)
    with mock.patch.object(Session, "objects") as objects:
        objects.get.side_effect = Session.DoesNotExist
        store.load()
    assert objects.get.call_args.kwargs["session_key"] == "k" * 32
    with mock.patch.object(DatabaseSessionStore, "_get_session_from_db", autospec=True,
                           return_value=None) as read:  # fmt: skip
        DatabaseSessionStore("k" * 32).load()
    read.assert_called_once()


# --- the standard library -------------------------------------------------------------------


def test_the_collector_can_freeze_the_heap():
    """`core.heap.freeze_startup_heap` calls `gc.freeze` and reports `gc.get_freeze_count`."""
    try:
        gc.freeze()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_an_https_connection_keeps_its_tls_context_in_underscore_context():
    """`webhooks.transport._PinnedHTTPSConnection.connect` wraps its socket with
    `self._context`, the context it was given."""
    context = ssl.create_default_context()
    connection_ = http.client.HTTPSConnection("example.org", 443, context=context)
    assert connection_._context is context


# --- Django REST framework ------------------------------------------------------------------


def test_rest_frameworks_query_param_helpers_keep_the_other_parameters():
    """`api.pagination` builds its next and previous links with these two helpers."""
    url = "http://testserver/api/contacts/?ordering=-name&cursor=abc&page_size=5"
    assert replace_query_param(url, "cursor", "xyz") == (
        "http://testserver/api/contacts/?cursor=xyz&ordering=-name&page_size=5"
    )
    assert remove_query_param(url, "cursor") == (
        "http://testserver/api/contacts/?ordering=-name&page_size=5"
    )
