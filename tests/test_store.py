"""The results store: its schema and migrations, what it refuses, and records in and out.

A store is a file students keep for months and graders merge into; it must open whatever
version of casequiz made it (or say clearly why not) and give back exactly what went in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends import sqlite_only
from casequiz.records import AnswerRecord, AttemptRecord
from casequiz.store.base import ResultsStore, open_store
from casequiz.store.db import Store, StoreError, default_path
from casequiz.store.schema import MIGRATIONS, SCHEMA_VERSION

pytestmark = pytest.mark.usefixtures("env")


@pytest.fixture
def store(store_location: str | Path) -> Iterator[ResultsStore]:
    """A new store of each back end: every test taking it runs on SQLite and PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def attempt(
    uid: str = "u1",
    student: str = "ann",
    *,
    finished: bool = False,
    answers: int = 0,
    started_at: str = "2024-03-01T09:00:00.000+00:00",
) -> AttemptRecord:
    plan = [{"bank": "b", "question": f"q{i}", "order": [1, 0]} for i in range(4)]
    return AttemptRecord(
        uid=uid,
        student=student,
        mode="exam",
        banks=[{"id": "b", "title": "B", "hash": "abc", "path": "/x/b.yaml"}],
        plan=plan,
        started_at=started_at,
        version="0.1.0",
        seed=7,
        selection={"topics": ["T"], "tags": [], "count": 4, "question_ids": []},
        position=1,
        flags=[2],
        time_limit=600.0,
        finished_at="2024-03-01T09:10:00.000+00:00" if finished else None,
        score=1.5 if finished else None,
        max_score=4.0 if finished else None,
        answers=[answer(i) for i in range(answers)],
    )


RESPONSES: list[object] = ["Phnom Penh", ["a", "b"], True, {"EU": "grants", "Cambodia": "ü"}]


def answer(slot: int, response: object = None, score: float = 0.5) -> AnswerRecord:
    return AnswerRecord(
        slot=slot,
        bank_id="b",
        question_id=f"q{slot}",
        topic="T" if slot % 2 else None,
        response=RESPONSES[slot % 4] if response is None else response,
        score=score,
        max_score=1.0,
        status="partial",
        verdict={
            "score": score,
            "max": 1.0,
            "status": "partial",
            "expected": "x",
            "detail": ["one", "two"],
            "reading": None,
            "fuzzy": False,
        },
        answered_at=f"2024-03-01T09:0{slot}:00.000+00:00",
        seconds=3.25,
    )


def table_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


# -- opening and migrating --------------------------------------------------------------------


@sqlite_only
@pytest.mark.parametrize("start", ["missing", "empty"])
def test_a_new_store_is_created_at_the_latest_version(tmp_path: Path, start: str) -> None:
    path = tmp_path / "deep" / "folder" / "casequiz.db"
    if start == "empty":
        path.parent.mkdir(parents=True)
        path.write_bytes(b"")
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"students", "attempts", "answers"} <= table_names(path)


