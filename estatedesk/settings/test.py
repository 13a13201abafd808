"""Tests: fast hashing, mail kept in memory, no network."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Uploaded files of the test run go to a scratch directory, never into the project.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="estatedesk-test-private-"))
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="estatedesk-test-media-"))
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# End-to-end tests (`make e2e`) serve pages from a live-server thread while the test thread
# writes. An in-memory SQLite database shared between threads locks whole tables without
# waiting ("database table is locked" when a request from the previous test is still being
# answered), so those runs use a file, where SQLite waits for a lock up to `timeout`.
if (
    os.environ.get("ESTATEDESK_E2E")
    and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"  # noqa: F405
):
    _e2e_dir = Path(tempfile.mkdtemp(prefix="estatedesk-e2e-"))
    DATABASES["default"]["TEST"] = {"NAME": str(_e2e_dir / "e2e.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], "timeout": 20}  # noqa: F405
