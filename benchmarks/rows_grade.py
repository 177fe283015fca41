"""Benchmark rows for the grader's commands, each a ratio to a baseline measured in the same run.

A store of 1,000 finished attempts x 100 questions (100,000 answers, 300 students, one bank of
100 questions of every type, the bank file beside it) is generated in a temporary folder. Then:

1. `casequiz export --by question -o FILE` (100,000 rows) plus `casequiz stats` (the terminal
   table), run in this process through the command line's `main`, ÷ writing the same 100,000
   rows to a file with the `csv` module alone. Target ≤ 3.
2. The same with the default `export` (one row per attempt, 1,000 rows), against writing the
   export's by-question rows: the per-attempt rows sum up the same answers. Reported.
   Beside it, the floor of row 1: the same join as SQLite alone runs it (`BARE_QUERY`), in this
   process, its cursor piped to `csv.writer`, with no casequiz code, ÷ the same baseline.
   Reported: it is what making the rows costs before any statistic is computed.
3. `casequiz export --by question` as a whole process ÷ a bare Python process that runs the
   same join in SQLite (`json_each` over each plan, `LEFT JOIN` of the answers) and pipes the
   cursor to `csv.writer`: what casequiz adds to the database's own work. Target ≤ 1.2.
4. Peak memory (max RSS) of `export --by question` and of `stats` over stores of 10,000 and
   100,000 attempts (10 questions each), each ÷ that of the bare SQL process over the same
   store: flat in the number of attempts. Target ≤ 2.

The bank is checked before anything is measured, and a benchmark of an invalid bank fails:
a command that cannot read its bank measures a different, cheaper path.

Each side is the best of a few runs, after one warm-up run (imports and the bank cache), so the
figure compares steady work with steady work. The labels carry the absolute times.

`measure()` gives the first row as (label, ratio, target) like every row module; `rows()`
gives both.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ATTEMPTS = 1_000
QUESTIONS = 100
STUDENTS = 300
LABEL = "export --by question + stats, 1,000 attempts x 100 questions ÷ csv.writer of the same rows"
TARGET = "≤ 3"
SQL_LABEL = "export --by question, whole process ÷ SQLite json_each + LEFT JOIN piped to csv"
SQL_TARGET = "≤ 1.2"
MEMORY_TARGET = "≤ 2"
MEMORY_ATTEMPTS = (10_000, 100_000)
MEMORY_QUESTIONS = 10
ATTEMPT_LABEL = "export (by attempt) + stats, same store ÷ csv.writer of the by-question rows"
ATTEMPT_TARGET = "report"
FLOOR_LABEL = (
    "floor: the same join by SQLite alone, in this process, piped to csv.writer ÷ csv.writer "
    "of the rows in memory"
)
FLOOR_TARGET = "report"

_TYPES = ("single", "multiple", "true_false", "numeric", "short", "order", "match")


def _question(i: int) -> str:
    kind = _TYPES[i % len(_TYPES)]
    head = (
        f"  - id: q{i:03d}\n    type: {kind}\n    topic: Topic {i % 8}\n    prompt: Question {i}?\n"
    )
    body = {
        "single": "    options: [a, b, c, d]\n    answer: a\n",
        "multiple": "    options: [a, b, c, d]\n    answers: [a, b]\n",
        "true_false": "    answer: true\n",
        "numeric": "    answer: 5.8\n    tolerance: 0.1\n",
        "short": "    answer: 'yes'\n",
        "order": "    items: [a, b, c]\n",
        "match": "    pairs: {a: '1', b: '2'}\n",
    }[kind]
    return head + body


def _responses(kind: str, right: bool) -> object:
    return {
        "single": "a" if right else "c",
        "multiple": ["a", "b"] if right else ["a", "c"],
        "true_false": right,
        "numeric": "5.8" if right else "=7",
        "short": "yes" if right else "-no",
        "order": ["a", "b", "c"] if right else ["b", "a", "c"],
        "match": {"a": "1", "b": "2"} if right else {"a": "2", "b": "1"},
    }[kind]


def write_bank(folder: Path, questions: int = QUESTIONS) -> Path:
    """The benchmark's bank file, checked: a benchmark of a bank that does not load is void."""
    from casequiz.bank.load import check_file

    bank = folder / "bench.yaml"
    bank.write_text(
        "casequiz: 1\nid: bench\ntitle: Benchmark bank\nquestions:\n"
        + "".join(_question(i) for i in range(questions)),
        encoding="utf-8",
    )
    result = check_file(bank, use_cache=False, need_bank=True)
    errors = [d for d in result.diagnostics if not d.code.startswith("W")]
    if result.loaded is None or errors:
        shown = "; ".join(d.format() for d in errors[:3])
        raise RuntimeError(f"the benchmark's bank {bank} is invalid: {shown}")
    return bank


