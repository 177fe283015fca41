"""Text between a bank and a Moodle format: HTML to readable plain text and back.

Moodle trims every text and HTML collapses runs of spaces, so a text crosses a format *up to
whitespace*: `held` is exactly what comes back, and the round-trip tests compare against it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PARAGRAPHS = re.compile(r"\n{3,}")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "section",
        "article",
        "footer",
        "header",
    ]
)


def held(text: str) -> str:
    """`text` as a Moodle format holds it: line breaks kept, other whitespace runs one space,
    each line trimmed, no control characters."""
    text = _BREAKS.sub("\n", text)
    text = _CONTROL.sub(" ", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _PARAGRAPHS.sub("\n\n", "\n".join(lines)).strip("\n")


def one_line(text: str) -> str:
    """A text held on one line (a tag, a category): line breaks are spaces too."""
    return " ".join(held(text).split())


def to_html(text: str) -> str:
    """Plain text as HTML that shows the same: escaped, line breaks as `<br>`."""
    return "<br>".join(html.escape(line, quote=False) for line in held(text).split("\n"))


class _Text(HTMLParser):
    """Collects the text of an HTML fragment the way a browser lays it out, roughly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "img":
            self.images += 1
            alt = dict(attrs).get("alt")
            self.parts.append(f"[image: {alt}]" if alt else "[image]")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(" ".join(data.split("\n")))


def from_html(fragment: str) -> tuple[str, int]:
    """The readable plain text of an HTML fragment, and how many images it had (kept as
    `[image: alt]`, since a bank holds no pictures)."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    joined = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return held("\n".join(lines)), parser.images


def looks_like_html(text: str) -> bool:
    """Whether text in Moodle's own format holds markup worth converting."""
    return bool(re.search(r"</?[a-zA-Z][^>]*>|&[a-zA-Z]+;|&#\d+;", text))
