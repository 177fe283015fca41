"""The results screen: the score, a bar per topic, and every question to review.

Any question opens its feedback (the review after an exam is here). Practice offers to retry
the questions not answered right; an exam shows the result file to hand in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from casequiz.quiz.attempt import Answer, Attempt, Mode, Result
from casequiz.tui.messages import GoHome, StartAttempt
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.text import plain, points
from casequiz.tui.widgets.feedback import MARKS
from casequiz.tui.widgets.keyfooter import KeyFooter
from casequiz.tui.widgets.pathtext import PathText
from casequiz.tui.widgets.topicbars import TopicBars


@dataclass
class Outcome:
    """How an attempt ended: its result, and the result file written for an exam."""

    result: Result
    result_file: Path | None = None
    file_error: str | None = None
    timed_out: bool = False


def question_line(
    number: int, answer: Answer | None, prompt: str, max_points: float, *, flagged: bool = False
) -> Content:
    """`3 ✘ 0/1 ⚑ prompt…` for the list of questions (⚑ on a flagged one)."""
    if answer is None:
        mark, style, score = "–", "$text-muted", f"0/{points(max_points)}"
    else:
        mark, style = MARKS[answer.verdict.status]
        score = f"{points(answer.verdict.score)}/{points(answer.verdict.max)}"
    flag = ("⚑ ", "$warning bold") if flagged else "  "
    head = Content.assemble(
        (f"{number:>2} ", "bold"), (mark, f"bold {style}"), f" {score:>6} ", flag
    )
    first_line = prompt.strip().splitlines()[0] if prompt.strip() else ""
    return Content.assemble(head, plain(first_line))


class ResultsScreen(Screen[None]):
    """The end of an attempt."""

    HELP = "Results"
    """The help screen's section listed first."""

    CSS_PATH = "results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry wrong ones"),
        Binding("h", "home", "Home"),
        Binding("escape", "back", "Back to history"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(
        self, attempt: Attempt, outcome: Outcome, *, has_home: bool, past: bool = False
    ) -> None:
        super().__init__()
        self.attempt = attempt
        self.outcome = outcome
        self.has_home = has_home
        self.past = past
        """Opened from the history: escape goes back to it."""

    def compose(self) -> ComposeResult:
        attempt, result = self.attempt, self.outcome.result
        mode = "Practice" if attempt.mode is Mode.PRACTICE else "Exam"
        when = ""
        if self.past and attempt.started_at is not None:
            when = f" · {attempt.started_at:%Y-%m-%d %H:%M}"
        yield Static(
            Content.assemble(f"Results · {mode} · ", plain(attempt.student), when), id="title"
        )
        if self.outcome.timed_out:
            yield Static("Time is up: the exam was finished with the answers given.", id="time-up")
        flagged = len(attempt.flags)
        yield Static(
            Content.assemble(
                (f"Score {points(result.score)} / {points(result.max)} · ", "bold"),
                (f"{result.percent:.0f}%", "bold"),
                f"   {result.answered} of {len(result.items)} answered · {result.correct} right",
                (f" · ⚑ {flagged} flagged", "$text-warning") if flagged else "",
            ),
            id="score",
        )
        if self.outcome.result_file is not None:
            # On lines of its own, broken only between folders: it must be copyable.
            yield Static(Content.styled("Result file to hand in:", "bold"), id="result-label")
            yield PathText(str(self.outcome.result_file), id="result-file")
        elif self.outcome.file_error:
            yield Static(plain(f"No result file: {self.outcome.file_error}"), id="result-file")
        yield TopicBars(result.topics, id="topics")
        yield Static("Questions · enter opens the feedback", id="list-title")
        yield OptionList(
            *(
                Option(
                    question_line(
                        n + 1,
                        answer,
                        slot.question.prompt,
                        slot.question.points,
                        flagged=n in attempt.flags,
                    )
                )
                for n, (slot, answer) in enumerate(result.items)
            ),
            id="questions",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        questions = self.query_one("#questions", OptionList)
        questions.highlighted = 0
        questions.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        slot, answer = self.outcome.result.items[index]
        self.app.push_screen(
            FeedbackScreen(slot, answer, position=index, total=len(self.attempt.slots), review=True)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.attempt.mode is Mode.PRACTICE and bool(self.attempt.wrong())
        if action == "home":
            return self.has_home
        if action == "back":
            return self.past
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_retry(self) -> None:
        """A new practice attempt over the questions not answered right."""
        self.post_message(StartAttempt(self.attempt.retry_wrong()))

    def action_home(self) -> None:
        self.post_message(GoHome())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP))
