"""What screens ask of the app: tiny messages, so screens never reach into each other.

The app owns the flow between screens (home, questions, results) and the one attempt in
progress; a screen only says what the student did.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from casequiz.quiz.attempt import Attempt


@dataclass
class StartAttempt(Message):
    """Show this attempt's current question (a new attempt, a resumed one, or a retry)."""

    attempt: Attempt


@dataclass
class EndAttempt(Message):
    """Finish this attempt and show its results."""

    attempt: Attempt


@dataclass
class GoHome(Message):
    """Back to the home screen (or quit, when the app was started on an attempt)."""
