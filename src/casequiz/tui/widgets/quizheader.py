"""The two lines above a question: where the student is, and how it is going.

Line one names the bank and, on the right, the running score (practice) or the time left
(exam), plus a flag mark. Line two is the position, `Question 3 of 8`, with a progress bar.
The countdown redraws itself twice a second; running out of time is the app's business.
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import ProgressBar, Static

from casequiz.quiz.attempt import Attempt, Mode
from casequiz.tui.text import plain, points


def clock_text(seconds: float) -> str:
    """Time left as a countdown shows it: `9:05`, `1:02:03`; rounded up, so 0:00 means over."""
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


class QuizHeader(Vertical):
    """Bank title, score or countdown, flag, and progress through the attempt."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-row"):
            yield Static(id="bank-title")
            yield Static(id="standing")
        with Horizontal(id="progress-row"):
            yield Static(id="position")
            yield ProgressBar(
                total=len(self.attempt.slots),
                show_eta=False,
                show_percentage=False,
                id="progress",
            )

    def on_mount(self) -> None:
        self.refresh_state()
        if self.attempt.time_limit is not None:
            self.set_interval(0.5, self.update_standing)

    def refresh_state(self) -> None:
        """Show the current question's bank and position, and the standing."""
        attempt = self.attempt
        self.query_one("#bank-title", Static).update(plain(attempt.current.bank.bank.title))
        total = len(attempt.slots)
        self.query_one("#position", Static).update(f"Question {attempt.position + 1} of {total}")
        self.query_one(ProgressBar).update(progress=attempt.position + 1)
        self.update_standing()

    def update_standing(self) -> None:
        attempt = self.attempt
        parts: list[Content] = []
        if attempt.position in attempt.flags:
            parts.append(Content.styled("⚑ flagged", "$warning bold"))
        if attempt.mode is Mode.PRACTICE:
            answered = attempt.answers.values()
            score = sum(a.verdict.score for a in answered)
            out_of = sum(a.verdict.max for a in answered)
            parts.append(Content(f"Score {points(score)}/{points(out_of)}"))
        else:
            parts.append(Content(f"Exam · {len(attempt.answers)} answered"))
            left = attempt.time_left()
            if left is not None:
                style = "$error bold" if left < 60 else "bold"
                parts.append(Content.styled(f"⏱ {clock_text(left)} left", style))
        self.query_one("#standing", Static).update(Content("  ").join(parts))
