"""What start-up loaded stays out of the garbage collector's full collections."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from estatedesk.core.heap import freeze_startup_heap

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def unfreeze_after():
    yield
    gc.unfreeze()


def test_what_is_alive_at_startup_is_no_longer_walked_by_collections(unfreeze_after):
    loaded = [object() for _ in range(3)]  # a container the collector tracks
    assert any(o is loaded for o in gc.get_objects())
    frozen = freeze_startup_heap()
    assert frozen == gc.get_freeze_count() > 0
    assert not any(o is loaded for o in gc.get_objects())


def test_the_wsgi_entry_point_freezes_the_loaded_application():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "estatedesk.settings.test"}
    code = "import gc, estatedesk.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run(  # noqa: S603 - a fixed command line, no outside input
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    # Django, the project and the URLconf: tens of thousands of objects, none walked again.
    assert int(result.stdout.strip()) > 20_000
