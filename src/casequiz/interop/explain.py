"""A question's explanation and excerpts as Moodle's general feedback, and back.

Moodle shows the general feedback after an attempt, which is where casequiz shows the
explanation and its evidence. Each excerpt is a `<blockquote>` citing its source (title, author,
outlet, date, link) in marked-up parts, so that Moodle shows it readably and an import of the
same file recovers the excerpt and its source exactly.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from casequiz.interop.text import from_html, held, to_html

if TYPE_CHECKING:
    from casequiz.bank.model import Excerpt, Source, _Question

_BLOCK = re.compile(
    r'<blockquote class="casequiz-excerpt" data-ref="([^"]*)"( data-passage="")?>'
    r"(.*?)</blockquote>",
    re.S,
)
PASSAGE = "passage"
"""The key an excerpt read back has when it was a cloze's own passage (its `quotes`)."""
_PARTS = ("author", "outlet", "published")


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _cite(ref: str, source: Source) -> str:
    parts = [f"<cite>{to_html(source.title)}</cite>"]
    for name in _PARTS:
        value = getattr(source, name)
        if value:
            parts.append(f'<span class="{name}">{to_html(value)}</span>')
    if source.url:
        parts.append(f'<a href="{_attr(held(source.url))}">{to_html(source.url)}</a>')
    return ", ".join(parts)


def general_feedback(
    question: _Question, sources: dict[str, Source], passage: Excerpt | None = None
) -> str:
    """The HTML of the general feedback: the explanation, then each excerpt with its source,
    and last the passage a cloze quotes, marked as such."""
    out = []
    if question.explanation:
        out.append(f"<p>{to_html(question.explanation)}</p>")
    for excerpt in [*question.source, *([passage] if passage else [])]:
        own = ' data-passage=""' if excerpt is passage else ""
        source = sources.get(excerpt.ref)
        footer = f"<footer>— {_cite(excerpt.ref, source)}</footer>" if source else ""
        out.append(
            f'<blockquote class="casequiz-excerpt" data-ref="{_attr(excerpt.ref)}"{own}>'
            f"<p>{to_html(excerpt.quote)}</p>{footer}</blockquote>"
        )
    return "".join(out)


class _Excerpt(HTMLParser):
    """The parts of one excerpt block: its quote and its source's fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, list[str]] = {}
        self.stack: list[str] = []
        self.url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "br":
            self._add("\n")
            return
        if tag == "p" and not self.stack:
            self.stack.append("quote")
        elif tag == "cite":
            self.stack.append("title")
        elif tag == "span" and found.get("class") in _PARTS:
            self.stack.append(str(found["class"]))
        elif tag == "a":
            self.url = found.get("href")
            self.stack.append("link")
        else:
            self.stack.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag != "br" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self._add(data)

    def _add(self, data: str) -> None:
        if self.stack and self.stack[-1]:
            self.fields.setdefault(self.stack[-1], []).append(data)


def read_general_feedback(
    fragment: str, is_html: bool
) -> tuple[str | None, list[dict[str, str]], dict[str, dict[str, Any]]]:
    """Explanation, excerpts and the sources they cite, from a general feedback.

    Feedback that casequiz did not write is all explanation (HTML made readable)."""
    excerpts: list[dict[str, str]] = []
    sources: dict[str, dict[str, Any]] = {}
    if is_html:
        for ref, passage, inner in _BLOCK.findall(fragment):
            parser = _Excerpt()
            parser.feed(inner)
            parser.close()
            fields = {k: held("".join(v)) for k, v in parser.fields.items()}
            ref = html.unescape(ref)
            if fields.get("quote"):
                excerpts.append({"ref": ref, "quote": fields["quote"]})
                if passage:
                    excerpts[-1][PASSAGE] = ""
            if fields.get("title"):
                source: dict[str, Any] = {"title": fields["title"]}
                source.update({k: fields[k] for k in _PARTS if fields.get(k)})
                if parser.url and held(parser.url):
                    source["url"] = held(parser.url)
                sources.setdefault(ref, source)
        fragment = _BLOCK.sub("", fragment)
        explanation = from_html(fragment)[0]
    else:
        explanation = fragment.strip()
    return explanation or None, excerpts, sources
