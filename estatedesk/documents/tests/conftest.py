"""Each documents test stores its files in its own empty directory, so “nothing stored” can be
checked by looking at the directory."""

import pytest


@pytest.fixture(autouse=True)
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


def stored_files(location) -> list:
    return [p for p in location.rglob("*") if p.is_file()]
