"""What a reader found and what a writer made, with everything either could not carry.

A converter reports rather than drops: a question it cannot import is a `Skipped` with its
source line; a question it imports with a change carries `notes`, which the importer writes as
YAML comments; a writer's `notes` name what the target format cannot hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Imported:
    """One question read from a file, as bank-format fields (without its `id` yet)."""

    data: dict[str, Any]
    line: int
    name: str | None = None
    idnumber: str | None = None
    notes: list[str] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Sources its explanation cites (id -> fields), when the file was written by casequiz."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question not carried over, and why, at its line in the source file."""

    file: str
    line: int
    reason: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: not imported: {self.reason}"


@dataclass(slots=True)
class ReadResult:
    """Everything a reader found in one file."""

    file: str
    questions: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    error: str | None = None
    """Set when the file could not be read at all (bad encoding, too large, not XML...)."""

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(Skipped(self.file, line, reason))


@dataclass(slots=True)
class WriteResult:
    """A written file and what of the banks it could not hold, one note per question and loss."""

    data: bytes
    notes: list[str] = field(default_factory=list)
    questions: int = 0
