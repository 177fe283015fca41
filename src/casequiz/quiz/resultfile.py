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
from datetime import datetime
from pathlib import Path
from typing import Any

from casequiz.records import AttemptRecord

KIND = "casequiz-result"
MODES = ("practice", "exam", "sheet")
FORMAT = 1


class ResultFileError(ValueError):
    """A file that is not a readable casequiz result file."""


def results_dir() -> Path:
    """`CASEQUIZ_RESULTS_DIR`, else `results/` in the user's data directory."""
    if configured := os.environ.get("CASEQUIZ_RESULTS_DIR"):
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("casequiz", appauthor=False)) / "results"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "student"


def write(record: AttemptRecord, folder: Path | None = None) -> Path:
    """Write the result file of a finished attempt; returns its path."""
    folder = folder or results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = record.started_at[:19].replace(":", "").replace("-", "")
    banks = "+".join(record.bank_ids)
    path = folder / f"{_slug(record.student)}-{_slug(banks)}-{stamp}-{record.uid[:8]}.json"
    document = {"kind": KIND, "format": FORMAT, "attempt": record.to_json()}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(temporary, path)
    return path


def read(path: Path) -> AttemptRecord:
    """The attempt in a result file; raises `ResultFileError` saying what is wrong.

    A result file comes from a student's machine, so it is checked field by field before
    anything of it reaches the grader's store: a malformed file is refused in one line, never
    half-imported and never a traceback.
    """
    try:
        document: Any = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ResultFileError(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultFileError(f"{path}: not a JSON result file ({exc})") from None
    except RecursionError:
        raise ResultFileError(f"{path}: not a result file (nested too deeply)") from None
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
    problem = _problem(attempt)
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
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


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
        if not _is_number(attempt.get(name)):
            return f"`{name}` must be a number"
    if not _optional(attempt, "seed", int) or not _optional(attempt, "time_limit", float):
        return "`seed` and `time_limit` must be numbers when given"
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
            isinstance(b, dict) and isinstance(b.get("id"), str) and isinstance(b.get("hash"), str)
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
        if not 0 <= answer["score"] <= answer["max_score"]:
            return f"the answer in slot {slot} scores outside 0 to its `max_score`"
        for name in ("bank_id", "question_id", "status"):
            if not isinstance(answer.get(name), str):
                return f"the answer in slot {slot} needs `{name}` as text"
        if not isinstance(answer.get("topic"), str | None):
            return f"the answer in slot {slot} has a `topic` that is not text"
        if not _optional(answer, "seconds", float):
            return f"the answer in slot {slot} has `seconds` that are not a number"
        if not _is_time(answer.get("answered_at")):
            return f"the answer in slot {slot} needs `answered_at` as a time"
        if not isinstance(answer.get("verdict"), dict):
            return f"the answer in slot {slot} needs its `verdict`"
    return None
