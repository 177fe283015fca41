"""`casequiz store copy`: a classroom's SQLite file into the department's PostgreSQL database
and back, every attempt, answer, study card and review, as often as one likes."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from casequiz.store.base import ResultsStore, open_store
from casequiz.store.cards import CardStore
from casequiz.studyrecords import CardRecord, ReviewRecord
from cli_support import run
from test_store import answer, attempt

pytestmark = pytest.mark.usefixtures("env")


def card(student: str, question: str, reviewed: str) -> CardRecord:
    return CardRecord(
        student=student,
        bank_id="b",
        question_id=question,
        card={"stability": 2.5, "difficulty": 5.1, "step": None},
        state="Review",
        due="2024-04-01T00:00:00+00:00",
        last_review=reviewed,
        reviews=1,
        lapses=0,
    )


def review(uid: str, student: str, question: str, reviewed: str, rating: int = 3) -> ReviewRecord:
    return ReviewRecord(
        uid=uid,
        student=student,
        bank_id="b",
        question_id=question,
        rating=rating,
        suggested=3,
        reviewed_at=reviewed,
        log={"rating": rating},
        response=["ü", "東京"],
        verdict={"score": 1.0},
        due="2024-04-01T00:00:00+00:00",
        seconds=4.5,
    )


def fill(store: ResultsStore) -> None:
    store.create_attempt(attempt("done", "ann", finished=True, answers=4))
    store.create_attempt(attempt("open", "Zoë 東京", answers=2))
    store.create_attempt(attempt("empty", "bob", started_at="2024-05-01T00:00:00.000+00:00"))
    cards = CardStore(store)
    cards.save_review(
        card("ann", "q1", "2024-03-02T10:00:00+00:00"),
        review("r1", "ann", "q1", "2024-03-02T10:00:00+00:00"),
    )
    cards.save_review(
        card("cy", "q2", "2024-03-03T10:00:00+00:00"),
        review("r2", "cy", "q2", "2024-03-03T10:00:00+00:00", rating=1),
    )


def contents(location: str | Path) -> dict[str, Any]:
    """Everything a store holds, without the ids that are its own."""
    with open_store(location) as store:
        attempts = sorted(
            (dataclasses.replace(r, id=None).to_json() for r in store.attempts(finished=None)),
            key=lambda r: r["uid"],
        )
        cards = CardStore(store)
        return {
            "attempts": attempts,
            "students": store.students(),
            "cards": {s: cards.cards(s) for s in cards.students()},
            "reviews": {s: list(cards.reviews(s)) for s in cards.students()},
        }


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    """A classroom's SQLite store with finished, unfinished and empty attempts, and study."""
    path = tmp_path / "classroom.db"
    with open_store(path) as store:
        fill(store)
    return path


def test_a_copy_to_postgresql_and_back_is_equal(
    tmp_path: Path, classroom: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "store", "copy", str(classroom), str(store_location))
    assert (code, err) == (0, "")
    assert "3 attempts (3 new), 2 study reviews (2 new)" in out
    back = tmp_path / "back.db"
    assert run(capsys, "store", "copy", str(store_location), str(back))[0] == 0
    assert contents(classroom) == contents(store_location) == contents(back)
    assert len(contents(back)["attempts"]) == 3


def test_copying_again_or_back_adds_nothing(
    classroom: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        run(capsys, "store", "copy", str(classroom), str(store_location))
    code, out, _ = run(capsys, "store", "copy", str(store_location), str(classroom))
    assert code == 0 and "(0 new)" in out and "3 attempts" in out
    assert contents(classroom) == contents(store_location)


def test_copies_merge_both_ways_and_the_newer_answer_wins(
    classroom: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "store", "copy", str(classroom), str(store_location))
    with open_store(store_location) as department:
        department.create_attempt(attempt("elsewhere", "dee", finished=True, answers=1))
        (opened,) = [r for r in department.unfinished() if r.uid == "open"]
        later = dataclasses.replace(answer(1, "changed"), answered_at="2024-03-02T00:00:00+00:00")
        department.save_answer(opened.id or 0, later, position=3)
        department.finish_attempt(opened.id or 0, "2024-03-02T00:10:00.000+00:00", 1.0, 4.0)
        CardStore(department).save_review(
            card("ann", "q1", "2024-03-09T10:00:00+00:00"),
            review("r3", "ann", "q1", "2024-03-09T10:00:00+00:00", rating=4),
        )
    with open_store(classroom) as store:  # an older answer to the same slot must not win
        (mine,) = [r for r in store.unfinished() if r.uid == "open"]
        store.save_answer(mine.id or 0, answer(1, "older"))
    code, out, _ = run(capsys, "store", "copy", str(store_location), str(classroom))
    assert code == 0 and "4 attempts (1 new), 3 study reviews (1 new)" in out
    run(capsys, "store", "copy", str(classroom), str(store_location))
    mine, theirs = contents(classroom), contents(store_location)
    assert mine == theirs
    (merged,) = [r for r in mine["attempts"] if r["uid"] == "open"]
    assert merged["finished_at"] is not None and merged["position"] == 3
    assert [a["response"] for a in merged["answers"] if a["slot"] == 1] == ["changed"]
    assert mine["cards"]["ann"][0].last_review == "2024-03-09T10:00:00+00:00"


def test_a_missing_source_is_an_error_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "store", "copy", str(tmp_path / "nope.db"), str(tmp_path / "d.db"))
    assert code == 1 and "no results store" in err
    assert not (tmp_path / "d.db").exists() and not (tmp_path / "nope.db").exists()


