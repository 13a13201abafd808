"""The production settings: HTTPS only, HSTS, the proxy's header, and a clean `check --deploy`."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parents[3]
SECRET = "k" + "".join(chr(ord("a") + i % 26) + str(i) for i in range(40))  # 50+ chars, varied
REQUIRED = {"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "crm.example.com"}


def prod_settings(monkeypatch, **env: str) -> ModuleType:
    """estatedesk.settings.prod as it reads `env` (the running test settings stay as they are)."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "ESTATEDESK_")):
            monkeypatch.delenv(name)
    for name, value in {**REQUIRED, **env}.items():
        monkeypatch.setenv(name, value)
    for module in ("estatedesk.settings.prod", "estatedesk.settings.base"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    return importlib.import_module("estatedesk.settings.prod")


def test_production_sends_hsts_and_redirects_to_https(monkeypatch):
    prod = prod_settings(monkeypatch)

    assert prod.DEBUG is False
    assert prod.SECURE_SSL_REDIRECT is True
    assert prod.SECURE_HSTS_SECONDS == 31_536_000
    assert prod.SESSION_COOKIE_SECURE is True
    assert prod.CSRF_COOKIE_SECURE is True
    assert prod.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    # Subdomains and the preload list are the operator's choice: off unless asked for.
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert prod.SECURE_HSTS_PRELOAD is False
    assert "csp.middleware.CSPMiddleware" in prod.MIDDLEWARE


def test_subdomains_and_preload_are_opt_in(monkeypatch):
    prod = prod_settings(
        monkeypatch, DJANGO_HSTS_INCLUDE_SUBDOMAINS="true", DJANGO_HSTS_PRELOAD="true"
    )

    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert prod.SECURE_HSTS_PRELOAD is True
    assert prod.SILENCED_SYSTEM_CHECKS == []


def test_preload_without_subdomains_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="INCLUDE_SUBDOMAINS"):
        prod_settings(monkeypatch, DJANGO_HSTS_PRELOAD="true")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Forwarded-Proto", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("X-Forwarded-Ssl-Proto", ("HTTP_X_FORWARDED_SSL_PROTO", "https")),
        ("", None),  # no proxy: only what Django sees itself counts as HTTPS
    ],
)
def test_the_proxy_header_is_the_one_configured(monkeypatch, header, expected):
    prod = prod_settings(monkeypatch, DJANGO_SECURE_PROXY_SSL_HEADER=header)

    trusted = prod.SECURE_PROXY_SSL_HEADER
    assert trusted == expected


def test_check_deploy_is_clean_with_the_required_variables():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ESTATEDESK_"))}
    env.update(REQUIRED, DJANGO_SETTINGS_MODULE="estatedesk.settings.prod")

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