@sqlite_only
@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path: Path, version: int) -> None:
    """Every migration from every older version: a store made by an old casequiz opens."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        store.create_attempt(attempt(answers=2))
    with Store(path) as store:
        record = store.attempt_by_uid("u1")
        assert record is not None and len(record.answers) == 2


@sqlite_only
def test_opening_again_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "casequiz.db"
    with Store(path) as store:
        store.create_attempt(attempt(answers=3))
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert len(store.unfinished()[0].answers) == 3


@sqlite_only
def test_a_store_from_a_newer_casequiz_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer casequiz .*update casequiz"):
        Store(path)
    assert path.read_bytes() == before


@sqlite_only
@pytest.mark.parametrize("content", [b"hello, world\n" * 50, b"SQLite format 3\0" + b"\xff" * 200])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a casequiz results store"):
        Store(path)
    assert path.read_bytes() == content


@sqlite_only
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE students (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a casequiz results store"):
        Store(path)
    assert path.read_bytes() == before


@sqlite_only
def test_a_store_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the results store"):
        Store(blocker / "casequiz.db")


@sqlite_only
def test_the_default_path_follows_casequiz_db(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "mine.db"))
    assert default_path() == tmp_path / "mine.db"
    monkeypatch.delenv("CASEQUIZ_DB")
    assert default_path().name == "casequiz.db"


# -- records in and out -----------------------------------------------------------------------


def test_an_attempt_comes_back_exactly_as_it_went_in(store: ResultsStore) -> None:
    record = attempt(student="Zoë 東京", answers=4, finished=True)
    attempt_id = store.create_attempt(record)
    back = store.attempt(attempt_id)
    assert back is not None
    assert back.id == attempt_id and back.origin == "local"
    assert back.to_json() == record.to_json()
    assert [a.response for a in back.answers] == RESPONSES


def test_a_new_answer_to_the_same_question_replaces_the_old(store: ResultsStore) -> None:
    attempt_id = store.create_attempt(attempt())
    store.save_answer(attempt_id, answer(0, "first", 0.0), position=0)
    store.save_answer(attempt_id, answer(0, "second", 1.0), position=3, flags=[0, 3])
    record = store.attempt(attempt_id)
    assert record is not None
    assert [(a.slot, a.response, a.score) for a in record.answers] == [(0, "second", 1.0)]
    assert (record.position, record.flags) == (3, [0, 3])


def test_progress_alone_moves_the_position_and_flags(store: ResultsStore) -> None:
    attempt_id = store.create_attempt(attempt())
    store.save_progress(attempt_id, position=2)
    store.save_progress(attempt_id, flags=[1])
    record = store.attempt(attempt_id)
    assert record is not None and (record.position, record.flags) == (2, [1])


def test_finishing_records_the_score_and_ends_unfinished(store: ResultsStore) -> None:
    attempt_id = store.create_attempt(attempt())
    assert [r.id for r in store.unfinished()] == [attempt_id]
    store.finish_attempt(attempt_id, "2024-03-01T09:30:00.000+00:00", 2.5, 4.0)
    assert store.unfinished() == []
    (record,) = store.attempts(finished=True)
    assert (record.score, record.max_score) == (2.5, 4.0)


def test_unfinished_lists_the_latest_first_and_by_student(store: ResultsStore) -> None:
    store.create_attempt(attempt("old", "ann", started_at="2024-01-01T00:00:00.000+00:00"))
    store.create_attempt(attempt("new", "ann", started_at="2024-02-01T00:00:00.000+00:00"))
    store.create_attempt(attempt("bob", "bob", started_at="2024-03-01T00:00:00.000+00:00"))
    assert [r.uid for r in store.unfinished()] == ["bob", "new", "old"]
    assert [r.uid for r in store.unfinished("ann")] == ["new", "old"]
    assert store.unfinished("nobody") == []
    assert store.students() == ["ann", "bob"]


def test_importing_the_same_attempt_twice_changes_nothing(store: ResultsStore) -> None:
    record = attempt(finished=True, answers=2)
    assert store.import_attempt(record) is True
    before = [r.to_json() for r in store.attempts(finished=None)]
    assert store.import_attempt(record) is False
    assert [r.to_json() for r in store.attempts(finished=None)] == before


def test_a_failed_transaction_leaves_nothing_behind(store: ResultsStore) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO students(name) VALUES ('ghost')")
        raise RuntimeError("in the middle")
    assert store.students() == []
    store.create_attempt(attempt())  # and the store is usable afterwards
    assert store.students() == ["ann"]


def test_deleting_an_attempt_deletes_its_answers(store: ResultsStore) -> None:
    attempt_id = store.create_attempt(attempt(answers=3))
    store.delete_attempt(attempt_id)
    assert store.attempt(attempt_id) is None
    assert store.conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
