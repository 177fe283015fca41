"""Benchmark rows: starting an attempt at a large bank, linear in its size, the collector idle.

`Attempt.start` draws every question of the bank and records the attempt in a results store
before the first question is shown. Banks of 10,000 and 30,000 questions are generated
(`generate.py`), checked (a benchmark of an invalid bank fails) and loaded first; then:

1. Start time per question at 30,000 ÷ at 10,000 questions: 1 when the cost is linear.
   Target ≤ 1.25.
2. Cyclic garbage collections run during the 30,000-question starts. Reported (0 expected).

Each figure is the best of a few starts after one warm-up start.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

LABEL = "Attempt.start per question, 30,000 ÷ 10,000 questions (with the store)"
TARGET = "≤ 1.25"
GC_LABEL = "garbage collections during Attempt.start at 30,000 questions"
SIZES = (10_000, 30_000)


def _start_seconds(bank: Path, folder: Path, repeats: int) -> tuple[float, int]:
    """Best seconds of `Attempt.start` over the whole bank, and the collections it ran."""
    from casequiz.bank.load import load_banks
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection
    from casequiz.store.db import Store

    banks = load_banks([bank], use_cache=False)  # raises on an invalid bank: fail loudly
    collections = [0]
    inside = [False]

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and inside[0]:
            collections[0] += 1

    best = float("inf")
    with Store(folder / "results.db") as store:
        Attempt.start(banks, Selection(seed=0), student="bench", mode=Mode.EXAM, log=store)
        gc.callbacks.append(count)
        try:
            for seed in range(1, repeats + 1):
                selection = Selection(seed=seed)
                inside[0] = True
                started = time.perf_counter()
                Attempt.start(banks, selection, student="bench", mode=Mode.EXAM, log=store)
                best = min(best, time.perf_counter() - started)
                inside[0] = False
        finally:
            gc.callbacks.remove(count)
    return best, collections[0]


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    repeats = 2 if quick else 4
    seconds: dict[int, float] = {}
    collected = 0
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-attempt-") as name:
        for size in SIZES:
            folder = Path(name) / str(size)
            bank = generate(folder, questions=size)
            seconds[size], collected = _start_seconds(bank, folder, repeats)
    small, large = SIZES
    ratio = (seconds[large] / large) / (seconds[small] / small)
    return [
        (
            f"{LABEL} ({seconds[small] * 1000:.0f} ms at 10,000, "
            f"{seconds[large] * 1000:.0f} ms at 30,000)",
            ratio,
            TARGET,
        ),
        (GC_LABEL, float(collected), "report"),
    ]


def measure(quick: bool = False) -> tuple[str, float, str]:
    return rows(quick)[0]


if __name__ == "__main__":
    for label, value, target in rows("--quick" in sys.argv):
        print(f"{label}: {value:.2f} (target {target})")
