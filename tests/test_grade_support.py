"""Builders the grade tests share: attempt records written straight into a store.

Records are made by hand (not by taking a quiz) so a test states exactly which questions were
drawn, which were answered and what each scored; `tests/test_export.py` and
`tests/test_stats_cli.py` also take real attempts through the engine.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from casequiz.cli.main import main
from casequiz.records import AnswerRecord, AttemptRecord
from casequiz.store.db import Store

_uids = itertools.count(1)

Mark = tuple[float, float] | None
"""(score, max) of an answered question, None for a drawn question left unanswered."""


def record(
    student: str,
    marks: Mapping[str, Mark],
    *,
    bank: str = "quiz",
    started: str = "2026-03-02T09:00:00.000+00:00",
    finished: str | None = "2026-03-02T09:20:00.000+00:00",
    mode: str = "exam",
    topics: Mapping[str, str] | None = None,
    responses: Mapping[str, object] | None = None,
    other: Mapping[str, Mapping[str, Mark]] | None = None,
) -> AttemptRecord:
    """An attempt on `bank` that drew the questions of `marks`, in that order.

    `other` adds questions drawn from further banks: bank id -> marks.
    """
    drawn = [(bank, q, m) for q, m in marks.items()]
    for other_bank, other_marks in (other or {}).items():
        drawn += [(other_bank, q, m) for q, m in other_marks.items()]
    answers = []
    for slot, (bank_id, question, mark) in enumerate(drawn):
        if mark is None:
            continue
        score, out_of = mark
        status = "correct" if score == out_of else "partial" if score else "wrong"
        answers.append(
            AnswerRecord(
                slot=slot,
                bank_id=bank_id,
                question_id=question,
                topic=(topics or {}).get(question, "Topic A"),
                response=(responses or {}).get(question, f"answer to {question}"),
                score=score,
                max_score=out_of,
                status=status,
                verdict={"score": score, "max": out_of, "status": status, "expected": "x"},
                answered_at=started,
                seconds=12.5,
            )
        )
    banks = list(dict.fromkeys(b for b, _, _ in drawn))
    return AttemptRecord(
        uid=f"attempt-{next(_uids):06d}",
        student=student,
        mode=mode,
        banks=[{"id": b, "title": f"Bank {b}", "hash": f"hash-{b}", "path": ""} for b in banks],
        plan=[{"bank": b, "question": q, "order": []} for b, q, _ in drawn],
        started_at=started,
        version="test",
        finished_at=finished,
        score=sum(a.score for a in answers) if finished else None,
        max_score=sum(m[1] if m else 1.0 for _, _, m in drawn) if finished else None,
        answers=answers,
    )


def fill(db: Path, records: Sequence[AttemptRecord]) -> Path:
    with Store(db) as store:
        for item in records:
            store.import_attempt(item)
    return db


def cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    """Run `casequiz --db DB ARGV...` in this process: (exit code, stdout, stderr)."""
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_json(text: str) -> object:
    return json.loads(text)
