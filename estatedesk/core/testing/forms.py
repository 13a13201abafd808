"""What a browser would submit for a form on a page: tests post what the page really carries."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects the successful controls of the form with `form_id` (inputs, selects, textareas)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_multiple = False
        self._options: list[tuple[str, bool]] = []
        self._in_option = False
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = self.found = True
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_multiple, self._options = name, "multiple" in a, []
        elif tag == "option" and self._select is not None:
            self._finish_option()
            self._in_option = True
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text += data
        elif self._in_option:
            self._option_text += data

    def _finish_option(self) -> None:
        if self._select is None or not self._in_option:
            return
        value = self._option_value if self._option_value is not None else self._option_text.strip()
        self._options.append((value, self._option_selected))
        self._in_option, self._option_value, self._option_text = False, None, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self._finish_option()
        elif tag == "select" and self._select is not None:
            self._finish_option()
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not self._select_multiple and self._options:
                chosen = [self._options[0][0]]
            self.pairs.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            text = self._textarea_text.removeprefix("\r\n").removeprefix("\n")
            self.pairs.append((self._textarea, text))
            self._textarea = None


def form_fields(html: str | bytes, form_id: str = "record-form") -> dict[str, list[str]]:
    """{name: [values]} a browser would post for the form `form_id` as the page shows it."""
    reader = _FormReader(form_id)
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    if not reader.found:
        raise AssertionError(f"no <form id={form_id!r}> on the page")
    data: dict[str, list[str]] = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    return data
