"""Schemathesis against the live schema, every operation with (nearly) all its checks: no
request the schema allows (or nearly allows) may crash the API, and every answer must match what
the schema promises (status, type, body, headers, `Allow` on a 405, authentication enforced,
a deleted record gone).

Bounded and derandomised (the same examples every run), so CI is stable; runs on SQLite under
`make test` and on PostgreSQL alike. Valid input gets Schemathesis' boundary cases and 5
random examples per operation; invalid input (wrong types, missing fields, out-of-range values)
3 random examples: the checks that send requests of their own (an unsupported method, no key,
the record again after a delete) multiply each example, and this keeps the run near a minute
and a half of CPU.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import is_check_class, load_all_checks
from schemathesis.generation.modes import GenerationMode

from estatedesk.api.services import token_create
from estatedesk.api.throttling import TokenRateThrottle
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core import services as core_services

# Every check Schemathesis has (its `--checks all`), but two that hold the schema to more than
# OpenAPI can say, both issue 24's ("a schema a generated client can trust"):
# - positive_data_acceptance wants every schema-valid request accepted, but an id must also
#   name a record you can see, a cursor must come from the same ordering, a contact needs a
#   first or last name; and id filters are declared as numbers, so floats are "valid".
# - negative_data_rejection wants every schema-violating request refused, but query filters
#   are lenient as django-filter makes them (a repeated parameter keeps the last value, a
#   boolean that is neither true nor false is ignored).
# Neither is a crash: not_a_server_error and the response conformance checks stay on.
load_all_checks()
NOT_OURS = {"positive_data_acceptance", "negative_data_rejection"}
CHECKS = [
    check
    for check in REGISTERED_CHECKS.get_all()
    if not is_check_class(check) and check.__name__ not in NOT_OURS
]
BOUNDED = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "phases": [Phase.explicit, Phase.generate],
    "suppress_health_check": list(HealthCheck),
}


@pytest.fixture
def fuzz_key(admin, alice):
    """An agent's token, with a few records of each kind for the lists to show."""
    core_services.custom_field_create(
        actor=admin, target="contact", key="budget", label="Budget", field_type="number"
    )
    category = CategoryFactory(owner=alice, name="Hot")
    contact = ContactFactory(
        owner=alice,
        phones=["+31612345678"],
        emails=["anna@example.org"],
        categories=[category],
        custom_fields={"budget": 250000},
    )
    LeadFactory(owner=alice, emails=["lead@example.org"])
    relation = RelationFactory(owner=alice, phones=["+31201234567"])
    relation.people.create(office=relation.office, contact=contact, role="sales_manager")
    _token, key = token_create(actor=alice, name="fuzz")
    return key


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Requests go through the real WSGI handler, which closes the database connection after
    each one; that would end the test's transaction (on PostgreSQL). Django's test client
    does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # schemathesis 4.32's lazy loader renames the test node through `_nodeid`, which pytest 9
    # no longer has; giving it one only changes how subtests are labelled.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


def load_schema(settings, monkeypatch, mode: GenerationMode, *, coverage: bool):
    # Throttle counts in memory: the database cache would only slow the run down. The checks
    # that send requests of their own (unsupported methods, deleted resources, auth) go past
    # an hour's budget; the throttle has its own tests (test_throttle.py).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"user": "1000000/hour"})
    loaded = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    loaded.config.generation.update(modes=[mode])
    # The coverage phase adds deterministic boundary cases (empty, longest, edge values);
    # for invalid input it would add a minute of mutations, so there only fuzzing runs.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


@pytest.fixture
def valid_input_schema(db, settings, monkeypatch):
    return load_schema(settings, monkeypatch, GenerationMode.POSITIVE, coverage=True)


@pytest.fixture
def invalid_input_schema(db, settings, monkeypatch):
    return load_schema(settings, monkeypatch, GenerationMode.NEGATIVE, coverage=False)


@schemathesis.pytest.from_fixture("valid_input_schema").parametrize()
@settings(max_examples=5, **BOUNDED)
def test_valid_requests_match_the_schema(case, fuzz_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_key}"}, checks=CHECKS)


@schemathesis.pytest.from_fixture("invalid_input_schema").parametrize()
@settings(max_examples=3, **BOUNDED)
def test_invalid_requests_get_documented_errors(case, fuzz_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_key}"}, checks=CHECKS)
