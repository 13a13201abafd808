"""What the Content-Security-Policy forbids in a page, found in its HTML: inline scripts
without the request's nonce, on*= handlers, hx-on (evaluated by htmx), javascript: links,
style="" attributes and <style> blocks. Used by the CSP tests over every page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


class _InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        shown = self.get_starttag_text() or tag
        if tag in ("script", "style") and not names & {"src", "nonce"}:
            self.problems.append(f"inline <{tag}> without a nonce: {shown[:120]}")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"{name}= handler: {shown[:120]}")
            elif name == "style":
                self.problems.append(f"style= attribute: {shown[:120]}")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL: {shown[:120]}")
            elif name in ("hx-vals", "hx-vars") and (value or "").strip().startswith(
                ("js:", "javascript:")
            ):
                self.problems.append(f"evaluated {name}: {shown[:120]}")


def inline_code(html: str) -> list[str]:
    """Each element of `html` the policy would block, described in one line."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def _has_arguments(pattern: object) -> bool:
    if isinstance(pattern, RoutePattern):
        return bool(pattern.converters)
    if isinstance(pattern, RegexPattern):
        # A regex route with no group still matches more than one path (the API's catch-all).
        return bool(pattern.regex.groups) or pattern.regex.pattern.rstrip("$").endswith(".*")
    return True


def _walk(patterns: Iterable, namespace: str) -> Iterator[str]:
    for entry in patterns:
        if _has_arguments(entry.pattern):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def url_names_without_arguments() -> list[str]:
    """Every named URL that reverses with no argument: the lists, forms and setup pages."""
    return sorted(set(_walk(get_resolver().url_patterns, "")))
