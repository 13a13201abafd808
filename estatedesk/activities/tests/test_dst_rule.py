"""The rule for wall-clock times that a clock change skips or repeats."""

# Wall-clock times are naive on purpose: they are what a person types, before any timezone.
# ruff: noqa: DTZ001

import zoneinfo
from datetime import UTC, datetime

import pytest

from estatedesk.activities.times import is_ambiguous, is_nonexistent, utc_to_wall, wall_to_utc

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("wall", "tz", "utc"),
    [
        # an ordinary winter and summer time
        (datetime(2026, 1, 15, 9, 30), AMSTERDAM, datetime(2026, 1, 15, 8, 30, tzinfo=UTC)),
        (datetime(2026, 7, 15, 9, 30), AMSTERDAM, datetime(2026, 7, 15, 7, 30, tzinfo=UTC)),
        # gap: 02:00–03:00 does not exist on 29 March 2026; it becomes 03:00 (01:00 UTC)
        (datetime(2026, 3, 29, 2, 0), AMSTERDAM, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 2, 30), AMSTERDAM, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 2, 59), AMSTERDAM, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 1, 59), AMSTERDAM, datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        # repeat: 02:00–03:00 happens twice on 25 October 2026; the first (summer time) counts
        (datetime(2026, 10, 25, 2, 30), AMSTERDAM, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (datetime(2026, 10, 25, 3, 0), AMSTERDAM, datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
        # other zones: New York's gap, and Lord Howe Island's half-hour one
        (datetime(2026, 3, 8, 2, 15), zoneinfo.ZoneInfo("America/New_York"),
         datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        (datetime(2026, 10, 4, 2, 15), zoneinfo.ZoneInfo("Australia/Lord_Howe"),
         datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_wall_clock_time_to_utc(wall, tz, utc):
    assert wall_to_utc(wall, tz) == utc


def test_gap_and_repeat_are_recognised():
    assert is_nonexistent(datetime(2026, 3, 29, 2, 30), AMSTERDAM)
    assert not is_nonexistent(datetime(2026, 3, 29, 3, 30), AMSTERDAM)
    assert is_ambiguous(datetime(2026, 10, 25, 2, 30), AMSTERDAM)
    assert not is_ambiguous(datetime(2026, 10, 25, 3, 30), AMSTERDAM)
    assert not is_ambiguous(datetime(2026, 3, 29, 2, 30), AMSTERDAM)


def test_the_gap_rule_shows_back_as_the_first_valid_time():
    stored = wall_to_utc(datetime(2026, 3, 29, 2, 30), AMSTERDAM)
    assert utc_to_wall(stored, AMSTERDAM) == datetime(2026, 3, 29, 3, 0)