def generate(folder: Path) -> tuple[Path, Path]:
    """A bank file and a store of ATTEMPTS attempts at all of its QUESTIONS; returns both."""
    from casequiz.records import AnswerRecord, AttemptRecord
    from casequiz.store.db import Store

    bank = write_bank(folder)
    rng = random.Random(20260302)
    db = folder / "results.db"
    with Store(db) as store:
        for n in range(ATTEMPTS):
            skill = rng.random()
            started = f"2026-03-{1 + n % 28:02d}T{8 + n % 10:02d}:{n % 60:02d}:00.000+00:00"
            answers = []
            for slot in range(QUESTIONS):
                if rng.random() < 0.05:
                    continue  # left unanswered
                kind = _TYPES[slot % len(_TYPES)]
                right = rng.random() < skill
                status = "correct" if right else "wrong"
                answers.append(
                    AnswerRecord(
                        slot=slot,
                        bank_id="bench",
                        question_id=f"q{slot:03d}",
                        topic=f"Topic {slot % 8}",
                        response=_responses(kind, right),
                        score=float(right),
                        max_score=1.0,
                        status=status,
                        verdict={
                            "score": float(right),
                            "max": 1.0,
                            "status": status,
                            "expected": "a",
                            "reading": None,
                            "fuzzy": False,
                            "detail": [],
                        },
                        answered_at=started,
                        seconds=round(rng.uniform(2, 60), 1),
                    )
                )
            store.import_attempt(
                AttemptRecord(
                    uid=f"bench-{n:05d}",
                    student=f"student {n % STUDENTS:03d}",
                    mode="exam",
                    banks=[
                        {"id": "bench", "title": "Benchmark bank", "hash": "h", "path": str(bank)}
                    ],
                    plan=[
                        {"bank": "bench", "question": f"q{i:03d}", "order": []}
                        for i in range(QUESTIONS)
                    ],
                    started_at=started,
                    version="bench",
                    finished_at=started,
                    score=sum(a.score for a in answers),
                    max_score=float(QUESTIONS),
                    answers=answers,
                )
            )
    return bank, db


def _best_of(repeats: int, run: Callable[[], object]) -> float:
    run()  # warm-up: imports, caches
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _command(argv: list[str]) -> Callable[[], None]:
    from casequiz.cli.main import main

    def run() -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            if main(argv) != 0:
                raise RuntimeError(f"casequiz {' '.join(argv)} failed")

    return run


def _measure_all(quick: bool) -> list[tuple[str, float, str]]:
    cache_before = os.environ.get("CASEQUIZ_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-") as name:
        folder = Path(name)
        os.environ["CASEQUIZ_CACHE_DIR"] = str(folder / "cache")  # keep the user's cache clean
        try:
            return _measure_in(folder, quick)
        finally:
            if cache_before is None:
                os.environ.pop("CASEQUIZ_CACHE_DIR", None)
            else:
                os.environ["CASEQUIZ_CACHE_DIR"] = cache_before


