"""Tests: fast hashing, mail kept in memory, no network."""

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
