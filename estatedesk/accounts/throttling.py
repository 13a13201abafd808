"""Login throttling by back-off, never by lockout: per address, and per account from addresses
that have been failing.

An address's failures (to any account) slow that address once there are more than a shared
office NAT makes by mistake. An account's failures (from any address) slow further attempts on
it, but only from addresses that have recent failures themselves: an agent typing the right
password from a clean address always gets in, so nobody can lock an agent out from elsewhere.
Each delay doubles with every failure past the free ones, up to the failure window.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure

# The first back-off delay in seconds (after the free failures); each further failure doubles
# it: 30 s, 1 min, 2 min, ... up to the failure window.
BACKOFF_BASE_SECONDS = 30
# An address may be an office's NAT: it gets this many times the free failures of an account.
ADDRESS_ALLOWANCE_FACTOR = 4


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (what the outermost trusted proxy saw), never one the client wrote."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


@dataclass(frozen=True)
class _Failures:
    count: int
    last_at: datetime | None

    def wait_seconds(self, *, free: int, now: datetime) -> int:
        """Seconds left before the next attempt, after `count` failures of which `free` cost
        nothing; 0 when an attempt may go ahead."""
        if self.count < free or self.last_at is None:
            return 0
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        delay = min(BACKOFF_BASE_SECONDS * 2 ** min(self.count - free, 30), window)
        left = (self.last_at + timedelta(seconds=delay) - now).total_seconds()
        return max(0, math.ceil(left))


def _normalise(email: str) -> str:
    return (email or "").strip().lower()[:254]


def _recent(now: datetime) -> QuerySet[LoginFailure]:
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(at__gte=since)


def _failures(queryset: QuerySet[LoginFailure]) -> _Failures:
    row = queryset.aggregate(count=Count("pk"), last_at=Max("at"))
    return _Failures(count=row["count"], last_at=row["last_at"])


def login_retry_after(*, email: str, ip_address: str | None) -> int:
    """Seconds this address must wait before trying `email` again; 0 when it may try now."""
    now = timezone.now()
    recent = _recent(now)
    limit = settings.LOGIN_FAILURE_LIMIT
    waits = [0]
    by_address = _failures(recent.filter(ip_address=ip_address)) if ip_address else None
    if by_address is not None:
        waits.append(by_address.wait_seconds(free=limit * ADDRESS_ALLOWANCE_FACTOR, now=now))
    # An account's back-off holds only for addresses that have been failing (or are unknown).
    if email and (by_address is None or by_address.count):
        by_account = _failures(recent.filter(email=_normalise(email)))
        waits.append(by_account.wait_seconds(free=limit, now=now))
    return max(waits)


def login_failure_record(*, email: str, ip_address: str | None) -> None:
    """Note a failed password (or second-factor code) for `email` from `ip_address`."""
    LoginFailure.objects.create(email=_normalise(email), ip_address=ip_address)
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS * 4)
    LoginFailure.objects.filter(at__lt=cutoff).delete()


def login_failures_clear(*, email: str, ip_address: str | None) -> None:
    """A complete login from this address forgets its failures for this account. Failures
    from other addresses stay: they keep slowing whoever made them."""
    LoginFailure.objects.filter(email=_normalise(email), ip_address=ip_address).delete()


# --- password reset requests -------------------------------------------------------------

# Reset requests one address may make per hour, and reset e-mails one account gets per hour
# (more requests for it are answered the same, but send nothing: no mail bombing).
RESET_REQUESTS_PER_ADDRESS = 5
RESET_MAILS_PER_ACCOUNT = 3
RESET_WINDOW_SECONDS = 3600


def _count_in_window(key: str) -> int:
    """Add one to a counter that lives for the reset window; the new value."""
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


def reset_request_allowed(*, ip_address: str | None) -> bool:
    """Count a reset request from this address; False once it has made too many this hour."""
    return _count_in_window(f"reset-requests:{ip_address}") <= RESET_REQUESTS_PER_ADDRESS


def reset_mail_allowed(*, email: str) -> bool:
    """Count a reset e-mail to this account; False once it has had enough this hour."""
    key = "reset-mails:" + hashlib.sha256(_normalise(email).encode()).hexdigest()
    return _count_in_window(key) <= RESET_MAILS_PER_ACCOUNT
