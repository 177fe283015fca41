"""The line console both plain sessions (quiz and study) talk through."""

from __future__ import annotations

import contextlib
import re
from typing import TextIO

from casequiz.plain.render import Painter, wants_colour

_UNDECODED = re.compile("[\ud800-\udfff]")
"""What bytes that are not UTF-8 become when read with `surrogateescape`: no store, file or
screen can take them as text."""

NOT_UTF8 = "That line is not UTF-8 text: set the terminal to UTF-8 and type it again."


class Console:
    """Lines out, lines in, and whether to colour them: flushed at once, for pipes."""

    def __init__(self, inp: TextIO, out: TextIO, colour: bool | None = None) -> None:
        self.inp = inp
        self.out = out
        self.paint = Painter(wants_colour(out) if colour is None else colour)
        _undecodable_bytes_as_escapes(inp)

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.out)
        self.out.flush()

    def ask(self, prompt: str = "> ") -> str | None:
        """One line of input without its newline; None at the end of the input.

        A line holding bytes that are not UTF-8 is asked again: taken as an answer, it could
        be neither stored nor written to the result file."""
        while True:
            self.out.write(prompt)
            self.out.flush()
            line = self.inp.readline()
            if not line:
                self.say("")
                return None
            if not _is_terminal(self.inp):
                # Piped input is not echoed: end the prompt's line, so the next line starts anew.
                self.say("")
            if not _UNDECODED.search(line):
                return line.rstrip("\r\n")
            self.say(NOT_UTF8)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _undecodable_bytes_as_escapes(stream: TextIO) -> None:
    """Read bytes that are not UTF-8 as escapes, which `ask` turns away, instead of failing the
    session with UnicodeDecodeError (stdin reads strictly under some locales)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    with contextlib.suppress(ValueError, OSError):
        reconfigure(errors="surrogateescape")
