"""Where a bank's source texts are, whether it may read them, and whether its quotes are in them.

A bank is handed from teacher to student, so a source `file` is data from a stranger: it may not
be absolute, climb out of the bank's folder or follow a link out of it. Otherwise a bank could
make casequiz display any file the student can read.

Names are plain text here, as `pathnames` writes them (`validate` need not import `pathlib`):
a path given as a `Path` is taken as its text, and the files found are named by text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from casequiz.bank.checks import Problem
from casequiz.bank.diagnostics import BankError
from casequiz.bank.excerpts import SourceText
from casequiz.bank.files import kind_problem, read_regular
from casequiz.bank.pathnames import parent, pathname, resolved, resolved_in, within
from casequiz.bank.yamlread import decode

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import

if TYPE_CHECKING:
    from typing import Any

    from casequiz.bank.model import Bank, ClozeQuestion
    from casequiz.bank.pathnames import StrPath


def unsafe_reason(file: str, bank_dir: StrPath, folder: str | None = None) -> str | None:
    """Why a bank may not read `file`, or None if it may (`folder`: `bank_dir` resolved, when
    the caller has it already).

    Absolute on POSIX or on Windows: `/x`, `\\x`, `C:\\x` or `C:/x` (and `~`, which a shell
    would expand). Read as POSIX, `..` is a part when split at `/`; read as Windows, at `\\`
    too.
    """
    if "\x00" in file:
        return "holds a NUL character"
    if file.startswith(("/", "~", "\\")) or _drive_absolute(file):
        return "is absolute"
    if ".." in file.replace("\\", "/").split("/"):
        return "climbs out of the bank's folder ('..')"
    try:
        folder = folder or resolved(bank_dir)
        inside = within(resolved_in(folder, file), folder)
    except (OSError, RuntimeError, ValueError) as exc:  # too long a name, a loop of links
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be looked up ({reason})"
    if not inside:
        return "leads out of the bank's folder through a link"
    return None


def _drive_absolute(file: str) -> bool:
    """`PureWindowsPath(file).is_absolute()` for a name that starts with no separator.

    Such a name is absolute on Windows only with a drive and a separator after it (`C:\\x`;
    `C:x` is relative to that drive's own folder): `pathlib` is asked only when the second
    character is a colon, by its own rules of what a drive is.
    """
    if file[1:2] != ":":
        return False
    from pathlib import PureWindowsPath

    return PureWindowsPath(file).is_absolute()


def path_problem(
    source_id: str, file: object, bank_dir: StrPath, folder: str | None = None
) -> Problem | None:
    """E401 for a source whose `file` a bank may not read."""
    if not isinstance(file, str) or (reason := unsafe_reason(file, bank_dir, folder)) is None:
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
    source_id: str,
    file: str | None,
    bank_dir: StrPath,
    sources_dir: StrPath | None,
    *,
    checked: bool = False,
) -> str | None:
    """The file a source's text should be in: `--sources DIR` first, else beside the bank.

    In `--sources DIR` only a plain name is looked up: neither the file's folders nor a source
    id such as `../secret` may lead out of DIR. `checked`: `file` has passed `unsafe_reason`
    already, which need not resolve its path a second time.
    """
    if sources_dir is not None:
        name = _last_part(file.replace("\\", "/")) if file else f"{source_id}.txt"
        return pathname(sources_dir, name) if _plain_name(name) else None
    if file is None or (not checked and unsafe_reason(file, bank_dir)):
        return None
    return pathname(bank_dir, file)


def _last_part(name: str) -> str:
    """`PurePosixPath(name).name`: the last part that is not `.`, empty for none."""
    parts = [part for part in name.split("/") if part and part != "."]
    return parts[-1] if parts else ""


class SourceCheck:
    """The outcome of checking a bank's excerpts: problems, and the texts that were found.

    A plain class, not a dataclass: `validate` need not import `dataclasses`.
    """

    __slots__ = ("files", "looked_at", "problems", "texts")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.files: dict[str, str] = {}
        self.texts: dict[str, SourceText] = {}
        self.looked_at: dict[str, str] = {}
        """Every path a source text was looked for, found or not: a cached check depends on
        them."""


Excerpt = tuple[int, int, str, str]
"""Where an excerpt is (question index, excerpt number), its source id and its quote."""


def check_sources(
    bank: Bank,
    bank_file: StrPath,
    display: str,
    sources_dir: StrPath | None,
    *,
    keep_texts: bool = True,
) -> SourceCheck:
    """Check every source path and, where its text is at hand, every excerpt against it.

    `bank` is read by its fields: the model, or what the validator's fast path accepted. With
    `keep_texts`, the texts read are kept (`SourceCheck.texts`), for a bank that is loaded.
    """
    files = {source_id: source.file for source_id, source in bank.sources.items()}
    excerpts = [
        (index, number, excerpt.ref, excerpt.quote)
        for index, question in enumerate(bank.questions)
        for number, excerpt in enumerate(question.source)
    ]
    passages = [
        (index, question)
        for index, question in enumerate(bank.questions)
        if question.type == "cloze" and question.quotes is not None
    ]
    bank_dir = parent(pathname(bank_file))
    return check_texts(files, excerpts, bank_dir, sources_dir, passages, keep_texts=keep_texts)


def check_raw_sources(
    data: dict[Any, Any], bank_file: StrPath, sources_dir: StrPath | None
) -> SourceCheck:
    """`check_sources` for a bank that is not well formed, as far as its structure allows.

    Every source whose `file` is text (or absent), and every excerpt whose `ref` and `quote`
    are text, is checked: the author hears of a misquote in the same run as of a missing field.
    """
    sources, questions = data.get("sources"), data.get("questions")
    files: dict[str, str | None] = {}
    for source_id, source in sources.items() if isinstance(sources, dict) else ():
        file = source.get("file") if isinstance(source, dict) else None
        if isinstance(source_id, str) and isinstance(source, dict) and isinstance(file, str | None):
            files[source_id] = file
    excerpts: list[Excerpt] = []
    for index, question in enumerate(questions if isinstance(questions, list) else ()):
        given = question.get("source") if isinstance(question, dict) else None
        for number, excerpt in enumerate(given if isinstance(given, list) else [given]):
            ref = excerpt.get("ref") if isinstance(excerpt, dict) else None
            quote = excerpt.get("quote") if isinstance(excerpt, dict) else None
            if isinstance(ref, str) and isinstance(quote, str) and quote.strip():
                excerpts.append((index, number, ref, quote))
    bank_dir = parent(pathname(bank_file))  # its texts are not kept: no bank is loaded
    return check_texts(files, excerpts, bank_dir, sources_dir, keep_texts=False)


def check_texts(
    files: dict[str, str | None],
    excerpts: list[Excerpt],
    bank_dir: StrPath,
    sources_dir: StrPath | None,
    passages: Sequence[tuple[int, ClozeQuestion]] = (),
    *,
    keep_texts: bool = True,
) -> SourceCheck:
    """Check each source's path and, where its text is at hand, each excerpt (and each cloze
    passage that `quotes` a source) against it.

    A source's excerpts are checked as soon as its text is read, and the text (with the copies
    the check makes of it) is let go unless `keep_texts`: a bank's sources may be megabytes,
    and memory reused from one text to the next is memory the system need not hand over page
    by page. The problems are in the order of the excerpts all the same.
    """
    result = SourceCheck()
    excerpt_refs = [ref for _, _, ref, _ in excerpts]
    passage_refs = [question.quotes or "" for _, question in passages]
    excerpts_of = _by_source(excerpts, excerpt_refs)
    passages_of = _by_source(passages, passage_refs)
    misquoted: list[tuple[int, Problem]] = []
    not_passages: list[tuple[int, Problem]] = []
    cited: dict[str, int] = {}
    for ref in excerpt_refs + [ref for ref in passage_refs if ref]:
        cited[ref] = cited.get(ref, 0) + 1
    folder = _resolved(bank_dir) if any(isinstance(f, str) for f in files.values()) else None
    for source_id, file in files.items():
        where = ("sources", source_id)
        if (problem := path_problem(source_id, file, bank_dir, folder)) is not None:
            result.problems.append(problem)
            if sources_dir is None:
                continue
        path = locate_text(source_id, file, bank_dir, sources_dir, checked=True)
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
                    Problem((*where, "file"), "E403", f"the source file {file!r} does not exist")
                )
            elif count:
                message = _unchecked(source_id, count, path)
                if path is None and sources_dir is not None:
                    message = (
                        f"source {source_id!r} names no plain file name to look up in "
                        f"{sources_dir}, so its excerpts were not checked"
                    )
                result.problems.append(Problem(where, "W400", message, at_key=True))
            continue
        try:
            text = decode(path, read_regular(path))
        except OSError as exc:
            result.problems.append(_unreadable(source_id, exc.strerror or str(exc)))
            continue
        except BankError as exc:
            result.problems.append(_unreadable(source_id, str(exc)))
            continue
        result.files[source_id] = path
        source = SourceText(text)
        misquoted += _check_quotes(excerpts_of.get(source_id, []), source)
        not_passages += _check_passages(passages_of.get(source_id, []), source)
        if keep_texts:
            result.texts[source_id] = source
    result.problems.extend(problem for _, problem in sorted(misquoted, key=_position))
    result.problems.extend(problem for _, problem in sorted(not_passages, key=_position))
    return result


def _by_source(items: Sequence[Any], refs: list[str]) -> dict[str, list[tuple[int, Any]]]:
    """The items that cite each source (`refs`, item by item), each with its position."""
    cited: dict[str, list[tuple[int, Any]]] = {}
    for position, (item, ref) in enumerate(zip(items, refs, strict=True)):
        cited.setdefault(ref, []).append((position, item))
    return cited


def _position(found: tuple[int, Problem]) -> int:
    return found[0]


def _resolved(bank_dir: StrPath) -> str | None:
    """The bank's folder resolved once for all its sources; None when it cannot be (each
    source's check then says why)."""
    try:
        return resolved(bank_dir)
    except (OSError, RuntimeError, ValueError):
        return None


