"""Benchmark rows for `casequiz results import`, each a ratio to a figure of the same run.

1,000 genuine result files (exams of 20 questions of every type on a bank from `generate.py`,
answered right or wrong at random by the real engine) are written to a temporary folder, the
bank beside them, validated first. Then:

1. `results import DIR --bank BANK` into a new store, run through the command line's `main` in
   this process, ÷ the least an import can do: `json.loads` of each file and one SQLite
   transaction per file inserting its attempt and answers (WAL, `synchronous=FULL`, as the
   store). Target ≤ 1.5, re-scoring included.
2. The same import again into the store that now holds them all ÷ the first import: a file
   already imported is known by the digest of its bytes. Target ≤ 0.2.
3. The first import ÷ the same import with re-scoring switched off, in processor time (the
   disk waits are the same for both and would drown it): what re-scoring costs. Reported.

Each side is the best of a few runs (each first import into a fresh store), after a warm-up
run. The labels carry the absolute times.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generate import generate

FILES = 1_000
QUESTIONS = 20
IMPORT_LABEL = "results import, 1,000 files (re-scored) ÷ json + one transaction per file"
IMPORT_TARGET = "≤ 1.5"
AGAIN_LABEL = "results import of 1,000 files already present ÷ a first import"
AGAIN_TARGET = "≤ 0.2"
RESCORE_LABEL = "results import ÷ the same import without re-scoring"
RESCORE_TARGET = "report"


def _write_files(folder: Path) -> Path:
    """A valid bank and FILES result files taken on it; returns the bank (or fails loudly)."""
    from casequiz.bank.load import check_file
    from casequiz.quiz import resultfile
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection

    bank = generate(folder / "bank", questions=QUESTIONS * 2)
    checked = check_file(bank, need_bank=True, use_cache=False)
    if checked.loaded is None or checked.errors:
        problems = "; ".join(d.format() for d in checked.diagnostics)
        raise RuntimeError(f"the benchmark bank is invalid: {problems}")
    rng = random.Random(20261201)
    out = folder / "handed-in"
    for number in range(FILES):
        attempt = Attempt.start(
            [checked.loaded],
            Selection(count=QUESTIONS, seed=number),
            student=f"student {number:04d}",
            mode=Mode.EXAM,
        )
        for index, slot in enumerate(attempt.slots):
            attempt.go(index)
            choices = slot.choices()
            attempt.answer(_response(slot.question, choices, rng.random() < 0.6))
        attempt.finish()
        resultfile.write(attempt.to_record(), out)
    return bank


def _response(question: object, choices: list[str], right: bool) -> object:
    """A response of the right shape for any question type, right or not."""
    kind = question.type
    if kind == "single":
        return question.answer if right else choices[-1]  # type: ignore[attr-defined]
    if kind == "multiple":
        return list(question.answers) if right else choices[:1]  # type: ignore[attr-defined]
    if kind == "true_false":
        return question.answer if right else not question.answer  # type: ignore[attr-defined]
    if kind == "order":
        return list(question.items) if right else list(reversed(question.items))  # type: ignore[attr-defined]
    if kind == "match":
        pairs = dict(question.pairs)  # type: ignore[attr-defined]
        return pairs if right else dict(zip(pairs, reversed(list(pairs.values())), strict=True))
    if kind == "numeric":
        return str(question.answer) if right else "-1"  # type: ignore[attr-defined]
    return question.answer if right else "not it"  # type: ignore[attr-defined]


def _baseline(files: list[Path], db: Path) -> None:
    """json + one transaction per file, into the store's own tables, with its durability."""
    from casequiz.store.db import Store

    Store(db).close()  # the same tables and pragmas
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    student = conn.execute("INSERT INTO students(name) VALUES ('x')").lastrowid
    for path in files:
        attempt = json.loads(path.read_bytes())["attempt"]
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(
            "INSERT INTO attempts(uid, student_id, mode, banks, plan, started_at, finished_at, "
            "score, max_score, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt["uid"],
                student,
                attempt["mode"],
                json.dumps(attempt["banks"]),
                json.dumps(attempt["plan"]),
                attempt["started_at"],
                attempt["finished_at"],
                attempt["score"],
                attempt["max_score"],
                attempt["version"],
            ),
        ).lastrowid
        conn.executemany(
            "INSERT INTO answers(attempt_id, slot, bank_id, question_id, topic, response, score, "
            "max_score, status, verdict, answered_at, seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row,
                    a["slot"],
                    a["bank_id"],
                    a["question_id"],
                    a["topic"],
                    json.dumps(a["response"]),
                    a["score"],
                    a["max_score"],
                    a["status"],
                    json.dumps(a["verdict"]),
                    a["answered_at"],
                    a["seconds"],
                )
                for a in attempt["answers"]
            ],
        )
        conn.execute("COMMIT")
    conn.close()


