"""Reading the category tree editor's page as a user sees it: names, nested."""

from __future__ import annotations

from html.parser import HTMLParser


class _OutlineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root: list = []
        self.stack: list[list] = [self.root]
        self.li_depth: list[bool] = []  # per open <li>: is it a category node?
        self.in_name = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li":
            is_node = (attrs.get("id") or "").startswith("category-")
            self.li_depth.append(is_node)
            if is_node:
                node = ["", []]
                self.stack[-1].append(node)
                self.stack.append(node[1])
                self._current = node
        elif tag == "span" and "node-name" in (attrs.get("class") or "").split():
            self.in_name = True

    def handle_endtag(self, tag):
        if tag == "li" and self.li_depth and self.li_depth.pop():
            self.stack.pop()
        elif tag == "span":
            self.in_name = False

    def handle_data(self, data):
        if self.in_name:
            self._current[0] += data.strip()


def category_outline(html: str) -> list:
    """[("Buyers", [("Hot", []), ("Cold", [])]), ("Sellers", [])] from the tree editor's page."""
    parser = _OutlineParser()
    parser.feed(html)

    def freeze(nodes: list) -> list:
        return [(name, freeze(children)) for name, children in nodes]

    return freeze(parser.root)
