"""Where a bank's source texts are, whether it may read them, and whether its quotes are in them.

A bank is handed from teacher to student, so a source `file` is data from a stranger: it may not
be absolute, climb out of the bank's folder or follow a link out of it. Otherwise a bank could
make casequiz display any file the student can read.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from casequiz.bank.checks import Problem
from casequiz.bank.diagnostics import BankError
from casequiz.bank.excerpts import SourceText
from casequiz.bank.files import kind_problem, read_regular
from casequiz.bank.model import Bank
from casequiz.bank.yamlread import decode


def unsafe_reason(file: str, bank_dir: Path) -> str | None:
    """Why a bank may not read `file`, or None if it may."""
    if "\x00" in file:
        return "holds a NUL character"
    if (
        PurePosixPath(file).is_absolute()
        or PureWindowsPath(file).is_absolute()
        or file.startswith(("~", "\\"))
    ):
        return "is absolute"
    if ".." in PurePosixPath(file.replace("\\", "/")).parts:
        return "climbs out of the bank's folder ('..')"
    try:
        folder = bank_dir.resolve()
        inside = (folder / file).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError) as exc:  # too long a name, a loop of links
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be looked up ({reason})"
    if not inside:
        return "leads out of the bank's folder through a link"
    return None


def path_problem(source_id: str, file: object, bank_dir: Path) -> Problem | None:
    """E401 for a source whose `file` a bank may not read."""
    if not isinstance(file, str) or (reason := unsafe_reason(file, bank_dir)) is None:
        return None
    return Problem(
        ("sources", source_id, "file"),
        "E401",
        f"the source file {file!r} {reason}: keep source texts in the bank's folder",
    )


def _plain_name(name: str) -> bool:
    """A name that stays inside the folder it is joined to: no separator, no `..`, no NUL."""
    return name not in ("", ".", "..") and not any(c in name for c in "/\\\x00")


def locate_text(
    source_id: str, file: str | None, bank_dir: Path, sources_dir: Path | None
) -> Path | None:
    """The file a source's text should be in: `--sources DIR` first, else beside the bank.

    In `--sources DIR` only a plain name is looked up: neither the file's folders nor a source
    id such as `../secret` may lead out of DIR.
    """
    if sources_dir is not None:
        name = PurePosixPath(file.replace("\\", "/")).name if file else f"{source_id}.txt"
        return sources_dir / name if _plain_name(name) else None
    if file is None or unsafe_reason(file, bank_dir):
        return None
    return bank_dir / file


@dataclass
class SourceCheck:
    """The outcome of checking a bank's excerpts: problems, and the texts that were found."""

    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    texts: dict[str, SourceText] = field(default_factory=dict)
    looked_at: dict[str, Path] = field(default_factory=dict)
    """Every path a source text was looked for, found or not: a cached check depends on them."""


def check_sources(
    bank: Bank, bank_file: Path, display: str, sources_dir: Path | None
) -> SourceCheck:
    """Check every source path and, where its text is at hand, every excerpt against it."""
    result = SourceCheck()
    bank_dir = bank_file.parent
    cited: dict[str, int] = {}
    for question in bank.questions:
        for excerpt in question.source:
            cited[excerpt.ref] = cited.get(excerpt.ref, 0) + 1
    for source_id, source in bank.sources.items():
        where = ("sources", source_id)
        if (problem := path_problem(source_id, source.file, bank_dir)) is not None:
            result.problems.append(problem)
            if sources_dir is None:
                continue
        path = locate_text(source_id, source.file, bank_dir, sources_dir)
        if path is not None:
            result.looked_at[source_id] = path
        count = cited.get(source_id, 0)
        kind = kind_problem(path) if path is not None else None
        if path is not None and kind is not None and not _absent(kind):
            result.problems.append(_unreadable(source_id, kind))
            continue
        if path is None or kind is not None:
            if path is not None and sources_dir is None:
                result.problems.append(
                    Problem(
                        (*where, "file"), "E403", f"the source file {source.file!r} does not exist"
                    )
                )
            elif count:
                result.problems.append(
                    Problem(where, "W400", _unchecked(source_id, count, path), at_key=True)
                )
            continue
        try:
            text = decode(str(path), read_regular(path))
        except OSError as exc:
            result.problems.append(_unreadable(source_id, exc.strerror or str(exc)))
            continue
        except BankError as exc:
            result.problems.append(_unreadable(source_id, str(exc)))
            continue
        result.files[source_id] = path
        result.texts[source_id] = SourceText(text)
    result.problems.extend(_check_quotes(bank, result.texts))
    return result


def _absent(reason: str) -> bool:
    """A path that names no file (rather than a file of the wrong kind)."""
    return reason in (os.strerror(errno.ENOENT), os.strerror(errno.ENOTDIR))


def _unreadable(source_id: str, reason: str) -> Problem:
    return Problem(
        ("sources", source_id),
        "W400",
        f"the text of source {source_id!r} cannot be read ({reason}); "
        "its excerpts were not checked",
        at_key=True,
    )


def _unchecked(source_id: str, count: int, path: Path | None) -> str:
    excerpts = f"{count} excerpt{'s were' if count != 1 else ' was'}"
    if path is None:
        return (
            f"source {source_id!r} names no text file, so its {excerpts} not checked: "
            "give it `file:`, or run `casequiz validate --sources DIR`"
        )
    return f"no text for source {source_id!r} at {path}, so its {excerpts} not checked"


def _check_quotes(bank: Bank, texts: dict[str, SourceText]) -> Iterator[Problem]:
    for index, question in enumerate(bank.questions):
        for number, excerpt in enumerate(question.source):
            text = texts.get(excerpt.ref)
            if text is None or text.contains(excerpt.quote):
                continue
            closest = text.closest(excerpt.quote)
            hint = f"; the closest passage is: {closest!r}" if closest else ""
            yield Problem(
                ("questions", index, "source", number, "quote"),
                "E402",
                f"the quote is not in the text of {excerpt.ref!r} word for word{hint}",
            )
