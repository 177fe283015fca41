"""How far a screen scrolls when a widget takes the focus: to the part of it that matters.

Textual scrolls a widget that takes the focus, when the whole of it is not in view, to the middle
of the view. For a list of rows taller than the room left under its question (a match's seven
rows under a long prompt, at 80×24) that scrolls the topic, the instructions and the start of the
prompt out of sight, even with the cursor's row in view below them from the start. What the
student needs to see of a list is the row under the cursor: a widget that says what that is,
with a `show_cursor` method, takes the focus without Textual's scroll and then shows it.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen
from textual.widget import Widget

ResultT = TypeVar("ResultT")


class FocusShowsCursor(Screen[ResultT]):
    """A screen whose lists show their cursor's row, not their middle, when they take the focus
    (by `focus()` or tab alike: both go through `set_focus`)."""

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        show_cursor = getattr(widget, "show_cursor", None)
        if not scroll_visible or not callable(show_cursor) or widget is self.focused:
            super().set_focus(widget, scroll_visible, from_app_focus)
            return
        super().set_focus(widget, scroll_visible=False, from_app_focus=from_app_focus)
        if self.focused is widget:
            show_cursor()
