"""Wall-clock times in an office's timezone, and the rule for daylight-saving gaps and repeats.

A time typed in a form is a wall-clock time in the office's timezone. Stored, it is UTC. Twice a
year that translation is not one-to-one:

- **gap** (clocks jump forward, e.g. 02:00 → 03:00 in Amsterdam on the last Sunday of March):
  a time inside the gap never happens; it becomes the first moment after the gap (03:00).
- **repeat** (clocks fall back, 03:00 → 02:00 on the last Sunday of October): a time in the
  repeated hour happens twice; it means the first occurrence (summer time).

So a reminder typed for 02:30 on a spring-forward night fires at 03:00 local, once; one typed for
02:30 on a fall-back night fires at the first 02:30 (00:30 UTC), once. See docs/reminders.md.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo


def office_tz(office) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(office.timezone)


def is_nonexistent(wall: datetime, tz: tzinfo) -> bool:
    """Whether a naive wall-clock time falls in a daylight-saving gap of `tz`."""
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall


def is_ambiguous(wall: datetime, tz: tzinfo) -> bool:
    """Whether a naive wall-clock time happens twice in `tz` (the hour that repeats)."""
    first = wall.replace(tzinfo=tz, fold=0)
    second = wall.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_nonexistent(wall, tz)


def wall_to_utc(wall: datetime, tz: tzinfo) -> datetime:
    """A naive wall-clock time in `tz` → an aware UTC datetime, by the rule above."""
    if wall.tzinfo is not None:
        return wall.astimezone(UTC)
    if not is_nonexistent(wall, tz):
        # fold=0 is the first occurrence of a repeated time (PEP 495).
        return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    # Inside a gap. fold=0 reads the time with the offset before the jump, fold=1 with the offset
    # after it: the transition instant lies between the two; find it to the second.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if low > high:
        low, high = high, low
    after = high.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def utc_to_wall(moment: datetime, tz: tzinfo) -> datetime:
    """An aware datetime as a naive wall-clock time in `tz` (what a form shows)."""
    return moment.astimezone(tz).replace(tzinfo=None)
