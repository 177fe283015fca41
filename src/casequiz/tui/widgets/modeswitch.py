"""Practice or exam: a radio pair where the arrow keys choose, not only move the highlight.

Textual's `RadioSet` moves a highlight with the arrows and chooses with space or enter, so `→`
on "Exam" looked chosen while the mode stayed Practice. With two options there is nothing to
browse: an arrow chooses at once, as the guide says.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import RadioSet


class ModeSwitch(RadioSet):
    """A radio set whose arrows (and space, enter) select the option they move to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "choose(-1)", "Previous", show=False),
        Binding("right,down", "choose(1)", "Next", show=False),
    ]

    def action_choose(self, step: int) -> None:
        """Move to the previous or next option and select it."""
        if step < 0:
            self.action_previous_button()
        else:
            self.action_next_button()
        self.action_toggle_button()
