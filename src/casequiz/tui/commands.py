"""The command palette (ctrl+p): what the app does, by name, instead of Textual's generic list.

On the home screen: practice or an exam on any bank, resume, history, study. Everywhere: the
help screen, the dark/light switch, the theme list and quit. Textual's "Keys" panel is left
out: it docks beside the screen (squeezing it at 80x24) and the help screen lists every key.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

from casequiz.quiz.literal import literal

LEFT_OUT = {"Keys", "Maximize", "Minimize"}
"""Textual's commands the app replaces or that make no sense on its screens."""


def commands(app: App[int], screen: Screen[object]) -> Iterator[SystemCommand]:
    """The palette's commands for `screen`."""
    from casequiz.tui.screens.home import HomeScreen

    if isinstance(screen, HomeScreen):
        for index, bank in enumerate(screen.banks):
            title = literal(bank.bank.title)
            yield SystemCommand(
                f"Practice: {title}",
                "Start practising this bank: feedback after every answer",
                partial(screen.start_on, index, exam=False),
            )
            yield SystemCommand(
                f"Exam: {title}",
                "Start an exam on this bank: results and a result file at the end",
                partial(screen.start_on, index, exam=True),
            )
        yield SystemCommand(
            "Resume", "Continue the most recent unfinished attempt", screen.action_resume_latest
        )
        yield SystemCommand(
            "History", "Past attempts of the name typed, to review", screen.action_history
        )
        yield SystemCommand(
            "Study", "Spaced repetition: the questions due for the name typed", screen.action_study
        )
    yield SystemCommand("Help", "Every key of every screen", app.action_help)  # type: ignore[attr-defined]
    yield SystemCommand(
        "Switch theme",
        "Between the dark and the light theme (ctrl+t)",
        app.action_toggle_theme,  # type: ignore[attr-defined]
    )
