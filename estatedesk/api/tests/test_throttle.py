"""Each token has its own request budget, counted in the shared database cache."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from estatedesk.api.throttling import TokenRateThrottle


def test_each_token_has_its_own_budget(alice, monkeypatch, token_client):
    monkeypatch.setattr(TokenRateThrottle, "rate", "3/minute", raising=False)
    first, second = token_client(alice, "one"), token_client(alice, "two")

    answers = [first.get("/api/contacts/").status_code for _ in range(4)]
    refused = first.get("/api/contacts/")

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "detail" in refused.json()
    assert second.get("/api/contacts/").status_code == 200


def test_counts_live_in_a_database_table_every_process_shares(db):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    cache.set("api-test", 1)
    assert cache.get("api-test") == 1
