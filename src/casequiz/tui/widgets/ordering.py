"""Putting items in order from the keyboard: the cursor picks an item, u/d move it.

The items start in the order the draw shuffled them into. `u`/`d` (or `shift+↑`/`shift+↓`) move
the item under the cursor, and the cursor moves with it so a student can carry an item several
places in a row. The two buttons below do the same for the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button

from casequiz.quiz.responses import Response
from casequiz.tui.text import plain
from casequiz.tui.widgets.rowlist import Row, RowList


class OrderList(RowList):
    """The items in their current order, numbered by position."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u,shift+up", "move(-1)", "Move up", show=False),
        Binding("d,shift+down", "move(1)", "Move down", show=False),
    ]

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)
        super().__init__(classes="choices")

    def make_rows(self) -> list[Row]:
        return [
            Row(i, Content.styled(f"{i + 1:>2}.", "bold"), plain(item))
            for i, item in enumerate(self.items)
        ]

    def on_mount(self) -> None:
        self.highlighted = 0

    def action_move(self, step: int) -> None:
        """Swap the item under the cursor with its neighbour, and follow it."""
        at = self.highlighted
        if at is None or not 0 <= at + step < len(self.items):
            return
        self.items[at], self.items[at + step] = self.items[at + step], self.items[at]
        self._relabel()
        self.highlighted = at + step

    def _relabel(self) -> None:
        for row in self.rows:
            row.set_label(plain(self.items[row.index]))

    def put(self, items: Sequence[str]) -> None:
        """Show the items in this order (a response given earlier)."""
        if sorted(items) == sorted(self.items):
            self.items = list(items)
            self._relabel()


class MouseButton(Button, can_focus=False):
    """A button for the mouse only: the keys it mirrors already work, so Tab skips it."""


class OrderAnswer(Vertical):
    """An `OrderList` with buttons to move the chosen item, for the mouse."""

    def __init__(self, items: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items = list(items)

    def compose(self) -> ComposeResult:
        yield OrderList(self._items)
        with Horizontal(classes="order-buttons"):
            yield MouseButton("▲ Move up", id="order-up", compact=True)
            yield MouseButton("▼ Move down", id="order-down", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(OrderList).action_move(-1 if event.button.id == "order-up" else 1)

    def response(self) -> Response:
        return list(self.query_one(OrderList).items)

    def restore(self, response: Response) -> None:
        if isinstance(response, list):
            self.query_one(OrderList).put([str(item) for item in response])

    def freeze(self) -> None:
        self.disabled = True

    def focus(self, scroll_visible: bool = True) -> OrderAnswer:
        self.query_one(OrderList).focus(scroll_visible)
        return self
