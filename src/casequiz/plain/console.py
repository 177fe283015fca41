"""The line console both plain sessions (quiz and study) talk through."""

from __future__ import annotations

from typing import TextIO

from casequiz.plain.render import Painter, wants_colour


class Console:
    """Lines out, lines in, and whether to colour them: flushed at once, for pipes."""

    def __init__(self, inp: TextIO, out: TextIO, colour: bool | None = None) -> None:
        self.inp = inp
        self.out = out
        self.paint = Painter(wants_colour(out) if colour is None else colour)

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.out)
        self.out.flush()

    def ask(self, prompt: str = "> ") -> str | None:
        """One line of input without its newline; None at the end of the input."""
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say("")
            return None
        if not _is_terminal(self.inp):
            # Piped input is not echoed: end the prompt's line, so the next line starts anew.
            self.say("")
        return line.rstrip("\r\n")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
