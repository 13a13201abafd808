"""The garbage collector and a long-running server process.

A request allocates tens of thousands of objects; every few hundred requests that sets off a
full collection, which walks every object the process holds — the whole of Django, the
project, compiled templates, cached office lists — and stops that request long enough to show
in the slowest requests' times (docs/performance.md). What start-up loaded
lives as long as the process: `gc.freeze()` moves it to a generation the collector never
walks, so full collections only walk what was made since. The objects stay where they are
(no copy), and the collector no longer writes to the pages a forked worker shares with its
master (reference counting still does).
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Collect what start-up left as garbage, then keep everything alive now out of later
    collections. Call once the application is loaded; returns the number of frozen objects."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
