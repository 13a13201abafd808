"""List cells written in Python say what Django's template filters would say."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.utils import dateformat, formats, timezone, translation

from estatedesk.core import tables
from estatedesk.core.tables import Cells, date_formatter

DAYS = [
    datetime.date(2026, 1, 5),
    datetime.date(2026, 12, 31),
    datetime.date(999, 7, 9),
    datetime.date(2000, 2, 29),
]
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
MOMENTS = [
    datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),  # 1 January in Amsterdam
    datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_date_cell_matches_the_short_date_filter_in_every_language(language):
    with translation.override(language), timezone.override(AMSTERDAM):
        cells = Cells()
        for value in DAYS:
            assert cells.date(value) == formats.date_format(value, "SHORT_DATE_FORMAT")
        for value in MOMENTS:
            expected = formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")
            assert cells.date(value) == expected


def test_a_date_cell_shows_the_day_in_the_users_time_zone():
    with translation.override("de"), timezone.override(AMSTERDAM):
        assert Cells().date(MOMENTS[0]) == "01.01.2027"


def test_an_empty_date_cell_says_what_it_is_told():
    assert Cells().date(None, empty="—") == "—"


@pytest.mark.parametrize("fmt", ["d.m.Y", "j-n-y", r"Y \d d", "m/d/Y", "Y"])
def test_the_date_formatter_writes_what_djangos_formatter_writes(fmt):
    write = date_formatter(fmt)
    assert write is not None
    for value in DAYS:
        assert write(value) == dateformat.format(value, fmt)


@pytest.mark.parametrize("fmt", ["D, j M Y", "N j, Y", "d.m.Y H:i", "d\\"])
def test_the_date_formatter_leaves_names_and_times_to_django(fmt):
    assert date_formatter(fmt) is None


def test_a_date_cell_in_a_format_with_names_falls_back_to_django(monkeypatch):
    fmt = "D, j M Y"
    original = formats.get_format

    def get_format(name, *args, **kwargs):
        return fmt if name == "SHORT_DATE_FORMAT" else original(name, *args, **kwargs)

    monkeypatch.setattr(tables.formats, "get_format", get_format)
    with translation.override("en"):
        assert Cells().date(DAYS[0]) == dateformat.format(DAYS[0], fmt) == "Mon, 5 Jan 2026"