def _measure_in(folder: Path, quick: bool) -> list[tuple[str, float, str]]:
    from casequiz.grade.export import ExportOptions, export_table
    from casequiz.store.db import Store

    repeats = 2 if quick else 5
    _, db = generate(folder)
    with Store(db) as store:
        table = export_table(store, ExportOptions(by="question"))
    assert table is not None and len(table.rows) == ATTEMPTS * QUESTIONS
    rows = table.rows
    baseline_file = folder / "baseline.csv"

    def baseline() -> None:
        with baseline_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.columns)
            writer.writerows(rows)

    base = ["--db", str(db)]
    export_q = _command([*base, "export", "--by", "question", "-o", str(folder / "q.csv")])
    export_a = _command([*base, "export", "-o", str(folder / "a.csv")])
    stats = _command([*base, "stats", "-o", str(folder / "stats.txt")])
    written = _best_of(repeats, baseline)
    by_question = _best_of(repeats, export_q)
    by_attempt = _best_of(repeats, export_a)
    analysed = _best_of(repeats, stats)
    floor = _best_of(repeats, lambda: _bare_export(db, folder / "bare.csv"))
    process, sql = _process_ratio(db, folder, repeats)
    ms = 1000
    return [
        (
            f"{LABEL} ({(by_question + analysed) * ms:.0f} ms: export {by_question * ms:.0f} + "
            f"stats {analysed * ms:.0f}; csv {written * ms:.0f} ms)",
            (by_question + analysed) / written,
            TARGET,
        ),
        (
            f"{ATTEMPT_LABEL} ({(by_attempt + analysed) * ms:.0f} ms: export "
            f"{by_attempt * ms:.0f} + stats {analysed * ms:.0f}; csv {written * ms:.0f} ms)",
            (by_attempt + analysed) / written,
            ATTEMPT_TARGET,
        ),
        (
            f"{FLOOR_LABEL} ({floor * ms:.0f} ms ÷ {written * ms:.0f} ms)",
            floor / written,
            FLOOR_TARGET,
        ),
        (
            f"{SQL_LABEL} ({process * ms:.0f} ms ÷ {sql * ms:.0f} ms)",
            process / sql,
            SQL_TARGET,
        ),
    ]


BARE_QUERY = (
    "SELECT a.uid, s.name, j.value ->> 'bank', j.value ->> 'question', n.topic, n.response, "
    "n.score, n.max_score, n.status, n.seconds FROM attempts a "
    "JOIN students s ON s.id = a.student_id JOIN json_each(a.plan) j "
    "LEFT JOIN answers n ON n.attempt_id = a.id AND n.slot = j.key "
    "WHERE a.finished_at IS NOT NULL ORDER BY a.started_at, a.id, j.key"
)
"""`export --by question`'s join as SQLite alone runs it: each plan's entries, their answers."""

SQL_BASELINE = f"""
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute({BARE_QUERY!r})
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\\r\\n")
    writer.writerow(["attempt", "student", "bank", "question", "topic", "response", "score",
                     "max", "verdict", "seconds"])
    writer.writerows(rows)
"""
"""The database's own work for `export --by question`: the join, and csv over its cursor."""


def _bare_export(db: Path, out: Path) -> None:
    """`SQL_BASELINE` in this process: the database's own share of row 1, with no casequiz code
    (the join, Python's `sqlite3` making each row, `csv.writer`)."""
    conn = sqlite3.connect(db)
    try:
        with out.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(conn.execute(BARE_QUERY))
    finally:
        conn.close()


