"""Text folding for search and sorting: the same rule on both databases."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case without accents: “Bökenkamp” → “bokenkamp”, “Ñúñez” → “nunez”."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
