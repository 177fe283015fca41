"""`export --by question` in CSV, joined by SQLite from the cells the store keeps, is the very
CSV the rows make: the same bytes for any student, response, topic, score or time."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casequiz.grade.export import ExportOptions, export_rows
from casequiz.grade.rows import write_csv
from casequiz.records import AnswerRecord, AttemptRecord
from casequiz.store.db import Store
from casequiz.store.schema import CELLS_VERSION
from test_grade_support import fill, record

HOSTILE = st.sampled_from(
    [
        "",
        "a",
        "=1",
        "-2",
        "+x",
        "@y",
        "\tz",
        'q"uote',
        "a,b",
        "line\nbreak",
        "cr\rhere",
        "é",
        "\x00",
    ]
)
TEXT = HOSTILE | st.text(max_size=8)
NUMBER = st.sampled_from([0.0, -0.0, 1.0, 0.5, 1 / 3, 2 / 3, 0.1 + 0.2, 1e20, 1e-7, 1e16, -2.0]) | (
    st.floats(allow_nan=False, allow_infinity=False, width=64)
)
RESPONSE = TEXT | NUMBER | st.booleans() | st.none() | st.lists(TEXT, max_size=2)


@st.composite
def attempts(draw: st.DrawFn) -> list[AttemptRecord]:
    """Attempts whose answers carry every kind of text and number a cell can hold; some
    questions drawn and left unanswered, some answers in a second bank."""
    records = []
    for n in range(draw(st.integers(1, 5))):
        marks = {
            f"q{i}": draw(st.none() | st.tuples(NUMBER, NUMBER))
            for i in sorted(draw(st.sets(st.integers(0, 4), min_size=1, max_size=4)))
        }
        other = {"extra": {"x1": draw(st.none() | st.tuples(NUMBER, NUMBER))}} if n % 2 else None
        made = record(
            draw(TEXT),
            marks,
            started=f"2026-03-0{1 + n}T09:00:00.000+00:00",
            other=other,
        )
        made.answers = [
            dataclasses.replace(
                answer,
                topic=draw(TEXT),
                response=draw(RESPONSE),
                status=draw(st.sampled_from(["correct", "wrong", "=odd", "a,b"])),
                seconds=draw(st.none() | NUMBER),
            )
            for answer in made.answers
        ]
        records.append(made)
    return records


def _csv(store: Store, *, lines: bool, bank: str | None = None) -> tuple[str, bool]:
    rows = export_rows(store, ExportOptions(by="question", bank=bank), for_csv=True, lines=lines)
    assert rows is not None
    joined = rows.lines is not None
    out = io.StringIO(newline="")
    write_csv(rows, out)
    return out.getvalue(), joined


@settings(max_examples=60, deadline=None)
@given(records=attempts(), bank=st.sampled_from([None, "quiz", "extra"]))
@example(
    records=[
        record(
            "=HYPERLINK(1)",
            {"q0": (1 / 3, 1.0), "q1": None, "q2": (-0.0, 2.0)},
            responses={"q0": 'say "a,b"\r\n', "q2": 1e16},
        )
    ],
    bank=None,
)
def test_lines_joined_from_the_stored_cells_are_the_rows_csv(
    tmp_path_factory: pytest.TempPathFactory, records: list[AttemptRecord], bank: str | None
) -> None:
    db = fill(tmp_path_factory.mktemp("lines") / "results.db", records)
    with Store(db) as store:
        if bank not in {entry["bank"] for r in records for entry in r.plan}:
            bank = None  # `--bank` of a bank no attempt drew is a usage error
        joined, by_lines = _csv(store, lines=True, bank=bank)
        made, by_rows = _csv(store, lines=False, bank=bank)
    assert by_lines and not by_rows
    assert joined == made


def test_an_answer_without_a_topic_is_exported_from_its_columns(tmp_path: Path) -> None:
    made = record("ann", {"q0": (1.0, 1.0), "q1": (0.0, 1.0)})
    made.answers[1] = dataclasses.replace(made.answers[1], topic=None)
    db = fill(tmp_path / "results.db", [made])
    with Store(db) as store:
        text, by_lines = _csv(store, lines=True)
    assert not by_lines
    assert text.splitlines()[2].split(",")[4] == "General"


def test_a_store_from_before_the_cells_is_exported_from_its_columns(tmp_path: Path) -> None:
    db = fill(tmp_path / "results.db", [record("ann", {"q0": (1.0, 1.0), "q1": None})])
    with Store(db) as store:
        expected, _ = _csv(store, lines=False)
        with store.transaction() as conn:
            conn.execute("UPDATE answers SET cells = NULL")
        text, by_lines = _csv(store, lines=True)
    assert not by_lines
    assert text == expected


def test_a_replaced_answer_replaces_its_cells(tmp_path: Path) -> None:
    made = record("ann", {"q0": (0.0, 1.0)})
    db = fill(tmp_path / "results.db", [made])
    again: AnswerRecord = dataclasses.replace(
        made.answers[0], topic="Later", response="changed", score=1.0, status="correct"
    )
    with Store(db) as store:
        attempt_id = store.conn.execute("SELECT id FROM attempts").fetchone()[0]
        store.save_answer(attempt_id, again)
        joined, by_lines = _csv(store, lines=True)
        made_text, _ = _csv(store, lines=False)
    assert by_lines
    assert joined == made_text
    assert "Later,changed,1.0,1.0,correct" in joined


def test_a_store_of_the_version_before_gets_its_cells_when_opened(tmp_path: Path) -> None:
    answered = record("=ann", {"q0": (1 / 3, 1.0), "q1": None}, responses={"q0": 'a,"b"'})
    db = fill(tmp_path / "results.db", [answered])
    with Store(db) as store:
        expected, _ = _csv(store, lines=False)
        with store.transaction() as conn:
            conn.execute("ALTER TABLE answers DROP COLUMN cells")
            conn.execute(f"PRAGMA user_version = {CELLS_VERSION - 1}")
    with Store(db) as store:
        text, by_lines = _csv(store, lines=True)
    assert by_lines
    assert text == expected
