"""The feedback screen: one question's verdict and evidence, after an answer or in a review."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from casequiz.bank.cloze import cited_excerpts
from casequiz.quiz.attempt import Answer
from casequiz.quiz.draw import Slot
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.screens.source import SourceScreen
from casequiz.tui.text import plain
from casequiz.tui.widgets.excerpt import ExcerptView
from casequiz.tui.widgets.feedback import FeedbackPanel
from casequiz.tui.widgets.keyfooter import KeyFooter


class FeedbackScreen(Screen[None]):
    """The question again, then the feedback panel; Enter goes on."""

    HELP = "Feedback"
    """The help screen's section listed first."""

    CSS_PATH = "feedback.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "done", "Continue", priority=True),
        Binding("o", "open_source", "Source text"),
        Binding("escape", "done", "Back", show=False),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(
        self, slot: Slot, answer: Answer | None, *, position: int, total: int, review: bool = False
    ) -> None:
        super().__init__()
        self.slot = slot
        self.answer = answer
        self.position = position
        self.total = total
        self.review = review

    def compose(self) -> ComposeResult:
        title = f"Question {self.position + 1} of {self.total} · "
        title += "review" if self.review else "feedback"
        yield Static(title, id="feedback-title")
        with VerticalScroll(id="feedback-body"):
            yield Static(plain(self.slot.question.prompt), id="feedback-prompt")
            yield FeedbackPanel(self.slot, self.answer)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").focus()

    def action_done(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP))

    def action_open_source(self) -> None:
        """Open the focused excerpt's source, or the first excerpt whose source text is here."""
        views = [view for view in self.query(ExcerptView) if view.has_text]
        focused = self.focused if isinstance(self.focused, ExcerptView) else None
        view = focused if focused is not None and focused.has_text else next(iter(views), None)
        if view is not None:
            self._open(view)
        else:
            self.notify(
                "This bank's source texts are not here: the excerpts above are all there is. "
                "(A teacher can add them to the bank's sources folder.)",
                title="No source text",
                severity="warning",
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer `o` whenever the answer cites a source (it says so when its text is missing)."""
        if action == "open_source":
            return bool(cited_excerpts(self.slot.question))
        return True

    def on_excerpt_view_open_source(self, message: ExcerptView.OpenSource) -> None:
        self._open(message.view)

    def _open(self, view: ExcerptView) -> None:
        text = view.bank.source_text(view.excerpt.ref)
        if text is None:
            return
        source = view.bank.bank.sources.get(view.excerpt.ref)
        citation = source.citation() if source else view.excerpt.ref
        self.app.push_screen(SourceScreen(citation, text, text.find(view.excerpt.quote)))
