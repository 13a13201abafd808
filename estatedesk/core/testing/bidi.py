"""Where a page shows a bidi control (a right-to-left override, U+202E, that someone put in a
name) outside an isolate, so that it would reorder the text around it."""

from __future__ import annotations

from html.parser import HTMLParser

# Embeddings and overrides: they reorder everything up to the end of their paragraph unless an
# isolate (<bdi>, an element with dir=, or FSI/LRI/RLI … PDI) ends them first.
EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
OPENERS, PDI = frozenset("\u2066\u2067\u2068"), "\u2069"
VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)
# Form controls and the like are a paragraph of their own: nothing else shares their line.
OWN_PARAGRAPH = frozenset({"option", "textarea", "script", "style", "title"})


def _in_text_isolate(text: str, index: int) -> bool:
    depth = 0
    for char in text[:index]:
        if char in OPENERS:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
    return depth > 0 and PDI in text[index:]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, isolates)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            isolates = tag == "bdi" or tag in OWN_PARAGRAPH or any(n == "dir" for n, _ in attrs)
            self.open.append((tag, isolates))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if any(isolates for _, isolates in self.open):
            return
        for index, char in enumerate(data):
            if char in EMBEDDINGS and not _in_text_isolate(data, index):
                self.found.append(data.strip()[:80])
                return


def unisolated_bidi_controls(html: str) -> list[str]:
    """The text around each bidi control of `html` that no isolate contains."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