def test_an_unverified_or_abandoned_attempt_stays_so_in_the_copy(
    classroom: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(classroom) as store, store.transaction() as conn:
        conn.execute(
            "UPDATE attempts SET verified = 0, content_digest = 'd1', abandoned_at = 'then' "
            "WHERE uid = 'done'"
        )
    for _ in range(2):
        assert run(capsys, "store", "copy", str(classroom), str(store_location))[0] == 0
    with open_store(store_location) as copy:
        row = copy.conn.execute(  # type: ignore[attr-defined]
            "SELECT verified, content_digest, abandoned_at FROM attempts WHERE uid = 'done'"
        ).fetchone()
        assert tuple(row) == (0, "d1", "then")
        assert copy.unverified() == {"done"}  # type: ignore[attr-defined]


# -- every table, row for row ------------------------------------------------------------------


def table_rows(location: str | Path) -> dict[str, list[str]]:
    """Every row of every table the store's schema holds (found in its catalog, so a table
    added later is compared too), its own ids replaced by what names the row anywhere: a
    student's name, an attempt's uid. An answer's CSV cells are left out: made from its
    columns, they are kept by SQLite's store only (`Store._keeps_cells`)."""
    with open_store(location) as store:
        conn = store.conn  # type: ignore[attr-defined]
        if isinstance(conn, sqlite3.Connection):
            listed = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            listed = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        tables = sorted({row[0] for row in conn.execute(listed)} - {"casequiz_schema"})
        students = dict(conn.execute("SELECT id, name FROM students").fetchall())
        uids = dict(conn.execute("SELECT id, uid FROM attempts").fetchall())
        found = {}
        for table in tables:
            rows = []
            for row in conn.execute(f"SELECT * FROM {table}").fetchall():
                named = dict(zip(row.keys(), tuple(row), strict=True))
                named.pop("id", None)
                if table == "answers":
                    named.pop("cells")
                if "student_id" in named:
                    named["student_id"] = students[named["student_id"]]
                if "attempt_id" in named:
                    named["attempt_id"] = uids[named["attempt_id"]]
                rows.append(repr(sorted(named.items())))
            found[table] = sorted(rows)
        return found


def result_file_import(store: ResultsStore, uid: str, digest: str) -> None:
    record = attempt(uid, "eve", finished=True, answers=3)
    outcome = store.import_result(  # type: ignore[attr-defined]
        record,
        verified=False,
        content_digest=f"content-{digest}",
        file_digest=digest,
        file_name=f"{uid}.casequiz.json",
    )
    assert outcome.status == "imported"


@pytest.fixture
def everything(tmp_path: Path) -> Path:
    """A store with a row in every table: attempts of every kind, imported result files, a
    removed attempt, an abandoned one, study cards and reviews, a student with nothing left."""
    path = tmp_path / "everything.db"
    with open_store(path) as store:
        fill(store)
        result_file_import(store, "handed-in", "f1")
        result_file_import(store, "to-remove", "f2")
        (removed,) = [r.id for r in store.attempts() if r.uid == "to-remove"]
        assert store.remove_attempts([removed or 0]) == [removed]  # type: ignore[attr-defined]
        left = store.create_attempt(attempt("left", "fay", answers=1))
        assert store.abandon_attempt(left)  # type: ignore[attr-defined]
    return path


@pytest.mark.parametrize("batch", [200, 2])
def test_every_table_is_copied_row_for_row_and_a_second_copy_adds_nothing(
    everything: Path,
    store_location: str | Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    import casequiz.store.copy as copy

    monkeypatch.setattr(copy, "BATCH", batch)  # pages of two rows: every table read in pages
    source = table_rows(everything)
    assert all(source.values()), source  # every table holds something to copy
    assert {"imported_files", "removals", "study_cards", "study_reviews"} <= source.keys()
    code, out, err = run(capsys, "store", "copy", str(everything), str(store_location))
    assert (code, err) == (0, "")
    assert "1 imported file record (1 new) and 1 removal (1 new)" in out
    assert table_rows(store_location) == source
    code, out, _ = run(capsys, "store", "copy", str(everything), str(store_location))
    assert code == 0 and "(1 new)" not in out and "5 attempts (0 new)" in out
    assert table_rows(store_location) == source
    back = tmp_path / "back.db"
    for _ in range(2):
        assert run(capsys, "store", "copy", str(store_location), str(back))[0] == 0
    assert table_rows(back) == source


def test_an_attempt_removed_in_either_store_stays_removed(
    everything: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "store", "copy", str(everything), str(store_location))
    with open_store(store_location) as department:  # the grader removes one there
        (done,) = [r.id for r in department.attempts() if r.uid == "done"]
        department.remove_attempts([done or 0])  # type: ignore[attr-defined]
    code, out, _ = run(capsys, "store", "copy", str(everything), str(store_location))
    assert code == 0 and "1 attempt not copied: removed from the destination" in out
    run(capsys, "store", "copy", str(store_location), str(everything))  # and back
    for location in (everything, store_location):
        with open_store(location) as store:
            assert "done" not in {r.uid for r in store.attempts(finished=None)}
            assert {r[0] for r in store.removals()} == {"to-remove", "done"}  # type: ignore[attr-defined]
    assert table_rows(everything) == table_rows(store_location)


def test_an_attempt_imported_again_after_its_removal_is_copied(
    everything: Path, store_location: str | Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "store", "copy", str(everything), str(store_location))
    with open_store(everything) as store:
        result_file_import(store, "to-remove", "f2")  # the same file, handed in again
    run(capsys, "store", "copy", str(everything), str(store_location))
    with open_store(store_location) as department:
        assert department.attempt_by_uid("to-remove") is not None
    assert table_rows(everything) == table_rows(store_location)
