"""One source excerpt as a quotation: the words that carry the answer highlighted, then whence.

The excerpt is the evidence for the answer, so it is shown word for word (literally, whatever
characters it holds) with its source's title, outlet and date. When the source's full text is
available the excerpt can be focused and opened (o, or a click) to read it in context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from casequiz.bank.load import LoadedBank
from casequiz.quiz.highlight import answer_spans
from casequiz.quiz.shown import quote_marks
from casequiz.tui.text import marked, plain

if TYPE_CHECKING:
    from casequiz.bank.model import Excerpt

HIGHLIGHT = "bold $text-warning on $warning-muted"
"""How the answer's words stand out in an excerpt (theme colours, so light and dark both work)."""


class ExcerptView(Static, can_focus=True):
    """A quotation with its citation underneath, in one widget (feedback shows several)."""

    @dataclass
    class OpenSource(Message):
        """Asks for the full text of this excerpt's source, scrolled to the excerpt."""

        view: ExcerptView

    def __init__(self, bank: LoadedBank, excerpt: Excerpt, question: object) -> None:
        self.bank = bank
        self.excerpt = excerpt
        self.question = question
        self.has_text = bank.source_text(excerpt.ref) is not None
        super().__init__(excerpt_content(bank, excerpt, question), classes="excerpt")

    def on_click(self, event: events.Click) -> None:
        if self.has_text:
            self.post_message(self.OpenSource(self))


def excerpt_content(bank: LoadedBank, excerpt: Excerpt, question: object) -> Content:
    """`“quote”` (the answer's words highlighted), then `— title, outlet, date` below it."""
    quote = excerpt.quote
    opening, closing = quote_marks(quote)
    body = marked(quote, answer_spans(question, quote), HIGHLIGHT)
    source = bank.bank.sources.get(excerpt.ref)
    citation = plain(source.citation()) if source else plain(excerpt.ref)
    return Content.assemble(
        Content.assemble(opening, body, closing).stylize("italic"),
        "\n",
        Content.assemble("— ", citation).stylize("$text-muted"),
    )
