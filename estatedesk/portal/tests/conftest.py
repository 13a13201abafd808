"""Portal tests store photos and documents in their own empty directory."""

import pytest


@pytest.fixture
def private_dir(settings, tmp_path):
    location = tmp_path / "private"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location
