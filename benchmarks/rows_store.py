"""Benchmark rows: committing one answer to the results store, median and p99 per commit (WAL).

Every answer a student gives is its own durable transaction (`BEGIN IMMEDIATE`, the upsert of
the answer and the attempt's position, `COMMIT` with `synchronous=FULL`) before the next
question is shown, so the time of one commit is the pause a student could feel. It is measured
by committing answers one by one through `Store.save_answer`, the same call the engine makes.

The baseline, measured in the same run on the same disk, is the cheapest durable commit SQLite
can make in that mode: one `INSERT` of a short row in its own transaction into a bare WAL file
with `synchronous=FULL`. The ratio of the medians says what the store adds on top of the disk's
own fsync; the labels carry the absolute times, which depend on the disk far more than on
casequiz.

`rows()` gives (label, value, target) rows like every row module; `measure()` gives the first.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from casequiz.records import AnswerRecord, AttemptRecord
from casequiz.store.db import Store

LABEL = "store: commit one answer (save_answer, WAL, synchronous=FULL), median ÷ bare INSERT commit"
TARGET = "≤ 3"
P99_LABEL = "store: commit one answer, p99 ÷ median (how uneven commits are)"
P99_TARGET = "report"

QUESTIONS = 20
"""Slots of the attempt answered over and over: an upsert, as when a student changes an answer."""


def _attempt() -> AttemptRecord:
    return AttemptRecord(
        uid="benchmark",
        student="benchmark",
        mode="exam",
        banks=[{"id": "bench", "title": "Bench", "hash": "0" * 64, "path": "/bench.yaml"}],
        plan=[{"bank": "bench", "question": f"q{i}", "order": [2, 0, 1]} for i in range(QUESTIONS)],
        started_at="2024-03-01T09:00:00.000+00:00",
        version="bench",
        seed=1,
    )


def _answer(number: int) -> AnswerRecord:
    slot = number % QUESTIONS
    return AnswerRecord(
        slot=slot,
        bank_id="bench",
        question_id=f"q{slot}",
        topic="Trade",
        response=["garments", "footwear"] if number % 2 else "5,800 million",
        score=0.5,
        max_score=1.0,
        status="partial",
        verdict={
            "score": 0.5,
            "max": 1.0,
            "status": "partial",
            "expected": "garments, footwear, bicycles",
            "reading": None,
            "fuzzy": False,
            "detail": ["garments: correct", "footwear: correct", "bicycles: should be chosen"],
        },
        answered_at="2024-03-01T09:01:00.000+00:00",
        seconds=4.2,
    )


def _timings(count: int, commit: Callable[[int], None]) -> list[float]:
    """Seconds per commit, after a few warm-up commits (file growth, page cache)."""
    for number in range(10):
        commit(number)
    timings: list[float] = []
    for number in range(count):
        start = time.perf_counter()
        commit(number)
        timings.append(time.perf_counter() - start)
    return timings


def _p99(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[98]


def _store_timings(path: Path, count: int) -> list[float]:
    with Store(path) as store:
        attempt_id = store.create_attempt(_attempt())
        return _timings(
            count, lambda n: store.save_answer(attempt_id, _answer(n), position=n % QUESTIONS)
        )


def _baseline_timings(path: Path, count: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE rows (n INTEGER, text TEXT)")

        def commit(number: int) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO rows VALUES (?, ?)", (number, "5,800 million"))
            conn.execute("COMMIT")

        return _timings(count, commit)
    finally:
        conn.close()


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    """The median row (ratio to the bare commit) and the p99 row (ratio to the median)."""
    count = 200 if quick else 2_000
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-store-") as name:
        folder = Path(name)
        # Interleaved halves, so that a disk that slows down mid-run burdens both sides alike.
        store: list[float] = []
        bare: list[float] = []
        for half in range(2):
            store += _store_timings(folder / f"store-{half}.db", count // 2)
            bare += _baseline_timings(folder / f"bare-{half}.db", count // 2)
    median, p99 = statistics.median(store), _p99(store)
    base_median, base_p99 = statistics.median(bare), _p99(bare)
    us = 1e6
    return [
        (
            f"{LABEL} (median {median * us:.0f} µs, p99 {p99 * us:.0f} µs per commit; bare "
            f"INSERT median {base_median * us:.0f} µs, p99 {base_p99 * us:.0f} µs; "
            f"{len(store)} commits)",
            median / base_median,
            TARGET,
        ),
        (
            f"{P99_LABEL} (p99 {p99 * us:.0f} µs, median {median * us:.0f} µs)",
            p99 / median,
            P99_TARGET,
        ),
    ]


def measure(quick: bool = False) -> tuple[str, float, str]:
    """The first row: the median commit of an answer ÷ the median bare commit."""
    return rows(quick)[0]


if __name__ == "__main__":
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
