"""Result files: a finished attempt as one JSON file a student hands in and a grader imports.

The file carries the whole attempt record (plan, answers, verdicts) with the hash of every bank
it was drawn from and the casequiz version, so the grader can tell whether it was taken on the
same bank they hold.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from casequiz.records import AttemptRecord

KIND = "casequiz-result"
MODES = ("practice", "exam", "sheet")
FORMAT = 1

MAX_BYTES = 16 * 1024 * 1024
"""The largest result file read. An attempt at 1,000 questions takes well under 1 MB."""

CLOCK_SKEW = timedelta(minutes=10)
"""How far in the future a time in a result file may lie: the student's clock may run fast."""

_NAME_BYTES = 60
"""The most bytes each of the student and the banks take in a result file's name, so that the
whole name stays far below the 255 bytes file systems allow."""


class ResultFileError(ValueError):
    """A file that is not a readable casequiz result file."""


def results_dir() -> Path:
    """`CASEQUIZ_RESULTS_DIR`, else `results/` in the user's data directory."""
    if configured := os.environ.get("CASEQUIZ_RESULTS_DIR"):
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("casequiz", appauthor=False)) / "results"


def _slug(text: str, fallback: str = "student") -> str:
    """A name as a file-name part: letters (with their marks) of any script and digits kept,
    the rest one dash, at most `_NAME_BYTES` bytes of UTF-8 (cut between characters), so a
    Khmer or Vietnamese name stays readable and a long one cannot exceed the system's limit."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else "-" for c in text[:200])
    slug = re.sub(r"-+", "-", kept).strip("-").lower()
    encoded = slug.encode("utf-8")[:_NAME_BYTES]
    return encoded.decode("utf-8", "ignore").strip("-") or fallback


def write(record: AttemptRecord, folder: Path | None = None) -> Path:
    """Write the result file of a finished attempt; returns its path.

    The file name is bounded whatever the student's name, so a name of any length or script
    can be written; raises OSError when the folder cannot take the file.
    """
    folder = folder or results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = record.started_at[:19].replace(":", "").replace("-", "")
    banks = "+".join(record.bank_ids)
    uid = _slug(record.uid[:8], "attempt")
    path = folder / f"{_slug(record.student)}-{_slug(banks, 'bank')}-{stamp}-{uid}.json"
    document = {"kind": KIND, "format": FORMAT, "attempt": record.to_json()}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(temporary, path)
    return path


def read_bytes(path: Path) -> bytes:
    """The bytes of a result file: a regular file of at most `MAX_BYTES`, else `ResultFileError`.

    Opened without blocking and checked before a byte is read, so a FIFO, a device such as
    `/dev/zero` (or a link to one) or a huge file is refused at once, in bounded memory.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ResultFileError(f"{path}: cannot read ({reason})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ResultFileError(f"{path}: not a regular file, so not a result file")
        if info.st_size > MAX_BYTES:
            raise ResultFileError(_too_large(path, info.st_size))
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:  # grew while being read
                raise ResultFileError(_too_large(path, size))
        return b"".join(chunks)
    except OSError as exc:
        raise ResultFileError(f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def _too_large(path: Path, size: int) -> str:
    return (
        f"{path}: {size / 1024 / 1024:.1f} MB is too large for a result file "
        f"(at most {MAX_BYTES // 1024 // 1024} MB)"
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a result file may hold")


def read(path: Path) -> AttemptRecord:
    """The attempt in a result file; raises `ResultFileError` saying what is wrong."""
    return parse(read_bytes(path), path)


def parse(data: bytes, path: Path, now: datetime | None = None) -> AttemptRecord:
    """The attempt in a result file's bytes; raises `ResultFileError` saying what is wrong.

    A result file comes from a student's machine, so it is checked field by field before
    anything of it reaches the grader's store: a malformed file is refused in one line, never
    half-imported and never a traceback. `now` is the time no recorded time may lie beyond.
    """
    try:
        document: Any = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise ResultFileError(f"{path}: not a result file (nested too deeply)") from None
    except ValueError as exc:  # bad UTF-8, bad JSON, NaN, a number of thousands of digits
        raise ResultFileError(f"{path}: not a JSON result file ({exc})") from None
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise ResultFileError(f"{path}: not a casequiz result file")
    if document.get("format") != FORMAT:
        raise ResultFileError(
            f"{path}: result file format {document.get('format')!r} is not "
            f"supported (this casequiz reads {FORMAT})"
        )
    attempt = document.get("attempt")
    if not isinstance(attempt, dict):
        raise ResultFileError(f"{path}: the file holds no attempt")
    problem = _problem(attempt) or _times(attempt, now or datetime.now(UTC))
    if problem:
        raise ResultFileError(f"{path}: the attempt in it is malformed ({problem})")
    try:
        record = AttemptRecord.from_json(attempt)
    except (KeyError, TypeError) as exc:
        raise ResultFileError(f"{path}: the attempt in it is incomplete ({exc})") from None
    if not record.finished:
        raise ResultFileError(f"{path}: the attempt was not finished")
    return record


def _is_int(value: Any) -> bool:
    """A whole number SQLite can store (JSON has no limit; SQLite stops at 64 bits)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return _is_int(value)


def _optional(data: dict[str, Any], name: str, kind: type) -> bool:
    """A field that may be missing or null, else a (finite) number of `kind`."""
    value = data.get(name)
    return value is None or (_is_int(value) if kind is int else _is_number(value))


def _is_time(value: Any) -> bool:
    return _time(value) is not None


def _time(value: Any) -> datetime | None:
    """A recorded time, in UTC when it names no offset; None when it is not a time."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _times(attempt: dict[str, Any], now: datetime) -> str | None:
    """Times that run backwards or lie in the future, which no real attempt records."""
    started, finished = _time(attempt["started_at"]), _time(attempt["finished_at"])
    assert started is not None and finished is not None  # checked by `_problem`
    latest = now + CLOCK_SKEW
    if finished > latest:
        return f"it finished in the future ({attempt['finished_at']})"
    if finished < started:
        return "it finished before it started"
    for answer in attempt.get("answers", []):
        moment = _time(answer["answered_at"])
        assert moment is not None
        if not started <= moment <= finished:
            return (
                f"the answer in slot {answer['slot']} was given outside the attempt's time "
                f"({answer['answered_at']})"
            )
    return None


def _problem(attempt: dict[str, Any]) -> str | None:
    """What is wrong with an attempt's fields, or None when it can be imported."""
    for name in ("uid", "student", "mode", "version"):
        if not isinstance(attempt.get(name), str) or not attempt[name].strip():
            return f"`{name}` must be non-empty text"
    if attempt["mode"] not in MODES:
        return f"`mode` must be one of {', '.join(MODES)}"
    if not _is_time(attempt.get("started_at")):
        return "`started_at` must be a time"
    if not _is_time(attempt.get("finished_at")):
        return "`finished_at` must be a time (the attempt must be finished)"
    for name in ("score", "max_score"):
        if not _is_number(attempt.get(name)) or attempt[name] < 0:
            return f"`{name}` must be a number, not negative"
    if not _optional(attempt, "seed", int) or not _optional(attempt, "time_limit", float):
        return "`seed` and `time_limit` must be numbers when given"
    if (attempt.get("time_limit") or 0) < 0:
        return "`time_limit` must not be negative"
    if not isinstance(attempt.get("selection", {}), dict):
        return "`selection` must be a mapping"
    if not isinstance(attempt.get("origin", ""), str):
        return "`origin` must be text"
    position, flags = attempt.get("position", 0), attempt.get("flags", [])
    if not _is_int(position) or not isinstance(flags, list) or not all(map(_is_int, flags)):
        return "`position` and `flags` must be whole numbers"
    banks = attempt.get("banks")
    if (
        not isinstance(banks, list)
        or not banks
        or not all(
            isinstance(b, dict)
            and isinstance(b.get("id"), str)
            and isinstance(b.get("hash"), str)
            and isinstance(b.get("path", ""), str)
            and isinstance(b.get("title", ""), str)
            for b in banks
        )
    ):
        return "`banks` must list each bank's `id` and `hash`"
    plan = attempt.get("plan")
    if not isinstance(plan, list) or not all(
        isinstance(p, dict)
        and isinstance(p.get("bank"), str)
        and isinstance(p.get("question"), str)
        for p in plan
    ):
        return "`plan` must list each question's `bank` and `question`"
    answers = attempt.get("answers", [])
    if not isinstance(answers, list):
        return "`answers` must be a list"
    slots: set[int] = set()
    for answer in answers:
        if not isinstance(answer, dict):
            return "each answer must be a mapping"
        slot = answer.get("slot")
        if not _is_int(slot) or not 0 <= slot < len(plan):
            return f"answer slot {slot!r} is not a question of the attempt"
        if slot in slots:
            return f"slot {slot} is answered twice"
        slots.add(slot)
        if not (_is_number(answer.get("score")) and _is_number(answer.get("max_score"))):
            return f"the answer in slot {slot} needs a numeric `score` and `max_score`"
        if answer["score"] < 0 or answer["max_score"] < 0:
            return f"the answer in slot {slot} has a negative `score` or `max_score`"
        for name in ("bank_id", "question_id", "status"):
            if not isinstance(answer.get(name), str):
                return f"the answer in slot {slot} needs `{name}` as text"
        if not isinstance(answer.get("topic"), str | None):
            return f"the answer in slot {slot} has a `topic` that is not text"
        if not _optional(answer, "seconds", float) or (answer.get("seconds") or 0) < 0:
            return f"the answer in slot {slot} has `seconds` that are not a positive number"
        if not _is_time(answer.get("answered_at")):
            return f"the answer in slot {slot} needs `answered_at` as a time"
        if not isinstance(answer.get("verdict"), dict):
            return f"the answer in slot {slot} needs its `verdict`"
    return None
