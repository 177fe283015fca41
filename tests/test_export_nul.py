"""A text holding NUL is exported as the in-memory reports write it, from either back end.

JSON escapes NUL (`\\u0000`) and the store keeps it so, but SQLite's `json_extract` and
`json_each` end a text at that character, and PostgreSQL's text cannot hold it: the cells the
stores make (`store.reportquery`, `store.pg_reportquery`) read such a text with Python's `json`.
A typed response may hold NUL on either back end; a hand-made result file's attempt, bank or
question id only on SQLite (PostgreSQL refuses to store it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backends import whole_suite_on_postgres
from casequiz.grade.analysis import analyse
from casequiz.grade.catalog import build_catalog, find_banks
from casequiz.grade.csvsafe import csv_text, neutralise
from casequiz.grade.export import ExportOptions, export_rows, select
from casequiz.grade.source import read_attempts
from casequiz.grade.storestats import analyse_any
from casequiz.grade.tables import QUESTION_COLUMNS, by_question
from casequiz.records import AttemptRecord
from casequiz.store.db import Store
from test_grade_stream import _figures
from test_grade_support import cli, fill, record

RESPONSES = {"q0": "a\x00b", "q1": "\x00=x", "q2": "=\x00", "q3": ["\x00", "\\u0000"]}


def _answered() -> list[AttemptRecord]:
    marks = {f"q{i}": (float(i % 2), 1.0) for i in range(5)}
    return [
        record("ann", marks, responses=RESPONSES),
        record("=bob", marks, started="2026-03-03T09:00:00.000+00:00", responses={"q4": "\\u0000"}),
    ]


def _in_memory(store: Store, options: ExportOptions, for_csv: bool) -> tuple[tuple, ...]:
    attempts = read_attempts(store)
    catalog = build_catalog(attempts, find_banks(attempts))
    text = neutralise if for_csv else (lambda t: t)
    return by_question(select(attempts, options, catalog), catalog, text).rows


def test_an_export_writes_a_response_holding_nul_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fill(tmp_path / "results.db", _answered())
    code, out, _ = cli(capsys, db, "export", "--by", "question", "--format", "csv")
    assert code == 0
    with Store(db) as store:
        rows = _in_memory(store, ExportOptions(by="question"), for_csv=True)
    assert out == csv_text(QUESTION_COLUMNS, rows, neutralised=True)
    assert ",a\x00b," in out and ",\x00=x," in out and ",'=\x00," in out
    code, out, _ = cli(capsys, db, "export", "--by", "question", "--format", "json")
    assert code == 0
    responses = [row["response"] for row in json.loads(out)]
    assert responses[:4] == ["a\x00b", "\x00=x", "=\x00", '["\\u0000","\\\\u0000"]']
    assert responses[9] == "\\u0000"


@pytest.mark.skipif(whole_suite_on_postgres(), reason="PostgreSQL stores no id holding NUL")
def test_ids_holding_nul_are_read_whole(tmp_path: Path) -> None:
    """A hand-made attempt whose uid, bank and question hold NUL: its drawn questions meet
    their answers, `--attempts best` picks it by its whole uid (not that of `u`), and `stats`
    counts it as the per-attempt reading does."""
    odd = record("ann", {"q\x00z": (1.0, 1.0), "q1": None}, bank="b\x00k")
    odd.uid = "u\x00v"
    plain = record("ann", {"q0": (0.0, 1.0)}, started="2026-03-03T09:00:00.000+00:00")
    plain.uid = "u"
    db = fill(tmp_path / "results.db", [odd, plain])
    with Store(db) as store:
        for which in ("all", "best"):
            options = ExportOptions(by="question", which=which)  # type: ignore[arg-type]
            for for_csv in (False, True):
                streamed = export_rows(store, options, for_csv=for_csv)
                assert streamed is not None
                assert tuple(streamed.rows) == _in_memory(store, options, for_csv)
        rows = _in_memory(store, ExportOptions(by="question", which="best"), for_csv=False)
        assert [row[0] for row in rows] == ["u\x00v", "u\x00v", "u"]
        assert rows[0][2:4] == ("b\x00k", "q\x00z") and rows[0][8] == "correct"
        attempts = read_attempts(store)
        in_memory = analyse(attempts, ExportOptions(), build_catalog(attempts))
        assert _figures(analyse_any(store, ExportOptions()) or []) == _figures(in_memory)
