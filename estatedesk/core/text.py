"""Plain text: folding for search and sorting (the same rule on both databases), and bidi
isolation where no markup can do it (e-mails, calendar feeds)."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case without accents: “Bökenkamp” → “bokenkamp”, “Ñúñez” → “nunez”."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value: object) -> str:
    """A name or free text for a plain-text sentence, between Unicode isolates (FSI … PDI):
    its direction and any bidi control it holds (U+202E) stop at its end. HTML uses `<bdi>`
    (core.html.bdi) instead."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"
