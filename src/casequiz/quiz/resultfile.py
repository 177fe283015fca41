"""Result files: a finished attempt as one JSON file a student hands in and a grader imports.

The file carries the whole attempt record (plan, answers, verdicts) with the hash of every bank
it was drawn from and the casequiz version, so the grader can tell whether it was taken on the
same bank they hold.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from casequiz.records import AttemptRecord

KIND = "casequiz-result"
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
    """The attempt in a result file; raises `ResultFileError` saying what is wrong."""
    try:
        document: Any = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ResultFileError(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultFileError(f"{path}: not a JSON result file ({exc})") from None
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise ResultFileError(f"{path}: not a casequiz result file")
    if document.get("format") != FORMAT:
        raise ResultFileError(
            f"{path}: result file format {document.get('format')!r} is not "
            f"supported (this casequiz reads {FORMAT})"
        )
    try:
        record = AttemptRecord.from_json(document["attempt"])
    except (KeyError, TypeError) as exc:
        raise ResultFileError(f"{path}: the attempt in it is incomplete ({exc})") from None
    if not record.finished:
        raise ResultFileError(f"{path}: the attempt was not finished")
    return record
