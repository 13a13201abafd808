"""/health/: whether the database answers and the background worker is alive, for monitors.

No login, and nothing private: states, ages and counts, never a task's arguments. 200 when all
is well, 503 when the database is unreachable or no worker beat lately.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import heartbeat


def health_report() -> tuple[bool, dict[str, Any]]:
    """(healthy, the report) as /health/ answers them."""
    report: dict[str, Any] = {"database": "ok", "worker": None, "queue": None}
    if not heartbeat.database_ok():
        report["database"] = "unreachable"
        return False, report
    now = timezone.now()
    try:
        worker = heartbeat.worker_health(now)
        queue = heartbeat.queue_health(now)
    except DatabaseError:
        report["database"] = "unreachable"
        return False, report
    report["worker"] = {
        "state": worker.state.value,
        "last_heartbeat": worker.last_beat.isoformat() if worker.last_beat else None,
        "heartbeat_age_seconds": _rounded(worker.age_seconds),
        "stale_after_seconds": heartbeat.stale_after().total_seconds(),
    }
    report["queue"] = {
        "waiting": queue.waiting,
        "oldest_waiting_seconds": _rounded(queue.oldest_age_seconds),
    }
    return worker.state == heartbeat.WorkerState.OK, report


def _rounded(seconds: float | None) -> float | None:
    return round(seconds, 1) if seconds is not None else None


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    report = {"status": "ok" if healthy else "unavailable", **report}
    response = JsonResponse(report, status=200 if healthy else 503)
    if not healthy:
        # Monitors and load balancers poll again; say when another look is worth it.
        response["Retry-After"] = "30"
    return response