def _check_passages(
    passages: Sequence[tuple[int, tuple[int, ClozeQuestion]]], text: SourceText
) -> Iterator[tuple[int, Problem]]:
    """Each cloze passage (by its position) that quotes `text` but is not in it, with why."""
    if not passages:
        return  # a bank without quoting clozes need not compile the passage's patterns
    from casequiz.bank.passage import filled_passage, quoted_in

    for position, (index, question) in passages:
        if quoted_in(question, text):
            continue
        closest = text.closest(filled_passage(question))
        hint = f"; the closest passage is: {closest!r}" if closest else ""
        problem = Problem(
            ("questions", index, "text"),
            "E402",
            f"the passage, its blanks filled with their answers, is not in the text of "
            f"{question.quotes!r} word for word{hint}",
        )
        yield position, problem


def _absent(reason: str) -> bool:
    """A path that names no file (rather than a file of the wrong kind)."""
    import errno  # here: a bank whose every text is found never asks

    return reason in (os.strerror(errno.ENOENT), os.strerror(errno.ENOTDIR))


def _unreadable(source_id: str, reason: str) -> Problem:
    return Problem(
        ("sources", source_id),
        "W400",
        f"the text of source {source_id!r} cannot be read ({reason}); "
        "its excerpts were not checked",
        at_key=True,
    )


def _unchecked(source_id: str, count: int, path: str | None) -> str:
    excerpts = f"{count} excerpt{'s were' if count != 1 else ' was'}"
    if path is None:
        return (
            f"source {source_id!r} names no text file, so its {excerpts} not checked: "
            "give it `file:`, or run `casequiz validate --sources DIR`"
        )
    return f"no text for source {source_id!r} at {path}, so its {excerpts} not checked"


def _check_quotes(
    excerpts: list[tuple[int, Excerpt]], text: SourceText
) -> Iterator[tuple[int, Problem]]:
    """Each excerpt (by its position) that quotes `text` but is not in it, with why."""
    for position, (index, number, ref, quote) in excerpts:
        if text.contains(quote):
            continue
        closest = text.closest(quote)
        hint = f"; the closest passage is: {closest!r}" if closest else ""
        problem = Problem(
            ("questions", index, "source", number, "quote"),
            "E402",
            f"the quote is not in the text of {ref!r} word for word{hint}",
        )
        yield position, problem