def _import(folder: Path, bank: Path, db: Path) -> None:
    from casequiz.cli.main import main

    argv = ["--db", str(db), "results", "import", str(folder), "--bank", str(bank)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"casequiz {' '.join(argv)} failed ({code})")


@contextlib.contextmanager
def _no_rescoring() -> Iterator[None]:
    """Import as if the file's numbers were believed: only the checks that need no bank."""
    from casequiz.quiz import rescore

    def believe(self: object, record: rescore.AttemptRecord) -> rescore.Rescored:
        rescore.check_plan(record)
        return rescore.Rescored(record, record.score or 0.0, record.max_score or 0.0, False)

    original = rescore.Rescorer.rescore
    rescore.Rescorer.rescore = believe  # type: ignore[method-assign]
    try:
        yield
    finally:
        rescore.Rescorer.rescore = original  # type: ignore[method-assign]


def _best_of(repeats: int, run: Callable[[int], object]) -> tuple[float, float]:
    """The best wall time and the best processor time of `repeats` runs, after a warm-up.

    Each transaction waits for the disk (`synchronous=FULL`), which dominates wall time and
    varies with whatever else the machine does; processor time shows the work itself.
    """
    run(-1)  # warm-up: imports, the bank cache
    wall = cpu = float("inf")
    for number in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(number)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def _measure_in(folder: Path, quick: bool) -> list[tuple[str, float, str]]:
    repeats = 1 if quick else 3
    bank = _write_files(folder)
    handed_in = folder / "handed-in"
    files = sorted(handed_in.glob("*.json"))
    if len(files) != FILES:
        raise RuntimeError(f"expected {FILES} result files, found {len(files)}")
    fresh = iter(range(10**6))

    def store() -> Path:
        return folder / f"store-{next(fresh)}.db"

    baseline, baseline_cpu = _best_of(repeats, lambda _: _baseline(files, store()))
    first, first_cpu = _best_of(repeats, lambda _: _import(handed_in, bank, store()))
    with _no_rescoring():
        believed, believed_cpu = _best_of(repeats, lambda _: _import(handed_in, bank, store()))
    full = store()
    _import(handed_in, bank, full)
    again, _ = _best_of(repeats, lambda _: _import(handed_in, bank, full))
    ms = 1000
    return [
        (
            f"{IMPORT_LABEL} ({first * ms:.0f} ms, cpu {first_cpu * ms:.0f}; baseline "
            f"{baseline * ms:.0f} ms, cpu {baseline_cpu * ms:.0f})",
            first / baseline,
            IMPORT_TARGET,
        ),
        (
            f"{AGAIN_LABEL} ({again * ms:.0f} ms; first {first * ms:.0f} ms)",
            again / first,
            AGAIN_TARGET,
        ),
        (
            f"{RESCORE_LABEL}, processor time ({first_cpu * ms:.0f} ms; without "
            f"{believed_cpu * ms:.0f} ms; wall {first * ms:.0f} / {believed * ms:.0f} ms)",
            first_cpu / believed_cpu,
            RESCORE_TARGET,
        ),
    ]


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    """The three rows, as (label, ratio, target)."""
    saved = {name: os.environ.get(name) for name in ("CASEQUIZ_CACHE_DIR", "CASEQUIZ_RESULTS_DIR")}
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-") as name:
        folder = Path(name)
        os.environ["CASEQUIZ_CACHE_DIR"] = str(folder / "cache")  # keep the user's cache clean
        try:
            return _measure_in(folder, quick)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def measure(quick: bool = False) -> tuple[str, float, str]:
    return rows(quick)[0]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
