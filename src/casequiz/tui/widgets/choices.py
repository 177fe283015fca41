"""Choices by number key: one of them (single, true/false) or several (multiple).

Each row shows its number key and a mark, `(•)` for the chosen option and `[x]` for the ticked
ones, so the choice is visible without colour. In a single choice the cursor is the choice, as
in a radio group: a number key, an arrow or a click all choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from casequiz.quiz.responses import Response
from casequiz.tui.text import plain
from casequiz.tui.widgets.answer import NoResponse
from casequiz.tui.widgets.rowlist import Row, RowList

NUMBER_KEYS = [Binding(str(n), f"pick({n})", f"Choose {n}", show=False) for n in range(1, 10)]


class ChoiceList(RowList):
    """The options of a choice question (or the banks and topics of the home screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *NUMBER_KEYS,
        Binding("space", "toggle", "Tick", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The ticks of a multiple choice changed."""

        choice_list: ChoiceList

    def __init__(
        self,
        options: Sequence[str],
        *,
        multiple: bool = False,
        labels: Sequence[Content] | None = None,
        id: str | None = None,
    ) -> None:
        self.choices = list(options)
        self.labels = list(labels) if labels is not None else [plain(o) for o in options]
        self.multiple = multiple
        self.ticked: set[int] = set()
        super().__init__(id=id, classes="choices")

    def make_rows(self) -> list[Row]:
        return [Row(i, self._gutter(i), self.labels[i]) for i in range(len(self.choices))]

    def _gutter(self, index: int) -> Content:
        if self.multiple:
            mark = "[x]" if index in self.ticked else "[ ]"
        else:
            mark = "(•)" if index == self.highlighted else "( )"
        key = f"{index + 1}" if index < 9 else " "
        return Content.styled(f"{key} {mark}", "bold")

    def _refresh_marks(self) -> None:
        for row in self.rows:
            row.set_gutter(self._gutter(row.index))

    def moved(self, old: int | None, new: int | None) -> None:
        if not self.multiple:
            self._refresh_marks()

    def action_pick(self, number: int) -> None:
        """Number key: choose that option (single) or tick it (multiple)."""
        if number <= len(self.choices):
            self.highlighted = number - 1
            if self.multiple:
                self._toggle(number - 1)

    def action_toggle(self) -> None:
        """Space: tick or untick the option under the cursor (choose it, in a single choice)."""
        if self.highlighted is None:
            self.highlighted = 0
        if self.multiple and self.highlighted is not None:
            self._toggle(self.highlighted)

    def clicked(self, index: int) -> None:
        if self.multiple:
            self._toggle(index)

    def _toggle(self, index: int) -> None:
        self.ticked ^= {index}
        self._refresh_marks()
        self.post_message(self.Changed(self))

    async def set_choices(
        self, options: Sequence[str], labels: Sequence[Content], ticked: set[int]
    ) -> None:
        """Replace the options (the home screen's topics follow the banks ticked)."""
        self.choices = list(options)
        self.labels = list(labels)
        self.ticked = set(ticked)
        self.highlighted = None
        await self.rebuild()

    def tick(self, indices: set[int]) -> None:
        """Tick exactly these options."""
        self.ticked = set(indices)
        self._refresh_marks()

    def response(self) -> Response:
        if self.multiple:
            if not self.ticked:
                raise NoResponse("tick at least one option (number keys or space), then Enter")
            return [self.choices[i] for i in sorted(self.ticked)]
        if self.highlighted is None:
            raise NoResponse("choose an option with its number key, then press Enter")
        return self.choices[self.highlighted]

    def restore(self, response: Response) -> None:
        if self.multiple and isinstance(response, list):
            self.tick({i for i, text in enumerate(self.choices) if text in response})
        elif isinstance(response, str) and response in self.choices:
            self.highlighted = self.choices.index(response)

    def freeze(self) -> None:
        self.disabled = True


class TrueFalseList(ChoiceList):
    """True or false as a two-option choice: t or 1 for true, f or 2 for false."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "pick(1)", "True", show=False),
        Binding("f", "pick(2)", "False", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(["True", "False"], id=id)

    def response(self) -> Response:
        if self.highlighted is None:
            raise NoResponse("press t (or 1) for true, f (or 2) for false, then Enter")
        return self.highlighted == 0

    def restore(self, response: Response) -> None:
        if isinstance(response, bool):
            self.highlighted = 0 if response else 1
