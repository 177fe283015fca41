"""argparse's parser and help formatter, measuring the terminal only when help is written.

argparse makes a help formatter for every argument a parser is given (to check its metavar),
and each formatter measures the terminal, importing `shutil` and the three compression modules
`shutil` imports: a twentieth of a cache hit's time, for help that a command seldom writes.
Here the formatter is measured when it writes, by argparse's own rule, so every help and usage
text stays as argparse writes it.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any

_UNMEASURED = 80
"""The width a formatter holds until it writes; it is never written with."""


class HelpFormatter(argparse.HelpFormatter):
    """`argparse.HelpFormatter`, told the terminal's width when it formats, not when made."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _UNMEASURED if width is None else width
        )
        self._unmeasured: tuple[int, int] | None = (
            (indent_increment, max_help_position) if width is None else None
        )

    def format_help(self) -> str:
        """The text, at the width argparse gives a formatter made now (the width is all that
        formatting reads of the terminal, and only here)."""
        if self._unmeasured is not None:
            measured = argparse.HelpFormatter(self._prog, *self._unmeasured)
            self._width = measured._width
            self._max_help_position = measured._max_help_position
            self._unmeasured = None
        return super().format_help()


class ArgumentParser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` with `HelpFormatter` unless told otherwise; the parsers of
    its subcommands are of this class too (argparse makes them of the parent's class)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(**kwargs)
