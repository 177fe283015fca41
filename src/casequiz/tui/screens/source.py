"""A source's full text, scrolled to an excerpt and with the excerpt highlighted.

The text is split into paragraphs (at blank lines; single line breaks are reflowed) so the
screen can scroll the one holding the excerpt into view, whatever the terminal's width does to
line wrapping.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from casequiz.bank.excerpts import SourceText, Span
from casequiz.tui.text import marked, plain
from casequiz.tui.widgets.excerpt import HIGHLIGHT
from casequiz.tui.widgets.keyfooter import KeyFooter

_PARAGRAPH = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the text's paragraphs, blank lines between them dropped."""
    spans: list[tuple[int, int]] = []
    at = 0
    for gap in _PARAGRAPH.finditer(text):
        spans.append((at, gap.start()))
        at = gap.end()
    spans.append((at, len(text)))
    return [
        (start, start + len(text[start:end].rstrip()))
        for start, end in spans
        if text[start:end].strip()
    ]


class SourceScreen(Screen[None]):
    """The whole source text; escape goes back to the feedback."""

    HELP = "Source text"
    """The help screen's section listed first."""

    CSS_PATH = "feedback.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,o,q", "close", "Back")]

    def __init__(self, citation: str, source: SourceText, excerpt: Span | None) -> None:
        super().__init__()
        self.citation = citation
        self.source = source
        self.excerpt = excerpt

    def compose(self) -> ComposeResult:
        yield Static(plain(self.citation), id="source-title")
        text = self.source.text
        flowing = text.replace("\n", " ")  # reflow lines, keeping every offset
        with VerticalScroll(id="source-body"):
            for start, end in paragraphs(text):
                spans: list[tuple[int, int]] = []
                if self.excerpt and self.excerpt.start < end and self.excerpt.end > start:
                    spans = [
                        (max(self.excerpt.start, start) - start, min(self.excerpt.end, end) - start)
                    ]
                paragraph = Static(
                    marked(flowing[start:end], spans, HIGHLIGHT), classes="paragraph"
                )
                paragraph.set_class(bool(spans), "-excerpt")
                yield paragraph
        yield KeyFooter()

    def on_mount(self) -> None:
        body = self.query_one("#source-body", VerticalScroll)
        body.focus()
        excerpt = next(iter(self.query(".-excerpt")), None)
        if excerpt is not None:
            self.call_after_refresh(body.scroll_to_widget, excerpt, animate=False, top=True)

    def action_close(self) -> None:
        self.dismiss(None)
