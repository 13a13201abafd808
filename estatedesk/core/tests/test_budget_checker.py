"""The query-budget checker: more or fewer queries than pinned fail with the key, both counts
and the SQL; a missing entry says how to measure it; a rewrite run merges what it measured."""

import functools
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from estatedesk.core.testing import query_budgets
from estatedesk.core.testing.query_budgets import assert_query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def pinned(monkeypatch):
    """Budgets as the test says, and no rewrite whatever the environment of the run."""
    monkeypatch.delenv(query_budgets.ENV_VAR, raising=False)
    monkeypatch.setattr(query_budgets, "_recorded", {})
    budgets: dict[str, dict[str, int]] = {connection.vendor: {}}
    monkeypatch.setattr(query_budgets, "_budgets", functools.cache(lambda: budgets))
    return budgets[connection.vendor]


def two_queries():
    list(ContentType.objects.filter(app_label="contacts"))
    list(ContentType.objects.filter(app_label="deals"))


def test_the_pinned_count_passes(pinned):
    pinned["page:test"] = 2
    with assert_query_budget("page:test"):
        two_queries()


@pytest.mark.parametrize(("budget", "says"), [(1, "expected 1 queries, ran 2"),
                                              (3, "expected 3 queries, ran 2")])  # fmt: skip
def test_more_or_fewer_queries_fail_with_key_counts_and_sql(pinned, budget, says):
    pinned["page:test"] = budget
    with pytest.raises(AssertionError) as failure, assert_query_budget("page:test"):
        two_queries()
    message = str(failure.value)
    assert f"'page:test' ({connection.vendor}): {says}" in message
    assert "make query-budgets" in message
    assert "\"app_label\" = 'contacts'" in message
    assert "\"app_label\" = 'deals'" in message
    assert ("Fewer is good news" in message) == (budget > 2)


def test_a_missing_entry_fails_and_says_how_to_measure_it(pinned):
    missing = r"(?s)No .* query budget for 'page:new'.*make query-budgets"
    with pytest.raises(AssertionError, match=missing), assert_query_budget("page:new"):
        two_queries()


def test_a_rewrite_run_merges_its_counts_into_the_file(pinned, monkeypatch, tmp_path):
    budget_file = tmp_path / "budgets.json"
    budget_file.write_text(json.dumps({"postgresql": {"page:test": 1},
                                       connection.vendor: {"page:kept": 7}}))  # fmt: skip
    monkeypatch.setenv(query_budgets.ENV_VAR, "rewrite")
    with assert_query_budget("page:test"):  # no budget yet, and no failure: it is measured
        two_queries()

    query_budgets.write_recorded(budget_file)

    assert json.loads(budget_file.read_text()) == {
        "postgresql": {"page:test": 1},
        connection.vendor: {"page:kept": 7, "page:test": 2},
    }
