"""A page's visible text pieces, as a reader sees them: text nodes and the title, placeholder,
aria-label and alt attributes, leaving out what is not interface text in the page's language
(scripts, styles, code, and any element marked with its own `lang`, such as reference
content shown in English). Shared by the untranslated-text contract test and the crawler."""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser

ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)


class VisibleText(HTMLParser):
    def __init__(self, skipped: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped = frozenset(skipped)
        self.pieces: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # Inside a skipped element every element is counted, so that a nested one (a
        # <span lang="en"> holding a <span>) does not end the skip when it closes; void
        # elements have no end tag and are not counted.
        if self._skip or tag in self.skipped or (values.get("lang") and tag != "html"):
            if tag not in VOID_TAGS:
                self._skip.append(tag)
            return
        self.pieces.extend(str(values[name]) for name in ATTRIBUTES if values.get(name))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip:  # closing an element closes those left open inside it
            while self._skip.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(data)


def visible_pieces(html: str, skipped: Iterable[str]) -> list[str]:
    """The pieces as found (white space as in the page)."""
    parser = VisibleText(skipped)
    parser.feed(html)
    return parser.pieces
