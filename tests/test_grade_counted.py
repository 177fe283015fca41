"""`stats` counted by SQLite (`grade.groupstats`) keeps exactly what the per-attempt reading
(`grade.storestats`) keeps: the same counts in every tally, so every figure to the last bit.

The stores drawn here have marks of every kind (partial, over the maximum, below zero, out of
nothing), points that are not the answers' maxima, several banks, banks named but not drawn
from, and questions left unanswered; and the sums both roads rest on (`counted`) are checked
with counts far larger than the hypothesis stores hold.
"""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backends import whole_suite_on_postgres
from casequiz.grade.analysis import analyse
from casequiz.grade.catalog import Catalog, QuestionInfo, build_catalog
from casequiz.grade.counted import exact_sum, ratio_sum
from casequiz.grade.csvsafe import neutralise
from casequiz.grade.export import ExportOptions
from casequiz.grade.groupstats import grouped_tallies
from casequiz.grade.rows import store_catalog
from casequiz.grade.source import read_attempts, response_text
from casequiz.grade.storestats import BankTally, _read_tallies, analyse_any, analyse_store
from casequiz.records import AttemptRecord
from casequiz.store.db import Store
from casequiz.store.reportquery import ReportFilter, neutral_response_cell, response_cell
from casequiz.store.sqlitejson import add_functions
from test_grade_stream import _figures
from test_grade_support import fill, record

SCORE = st.sampled_from([0.0, 1.0, 0.5, 1 / 3, 0.2, 2.0, -1.0, 0.1, 7.25])
OUT_OF = st.sampled_from([1.0, 2.0, 3.0, 0.0, 0.3])
MARK = st.none() | st.tuples(SCORE, OUT_OF)
QUESTIONS = [f"q{i}" for i in range(6)]


@st.composite
def attempts(draw: st.DrawFn) -> list[AttemptRecord]:
    """Attempts at one to three banks, drawing some questions, answering some of those."""
    records = []
    for _ in range(draw(st.integers(1, 10))):
        chosen = draw(st.lists(st.sampled_from(QUESTIONS), unique=True, max_size=6))
        marks = {q: draw(MARK) for q in chosen}
        other = {}
        for bank in ("extra", "more"):
            if draw(st.booleans()):
                drawn = draw(st.lists(st.sampled_from(["x1", "x2", "q0"]), unique=True))
                other[bank] = {q: draw(MARK) for q in drawn}
        attempt = record(
            draw(st.sampled_from(["ann", "bob", "=cy"])),
            marks,
            started=f"2026-03-{1 + draw(st.integers(0, 8)):02d}T09:00:00.000+00:00",
            other=other,
        )
        if draw(st.booleans()):  # names a bank it drew nothing from
            attempt.banks.append({"id": "named", "title": "Named", "hash": "h", "path": ""})
        records.append(attempt)
    return records


def _kept(held: BankTally) -> dict[str, object]:
    """Everything a bank's tally keeps, the counters as plain mappings."""
    tally = held.tally
    return {
        "pairs": {q: dict(c) for q, c in tally.pairs.items() if c},
        "shares": {q: dict(c) for q, c in tally.shares.items() if c},
        "totals": list(tally.totals),
        "total_counts": dict(tally.total_counts),
        "drawn_counts": tally.drawn_counts,
        "largest_max": tally.largest_max,
        "bank": dataclasses.replace(held, tally=None),  # type: ignore[arg-type]
    }


def _points(draw: st.DrawFn) -> Catalog:
    points = st.sampled_from([1.0, 2.0, 0.5, 2.5, 0.3, 0.0, 10.0])
    keys = [("quiz", q) for q in QUESTIONS] + [(b, q) for b in ("extra", "more") for q in QUESTIONS]
    keys += [(b, x) for b in ("extra", "more") for x in ("x1", "x2")]
    return Catalog({key: QuestionInfo(points=draw(points)) for key in keys})


