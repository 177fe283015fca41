"""Diagnostics: what is wrong with a bank, where, and how to say it like a compiler would."""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any


class Severity:
    """How bad a diagnostic is, as its text (`error[E201]`); compared by identity.

    Two constants rather than an `enum.StrEnum`: making an enum class costs a tenth of a
    millisecond, a thirtieth of what `validate` adds to reading a small bank, and nothing here
    needs more than the text.
    """

    ERROR = "error"
    WARNING = "warning"


class Diagnostic(namedtuple("Diagnostic", ("file", "line", "col", "code", "message"))):
    """One problem at one place. Lines and columns are 1-based, as editors show them.

    A named tuple rather than a dataclass: `validate` answered from the cache imports little
    more than this, and `dataclasses` alone would cost it a tenth of its time. Made with
    `collections.namedtuple`, not `typing.NamedTuple`: importing `typing` would cost it as
    much again.
    """

    __slots__ = ()

    file: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> str:
        """`Severity.ERROR` or `Severity.WARNING`."""
        return Severity.WARNING if self.code.startswith("W") else Severity.ERROR

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {**self._asdict(), "severity": str(self.severity)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        return cls(data["file"], data["line"], data["col"], data["code"], data["message"])


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.code)


class BankError(Exception):
    """A bank could not be loaded; carries every diagnostic found, errors and warnings alike."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        super().__init__(errors[0].format() if errors else "invalid bank")