def _children(db: Path, folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The bare SQL process, `casequiz export --by question` and `casequiz stats`, as argv."""
    from rows_bank import casequiz_command

    casequiz = [*casequiz_command(), "--db", str(db)]
    return (
        [sys.executable, "-c", SQL_BASELINE, str(db), str(folder / "sql.csv")],
        [*casequiz, "export", "--by", "question", "-o", str(folder / "q.csv")],
        [*casequiz, "stats", "-o", str(folder / "stats.txt")],
    )


def _process_ratio(db: Path, folder: Path, repeats: int) -> tuple[float, float]:
    """Median seconds of the whole export process and of the bare SQL one, alternated."""
    from rows_bank import alternate, median_time, run

    sql, export, _ = _children(db, folder)
    for warm_up in (sql, export):
        run(warm_up)
    sqls, exports = alternate(repeats, lambda: run(sql), lambda: run(export))
    return median_time(exports), median_time(sqls)


def bulk_store(folder: Path, attempts: int, questions: int = MEMORY_QUESTIONS) -> Path:
    """A store of `attempts` finished attempts of `questions` questions, written in one
    transaction (as fast as SQLite takes rows), with its valid bank beside it."""
    import json

    from casequiz.store.db import Store

    bank = write_bank(folder, questions)
    db = folder / "results.db"
    Store(db).close()  # the schema
    rng = random.Random(attempts)
    verdict = json.dumps({"score": 1.0, "max": 1.0, "status": "correct", "detail": []})
    banks = json.dumps([{"id": "bench", "title": "Benchmark bank", "hash": "h", "path": str(bank)}])
    plan = json.dumps(
        [{"bank": "bench", "question": f"q{i:03d}", "order": []} for i in range(questions)]
    )
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO students(id, name) VALUES (?, ?)",
            [(n + 1, f"student {n:05d}") for n in range(min(attempts, STUDENTS * 10))],
        )

        def attempt_rows():
            for n in range(attempts):
                started = "2026-03-01T08:00:00.000+00:00"
                yield (
                    n + 1,
                    f"bench-{n:07d}",
                    1 + n % (STUDENTS * 10),
                    "exam",
                    banks,
                    plan,
                    started,
                    started,
                    0.0,
                    float(questions),
                    "bench",
                )

        conn.executemany(
            "INSERT INTO attempts(id, uid, student_id, mode, banks, plan, started_at, "
            "finished_at, score, max_score, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            attempt_rows(),
        )

        def answer_rows():
            for n in range(attempts):
                for slot in range(questions):
                    if rng.random() < 0.05:
                        continue
                    kind = _TYPES[slot % len(_TYPES)]
                    right = rng.random() < 0.6
                    yield (
                        n + 1,
                        slot,
                        "bench",
                        f"q{slot:03d}",
                        f"Topic {slot % 8}",
                        json.dumps(_responses(kind, right)),
                        float(right),
                        1.0,
                        "correct" if right else "wrong",
                        verdict,
                        "2026-03-01T08:00:00.000+00:00",
                        10.0,
                    )

        conn.executemany(
            "INSERT INTO answers(attempt_id, slot, bank_id, question_id, topic, response, "
            "score, max_score, status, verdict, answered_at, seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answer_rows(),
        )
    conn.close()
    return db


PEAK = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{sys.argv[1:]} failed")
print(usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""
"""Runs a command and prints its peak RSS in bytes. A child's peak counts what it held before
`exec`, a copy of its parent; so the command is started by this small interpreter, not by the
benchmark's own large process."""


def _peak(argv: list[str]) -> int:
    found = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {found.stderr[-2000:]}")
    return int(found.stdout)


def memory_rows(quick: bool = False) -> list[tuple[str, float, str]]:
    """Peak RSS of export and stats ÷ the bare SQL process's, at each store size."""
    from rows_bank import run

    found = []
    sizes = MEMORY_ATTEMPTS[:1] if quick else MEMORY_ATTEMPTS
    for attempts in sizes:
        with tempfile.TemporaryDirectory(prefix="casequiz-bench-memory-") as name:
            folder = Path(name)
            db = bulk_store(folder, attempts)
            env_before = os.environ.get("CASEQUIZ_CACHE_DIR")
            os.environ["CASEQUIZ_CACHE_DIR"] = str(folder / "cache")
            try:
                sql, export, stats = _children(db, folder)
                peaks = {}
                for label, argv in (("sql", sql), ("export", export), ("stats", stats)):
                    run(argv)  # warm-up: bytecode, the bank cache
                    peaks[label] = statistics.median(_peak(argv) for _ in range(2)) / 2**20
            finally:
                if env_before is None:
                    os.environ.pop("CASEQUIZ_CACHE_DIR", None)
                else:
                    os.environ["CASEQUIZ_CACHE_DIR"] = env_before
        for command in ("export", "stats"):
            label = "export --by question" if command == "export" else "stats"
            found.append(
                (
                    f"peak memory of {label}, {attempts:,} attempts x {MEMORY_QUESTIONS} "
                    f"questions ÷ the bare SQL export ({peaks[command]:.0f} MiB ÷ "
                    f"{peaks['sql']:.0f} MiB)",
                    peaks[command] / peaks["sql"],
                    MEMORY_TARGET,
                )
            )
    return found


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    """Every row, as (label, ratio, target)."""
    return _measure_all(quick) + memory_rows(quick)


def measure(quick: bool = False) -> tuple[str, float, str]:
    """The first row: export by question plus stats, as a ratio to the csv module alone."""
    return _measure_all(quick)[0]


if __name__ == "__main__":
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