@settings(max_examples=60, deadline=None)
@given(records=attempts(), data=st.data())
def test_counted_stats_keep_what_the_attempt_by_attempt_reading_keeps(
    tmp_path_factory: pytest.TempPathFactory, records: list[AttemptRecord], data: st.DataObject
) -> None:
    db = fill(tmp_path_factory.mktemp("counted") / "results.db", records)
    banks = ["extra", "more", "named", "quiz"]
    with Store(db) as store:
        where = ReportFilter()
        for catalog in (
            store_catalog(store, where, banks=True),
            data.draw(st.composite(_points)()),
        ):
            wanted = data.draw(st.sampled_from([banks, ["quiz"], ["extra", "named"]]))
            counted = grouped_tallies(store, where, wanted, catalog)
            read = _read_tallies(store, where, wanted, catalog, None)
            if whole_suite_on_postgres():
                assert counted is None  # another back end: read attempt by attempt
                continue
            assert counted is not None
            assert {b: _kept(t) for b, t in counted.items()} == {
                b: _kept(t) for b, t in read.items()
            }


def test_an_answer_not_its_slots_is_read_attempt_by_attempt(tmp_path: Path) -> None:
    """A hand-made result file's answer to another question than its slot's: the store is not
    counted by SQLite, and `stats` says what the per-attempt reading says."""
    plain = record("ann", {"q0": (1.0, 1.0), "q1": (0.5, 1.0)})
    moved = record("bob", {"q0": (1.0, 1.0), "q1": (1.0, 1.0)})
    moved.answers[1].question_id = "q2"  # slot 1 drew q1
    twice = record("cy", {"q0": (1.0, 1.0)})
    twice.plan.append(dict(twice.plan[0]))  # q0 drawn in two slots
    for records in ([plain, moved], [plain, twice]):
        db = fill(tmp_path / f"results-{len(list(tmp_path.iterdir()))}.db", records)
        with Store(db) as store:
            where = ReportFilter()
            catalog = store_catalog(store, where, banks=True)
            assert grouped_tallies(store, where, ["quiz"], catalog) is None
            reports = analyse_store(store, ExportOptions(), catalog, where, ["quiz"])
            assert reports[0].attempts == 2
            attempts = read_attempts(store)
            in_memory = analyse(attempts, ExportOptions(), build_catalog(attempts))
            assert _figures(analyse_any(store, ExportOptions()) or []) == _figures(in_memory)


@settings(max_examples=300)
@given(
    st.lists(
        st.tuples(
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
            | st.sampled_from([0.1, 1 / 3, 1e-300, 2.0**-60]),
            st.integers(0, 10**7) | st.integers(0, 40),
        ),
        max_size=30,
    )
)
def test_both_exact_sums_agree_however_large_the_counts(items: list[tuple[float, int]]) -> None:
    assert exact_sum(items) == ratio_sum(items)
    if sum(count for _value, count in items) <= 2000:
        repeated = [value for value, count in items for _ in range(count)]
        assert exact_sum(items) == math.fsum(repeated)


@settings(max_examples=300)
@given(
    st.text(st.characters(codec="utf-8"), max_size=6)
    | st.sampled_from(["=1", "+", "-x", "@", "\t", "\n", "\r", '"', "\\", "A", "", "#"])
    | st.sampled_from(["\x00", "a\x00b", "\x00=x", "=\x00", "\\u0000", "\\\x00", "\x00\x00"])
)
def test_any_stored_response_is_one_cell_of_the_same_text(text: str) -> None:
    """`neutral_response_cell` gives the cell `csvsafe` makes of a stored response of any text
    (NUL included, which SQLite's `json_extract` would end the text at), and of a list
    holding it; `response_cell` the text `response_text` gives."""
    import json

    sql = f"SELECT {neutral_response_cell('r')}, {response_cell('r')} FROM (SELECT ? AS r)"
    conn = sqlite3.connect(":memory:")
    add_functions(conn)
    for stored in (json.dumps(text), json.dumps(text, ensure_ascii=False), json.dumps([text])):
        [(cell, plain)] = conn.execute(sql, (stored,)).fetchall()
        assert cell == neutralise(response_text(stored))
        assert plain == response_text(stored)
