"""Reports streamed from the store say exactly what the reports built in memory say.

`export --by question` and `stats` read the store in one pass (`grade.rows`, `grade.storestats`)
and compute Moodle's figures from counted values (`grade.counted`); the in-memory road
(`tables`, `analysis`) is kept and both are compared here on the same stores, figure for figure.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backends import whole_suite_on_postgres
from casequiz.grade.analysis import BankAnalysis, analyse
from casequiz.grade.catalog import build_catalog, find_banks
from casequiz.grade.counted import exact_sum, median_of, paired_sorted
from casequiz.grade.csvsafe import neutralise
from casequiz.grade.export import ExportOptions, export_rows, select
from casequiz.grade.rows import store_catalog
from casequiz.grade.source import read_attempts
from casequiz.grade.storestats import analyse_store
from casequiz.grade.tables import by_question
from casequiz.store.db import Store
from casequiz.store.reportquery import ReportFilter
from test_grade_support import cli, fill, record

FLOATS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from(
    [0.0, 1.0, 0.5, 1 / 3, 2 / 3, 0.1, 1e-300]
)


@settings(max_examples=300)
@given(st.lists(FLOATS, min_size=1, max_size=40))
def test_counted_sums_are_fsum_to_the_last_bit(values: list[float]) -> None:
    counts = Counter(values)
    assert exact_sum(counts.items()) == math.fsum(values)
    assert median_of(counts) == statistics.median(values)


@settings(max_examples=200)
@given(st.lists(st.tuples(FLOATS, FLOATS), min_size=1, max_size=30))
def test_sorted_pairing_from_counts(pairs: list[tuple[float, float]]) -> None:
    left, right = [a for a, _ in pairs], [b for _, b in pairs]
    expected = math.fsum(a * b for a, b in zip(sorted(left), sorted(right), strict=True))
    got = exact_sum(paired_sorted(Counter(left).items(), Counter(right).items()))
    assert got == expected


MARK = st.none() | st.sampled_from([(0.0, 1.0), (1.0, 1.0), (0.5, 1.0), (1.0, 3.0), (2.0, 2.0)])


@st.composite
def stores(draw: st.DrawFn) -> list:
    """Attempts at one or two banks, drawing some questions, answering some of those."""
    records = []
    for n in range(draw(st.integers(1, 12))):
        marks = {f"q{i}": draw(MARK) for i in sorted(draw(st.sets(st.integers(0, 5), max_size=5)))}
        other = {"extra": {"x1": draw(MARK)}} if draw(st.booleans()) else None
        records.append(
            record(
                draw(st.sampled_from(["ann", "bob", "=cy"])),
                marks,
                started=f"2026-03-{1 + draw(st.integers(0, 8)):02d}T09:00:00.000+00:00",
                topics={"q1": "+Risky"} if n % 2 else None,
                responses={
                    "q0": draw(st.sampled_from(["=1", "a", True, ["x"], None, 'q"', "\x00=a\x00"]))
                },
                other=other,
            )
        )
    return records


@settings(max_examples=40, deadline=None)
@given(records=stores(), which=st.sampled_from(["all", "first", "last", "best"]))
def test_streamed_reports_match_the_reports_built_in_memory(
    tmp_path_factory: pytest.TempPathFactory, records: list, which: str
) -> None:
    db = fill(tmp_path_factory.mktemp("stream") / "results.db", records)
    options = ExportOptions(by="question", which=which)  # type: ignore[arg-type]
    with Store(db) as store:
        attempts = read_attempts(store)
        catalog = build_catalog(attempts, find_banks(attempts))
        for for_csv in (False, True):
            streamed = export_rows(store, options, for_csv=for_csv)
            assert streamed is not None
            text = neutralise if for_csv else (lambda t: t)
            memory = by_question(select(attempts, options, catalog), catalog, text)
            assert tuple(streamed.rows) == memory.rows
        where = ReportFilter()
        known = sorted({b for a in attempts for b in a.bank_ids})
        from_store = analyse_store(
            store, options, store_catalog(store, where, banks=True), where, known
        )
        asked = store_catalog(store, where, banks=True, asked_only=True)
        from_asked = analyse_store(store, options, asked, where, known)
    assert _figures(from_store) == _figures(analyse(attempts, options, catalog))
    assert _figures(from_asked) == _figures(from_store)


def _figures(reports: list[BankAnalysis]) -> str:
    """Every figure of the reports; the totals (kept for the histogram) in order of size."""
    return repr(
        [
            dataclasses.replace(
                r,
                analysis=dataclasses.replace(r.analysis, totals=tuple(sorted(r.analysis.totals))),
            )
            for r in reports
        ]
    )


def test_stats_says_when_the_bank_file_has_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "quiz.yaml"
    bank.write_text("casequiz: 1\nid: quiz\ntitle: Quiz\nquestions:\n  - id: q1\n", "utf-8")
    attempt = record("ann", {"q1": (1.0, 1.0)})
    attempt.banks[0]["path"] = str(bank)
    db = fill(tmp_path / "results.db", [attempt])
    (tmp_path / "elsewhere").mkdir()
    code, out, _ = cli(capsys, db, "stats", "--banks", str(tmp_path / "elsewhere"))
    assert code == 0
    assert "quiz.yaml has errors" in out and "bank file not found" not in out


def test_starting_an_attempt_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    from casequiz.bank.load import load_banks
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection

    banks = load_banks([Path(__file__).parent / "data" / "valid"])
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            Attempt.start(banks, Selection(seed=1), student="ann", mode=Mode.EXAM)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_no_cache_validate_makes_nothing_for_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casequiz.bank import load
    from casequiz.bank.model import Bank

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("the cache's body was made")

    monkeypatch.setattr(Bank, "model_dump_json", refuse)
    bank = next((Path(__file__).parent / "data" / "valid").glob("*.yaml"))
    result = load.check_file(bank, use_cache=False, need_bank=True)
    assert result.loaded is not None


def _temporary_tables(store: Store) -> list[str]:
    if whole_suite_on_postgres():
        listed = "SELECT tablename FROM pg_tables WHERE schemaname LIKE 'pg_temp%'"
    else:
        listed = "SELECT name FROM temp.sqlite_master"
    return [row[0] for row in store.conn.execute(listed)]


@pytest.mark.parametrize("for_csv", [False, True])
def test_misplaced_and_topicless_answers_stream_as_in_memory(tmp_path: Path, for_csv: bool) -> None:
    """An answer whose slot names another question (or no question: past the plan), and an
    answer without a topic, come out of the stream as the in-memory table has them."""
    plain = record("ann", {"q0": (1.0, 1.0), "q1": None, "q2": (0.0, 2.0)})
    topicless = record(
        "=bob", {"q0": (0.5, 1.0), "q1": (1.0, 1.0)}, started="2026-03-03T09:00:00.000+00:00"
    )
    topicless.answers[0].topic = None
    moved = record(
        "cy", {"q0": (1.0, 1.0), "q1": (1.0, 1.0)}, started="2026-03-04T09:00:00.000+00:00"
    )
    moved.answers[1].question_id = "q2"  # slot 1 drew q1
    past_the_plan = dataclasses.replace(moved.answers[0], slot=7, question_id="q9")
    moved.answers.append(past_the_plan)
    db = fill(tmp_path / "results.db", [plain, topicless])
    text = neutralise if for_csv else (lambda t: t)
    options = ExportOptions(by="question")
    with Store(db) as store:
        attempts = read_attempts(store)
        catalog = build_catalog(attempts, find_banks(attempts))
        streamed = export_rows(store, options, for_csv=for_csv)
        assert streamed is not None
        assert streamed.size == (None if whole_suite_on_postgres() else 5)  # counted by SQLite
        assert (
            tuple(streamed.rows)
            == by_question(select(attempts, options, catalog), catalog, text).rows
        )
        assert _temporary_tables(store) == []
        store.import_attempt(moved)
        attempts = read_attempts(store)
        catalog = build_catalog(attempts, find_banks(attempts))
        streamed = export_rows(store, options, for_csv=for_csv)
        assert streamed is not None
        rows = tuple(streamed.rows)
        assert rows == by_question(select(attempts, options, catalog), catalog, text).rows
        assert len(rows) == 9  # 7 drawn, then cy's two misplaced answers
        assert _temporary_tables(store) == []


def test_a_report_read_in_part_leaves_no_tables_behind(tmp_path: Path) -> None:
    db = fill(tmp_path / "results.db", [record("ann", {"q0": (1.0, 1.0), "q1": None})])
    with Store(db) as store:
        streamed = export_rows(store, ExportOptions(by="question"))
        assert streamed is not None
        next(streamed.rows)
        streamed.rows.close()  # type: ignore[attr-defined]
        assert _temporary_tables(store) == []


@pytest.mark.parametrize(
    "stored",
    [
        "null",
        '""',
        '"a"',
        '"=x"',
        '"-"',
        '"+1"',
        '"@x"',
        '"\\t x"',
        '"\\u003d x"',
        '"\\"=q"',
        '"é"',
        '"=é"',
        '"\\u00e9"',
        "-5",
        "5.5",
        "true",
        "false",
        '["=x"]',
        '{"a":"-1"}',
        '"A"',
        '"a\\u0000b"',
        '"\\u0000=x"',
        '"=\\u0000"',
        '"\\\\u0000"',
        '["\\u0000"]',
    ],
)
def test_a_response_cell_is_neutralised_in_one_reading(stored: str) -> None:
    """The SQL that reads a stored response once gives the cell `csvsafe` makes of it."""
    import sqlite3

    from casequiz.grade.source import response_text
    from casequiz.store.reportquery import neutral_response_cell
    from casequiz.store.sqlitejson import add_functions

    sql = f"SELECT {neutral_response_cell('r')} FROM (SELECT ? AS r)"
    conn = sqlite3.connect(":memory:")
    add_functions(conn)
    [(cell,)] = conn.execute(sql, (stored,)).fetchall()
    assert cell == neutralise(response_text(stored))
