"""Feedback in a study session: practice's feedback screen with the rating underneath.

The answer is already committed with the suggested rating when this screen opens, so the
rating line can say at once when the question comes back. A number key changes the rating (the
engine stores it again, computed from the card as it was) and the line follows; Enter keeps it
and goes on.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from fsrs import Rating
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from casequiz.quiz.attempt import Answer
from casequiz.quiz.study import Graded, Rated, StudySession
from casequiz.quiz.studystats import describe_wait
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.widgets.keyfooter import KeyFooter

WHY = {
    "wrong": "wrong answer",
    "partial": "partly right",
}


def reason(graded: Graded) -> str:
    """Why this rating was suggested, so the student can tell when to change it."""
    verdict = graded.verdict
    if verdict.status in WHY:
        return WHY[verdict.status]
    if verdict.fuzzy:
        return "right, with a typo"
    return "right, and fast" if graded.suggested is Rating.Easy else "right"


def rating_line(graded: Graded, rated: Rated) -> Content:
    """`Good · comes back in 10 minutes (14:32) · suggested: right`, then the keys."""
    when = describe_wait(rated.due, rated.reviewed_at)
    first = Content.assemble(
        (rated.rating.name, "bold"),
        f" · comes back {when} · suggested {graded.suggested.name} ({reason(graded)})",
    )
    keys = [Content.styled("enter", "bold"), Content(" keep it and go on  ")]
    for rating in Rating:
        style = "bold reverse" if rating is rated.rating else "bold"
        keys += [Content.styled(f" {int(rating)} ", style), Content(f" {rating.name}  ")]
    return Content("\n").join([first, Content("").join(keys)])


class StudyFeedbackScreen(FeedbackScreen):
    """The verdict and the evidence, as in practice, and the rating with its keys."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["feedback.tcss", "study.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
    ]

    def __init__(
        self,
        session: StudySession,
        graded: Graded,
        answer: Answer,
        *,
        position: int,
        total: int,
    ) -> None:
        super().__init__(graded.slot, answer, position=position, total=total)
        self.session = session
        self.graded = graded

    async def on_mount(self) -> None:
        rated = self.session.rated or self.graded.rated
        await self.mount(
            Static(rating_line(self.graded, rated), id="rating"), before=self.query_one(KeyFooter)
        )

    def action_rate(self, number: int) -> None:
        """A number key: change the rating (stored at once); the line shows the new due time."""
        rated = self.session.change_rating(Rating(number))
        self.query_one("#rating", Static).update(rating_line(self.graded, rated))

    def action_done(self) -> None:
        """Enter (or escape): keep the rating shown and go on to the next question."""
        if self.session.answered:
            self.session.rate()
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Study"))
