"""One source excerpt as a quotation: the words that carry the answer highlighted, then whence.

The excerpt is the evidence for the answer, so it is shown word for word (literally, whatever
characters it holds) with its source's title, outlet and date. When the source's full text is
available the excerpt can be focused and opened (o, or a click) to read it in context.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from casequiz.bank.load import LoadedBank
from casequiz.bank.model import Excerpt
from casequiz.quiz.highlight import answer_spans
from casequiz.tui.text import marked, plain

HIGHLIGHT = "bold $text-warning on $warning-muted"
"""How the answer's words stand out in an excerpt (theme colours, so light and dark both work)."""


class ExcerptView(Vertical):
    """A quotation block with its citation."""

    can_focus = True

    @dataclass
    class OpenSource(Message):
        """Asks for the full text of this excerpt's source, scrolled to the excerpt."""

        view: ExcerptView

    def __init__(self, bank: LoadedBank, excerpt: Excerpt, question: object) -> None:
        super().__init__(classes="excerpt")
        self.bank = bank
        self.excerpt = excerpt
        self.question = question
        self.has_text = bank.source_text(excerpt.ref) is not None

    def compose(self) -> ComposeResult:
        quote = self.excerpt.quote
        body = marked(quote, answer_spans(self.question, quote), HIGHLIGHT)
        yield Static(Content.assemble("“", body, "”"), classes="quote")
        source = self.bank.bank.sources.get(self.excerpt.ref)
        citation = plain(source.citation()) if source else plain(self.excerpt.ref)
        yield Static(Content.assemble("— ", citation), classes="citation")

    def on_click(self, event: events.Click) -> None:
        if self.has_text:
            self.post_message(self.OpenSource(self))
