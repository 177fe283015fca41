"""The formats casequiz reads and writes: a name, its file extensions, and where its reader and
writer live, imported only when used so that `casequiz bank --help` stays instant.

A new format is one line in `FORMATS`. A reader is `read(data: bytes, file: str) -> ReadResult`;
a writer is `write(banks: Sequence[Bank]) -> WriteResult` (see `casequiz.interop.report`).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from casequiz.bank.model import Bank
    from casequiz.interop.report import ReadResult, WriteResult


class Reader(Protocol):
    def __call__(self, data: bytes, file: str) -> ReadResult: ...


class Writer(Protocol):
    def __call__(self, banks: Sequence[Bank]) -> WriteResult: ...


class Format(NamedTuple):
    """One format: `reader` and `writer` are "module:function" paths, or None.

    A named tuple, not a dataclass: `casequiz --help` need not import `dataclasses`.
    """

    name: str
    extensions: tuple[str, ...]
    description: str
    reader: str | None = None
    writer: str | None = None

    def read(self) -> Reader:
        return _load(self.reader, f"casequiz cannot import {self.name}")

    def write(self) -> Writer:
        return _load(self.writer, f"casequiz cannot export to {self.name}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "gift",
            (".gift", ".txt"),
            "Moodle's GIFT text format",
            reader="casequiz.interop.gift.read:read",
            writer="casequiz.interop.gift.write:write",
        ),
        Format(
            "moodle-xml",
            (".xml",),
            "Moodle XML",
            reader="casequiz.interop.moodle_xml.read:read",
            writer="casequiz.interop.moodle_xml.write:write",
        ),
        Format("anki", (".apkg",), "an Anki deck", writer="casequiz.interop.anki.write:write"),
        Format(
            "qti",
            (".zip",),
            "QTI 1.2 for Canvas, Blackboard, Brightspace",
            writer="casequiz.interop.qti.write:write",
        ),
    )
}
"""Every format, by name, in the order `--help` lists them."""


def readable() -> list[str]:
    """Names of the formats casequiz can import."""
    return [f.name for f in FORMATS.values() if f.reader]


def writable() -> list[str]:
    """Names of the formats casequiz can export to."""
    return [f.name for f in FORMATS.values() if f.writer]


def by_extension(path: Path | str, names: Sequence[str]) -> Format | None:
    """The first of the formats `names` whose extension `path` has; None when none has it."""
    suffix = Path(path).suffix.lower()
    for name in names:
        if suffix in FORMATS[name].extensions:
            return FORMATS[name]
    return None


def _load(target: str | None, refusal: str) -> Reader | Writer:
    if target is None:
        raise LookupError(refusal)
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)
