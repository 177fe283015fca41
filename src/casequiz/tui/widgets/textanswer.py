"""A typed answer (numeric or short), with the unit shown beside the box.

A numeric answer is checked for being readable before it is submitted: `5.8 bn` and
`$5,800 million` are fine, `about six` is sent back with the reason, so a typing slip never
costs a point in an exam. Whether the number is right is still for the engine to say.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from casequiz.quiz.numbers import NumberError, read_number
from casequiz.quiz.responses import Response
from casequiz.tui.text import plain
from casequiz.tui.widgets.answer import NoResponse


class AnswerInput(Input):
    """An input whose Enter shows in the footer as Submit, like the other answer widgets'."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Submit")]


class TextAnswer(Horizontal):
    """An input box, and the question's unit after it when it has one."""

    def __init__(self, *, numeric: bool, unit: str | None = None, id: str | None = None):
        super().__init__(id=id)
        self.numeric = numeric
        self.unit = unit

    def compose(self) -> ComposeResult:
        hint = "a number" if self.numeric else "your answer"
        yield AnswerInput(placeholder=f"Type {hint}, then press Enter", id="typed")
        if self.unit:
            yield Static(plain(self.unit), classes="unit")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = getattr(self.app, "cursor_blink", True)

    def response(self) -> Response:
        typed = self.query_one(Input).value
        if not typed.strip():
            raise NoResponse("type an answer, then press Enter")
        if self.numeric:
            try:
                read_number(typed, self.unit)
            except NumberError as error:
                raise NoResponse(f"{error}; type a number, such as 12.5") from None
        return typed

    def restore(self, response: Response) -> None:
        if isinstance(response, str):
            self.query_one(Input).value = response

    def freeze(self) -> None:
        self.disabled = True

    def focus(self, scroll_visible: bool = True) -> TextAnswer:
        self.query_one(Input).focus(scroll_visible)
        return self
