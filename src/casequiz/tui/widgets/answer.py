"""What every answer widget offers the question screen: read the response, show an old one, freeze.

The screen never looks inside a widget: it asks for `response()` when Enter is pressed, gives a
committed response back with `restore()` when a student returns to a question, and `freeze()`s
the widget once practice feedback has been shown, so an answer cannot be changed after the
student has seen the solution.
"""

from __future__ import annotations

from typing import Protocol

from casequiz.quiz.responses import Response


class NoResponse(ValueError):
    """Enter was pressed before anything was chosen or typed; the message says what to do."""


class AnswerWidget(Protocol):
    """The interface of the per-type answer widgets."""

    def response(self) -> Response:
        """The response in canonical form; raises `NoResponse` if there is none yet."""
        ...

    def restore(self, response: Response) -> None:
        """Show a response given earlier."""
        ...

    def freeze(self) -> None:
        """Stop taking changes (the response stays visible)."""
        ...

    def focus(self, scroll_visible: bool = True) -> object:
        """Take the keyboard focus."""
        ...
