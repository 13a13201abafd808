"""`reverse()` for the URLs every page prints (the main menu's, a list's row links), without
resolving each time.

Django's `reverse` walks the URL resolver on every call; a 100-row list with a link per row
spends more on that than on its SQL. A URL with one integer argument is the same
text around the id, so it is reversed once per (name, script prefix, urlconf) and filled in;
a URL without arguments is reversed once per (name, script prefix, urlconf).
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "987654321987"


@lru_cache(maxsize=512)
def _around_id(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    url = reverse(name, args=[int(_PLACEHOLDER)], urlconf=urlconf)
    head, found, tail = url.partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in tail:
        raise ValueError(f"URL {name} does not carry its argument exactly once: {url}")
    return head, tail


def id_url(name: str, pk: int) -> str:
    """The same as `reverse(name, args=[pk])` for a URL whose only argument is an int."""
    head, tail = _around_id(name, get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=512)
def _plain(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


def plain_url(name: str) -> str:
    """The same as `reverse(name)` for a URL without arguments."""
    return _plain(name, get_script_prefix(), get_urlconf())
