"""Matching pairs from the keyboard: the cursor picks a left item, a number key its partner.

The left items are rows; the right-hand choices (pairs' right sides and distractors, shuffled
by the draw) are listed below with their numbers. A number key gives the row under the cursor
that choice and moves to the next row; `←`/`→` step through the choices, Backspace clears one.
Clicking a choice gives it to the current row, for the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from casequiz.quiz.responses import Response
from casequiz.tui.text import plain
from casequiz.tui.widgets.answer import NoResponse
from casequiz.tui.widgets.choices import NUMBER_KEYS
from casequiz.tui.widgets.rowlist import Row, RowList


class PairRows(RowList):
    """One row per left item (in the gutter), showing the choice it has been given so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *NUMBER_KEYS,
        Binding("right", "step(1)", "Next choice", show=False),
        Binding("left", "step(-1)", "Previous choice", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    def __init__(self, lefts: Sequence[str], rights: Sequence[str]) -> None:
        self.lefts = list(lefts)
        self.rights = list(rights)
        self.given: dict[int, int] = {}
        super().__init__(classes="choices pairs")

    def make_rows(self) -> list[Row]:
        return [Row(i, plain(left), self._label(i)) for i, left in enumerate(self.lefts)]

    def _label(self, row: int) -> Content:
        if row not in self.given:
            return Content.assemble(("→ ", "bold"), (f"(choose 1–{len(self.rights)})", "dim"))
        choice = self.given[row]
        return Content.assemble(
            ("→ ", "bold"), (f"{choice + 1} ", "bold"), plain(self.rights[choice])
        )

    def on_mount(self) -> None:
        self.highlighted = 0

    def give(self, row: int, choice: int | None) -> None:
        """Match the row with a choice (None: with nothing)."""
        if choice is None:
            self.given.pop(row, None)
        else:
            self.given[row] = choice
        self.rows[row].set_label(self._label(row))

    def action_pick(self, number: int) -> None:
        """Number key: give the current row that choice, then go to the next row."""
        if number <= len(self.rights):
            self.choose(number - 1)

    def choose(self, choice: int) -> None:
        row = self.highlighted if self.highlighted is not None else 0
        self.give(row, choice)
        if row + 1 < len(self.lefts):
            self.highlighted = row + 1

    def action_step(self, step: int) -> None:
        """←/→: the previous or next choice for the current row."""
        row = self.highlighted
        if row is None:
            return
        current = self.given.get(row, -1 if step > 0 else len(self.rights))
        self.give(row, (current + step) % len(self.rights))

    def action_clear(self) -> None:
        if self.highlighted is not None:
            self.give(self.highlighted, None)


class ChoiceLegend(RowList, can_focus=False):
    """The numbered right-hand choices; a click gives one to the current row."""

    def __init__(self, rights: Sequence[str]) -> None:
        self.rights = list(rights)
        super().__init__(classes="legend")

    def make_rows(self) -> list[Row]:
        return [
            Row(n, Content.styled(f"{n + 1}", "bold"), plain(right))
            for n, right in enumerate(self.rights)
        ]

    def clicked(self, index: int) -> None:
        rows = self.screen.query_one(PairRows)
        rows.choose(index)
        rows.focus()
        self.highlighted = None


class MatchAnswer(Vertical):
    """Rows of left items and the legend of choices they are matched with."""

    def __init__(self, lefts: Sequence[str], rights: Sequence[str], *, id: str | None = None):
        super().__init__(id=id)
        self._lefts = list(lefts)
        self._rights = list(rights)

    def compose(self) -> ComposeResult:
        yield PairRows(self._lefts, self._rights)
        yield Static("Choices", classes="legend-title")
        yield ChoiceLegend(self._rights)

    def response(self) -> Response:
        rows = self.query_one(PairRows)
        if not rows.given:
            raise NoResponse("give each item its match with the number keys, then Enter")
        return {self._lefts[r]: self._rights[c] for r, c in sorted(rows.given.items())}

    def restore(self, response: Response) -> None:
        if not isinstance(response, dict):
            return
        rows = self.query_one(PairRows)
        for row, left in enumerate(self._lefts):
            right = response.get(left)
            if right in self._rights:
                rows.give(row, self._rights.index(right))

    def freeze(self) -> None:
        self.disabled = True

    def focus(self, scroll_visible: bool = True) -> MatchAnswer:
        self.query_one(PairRows).focus(scroll_visible)
        return self
