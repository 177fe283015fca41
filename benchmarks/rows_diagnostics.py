"""Benchmark rows: placing diagnostics grows linearly with the bank, never quadratically.

A bank with thousands of problems in one mapping (an unknown key per line, as a bank pasted
from another tool has) must be reported as fast per problem as a bank with a few. Each row
validates a bank ten times the size of its baseline and gives the ratio of the times (medians,
baseline and candidate alternating): linear work gives at most 10, quadratic work about 100.

1. `casequiz validate --no-cache` of 20,000 unknown keys at the top of a bank ÷ of 2,000, as
   users run it (a child process, start-up included). Target ≤ 12.
2. The same for a valid bank of 20,000 questions, each citing its own source ÷ 2,000.
   Target ≤ 12.
3. Row 1 measured inside one process (`check_file`), start-up excluded: the diagnostics' own
   growth. Reported only: the caches of a busy machine alone put it at 11 to 13.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from casequiz.bank.load import check_file

KEYS_LABEL = "bank: validate 20,000 unknown keys in one mapping ÷ 2,000"
SOURCES_LABEL = "bank: validate 20,000 sources and questions ÷ 2,000"
INPROCESS_LABEL = "bank: check_file of 20,000 unknown keys ÷ 2,000, in one process"


def unknown_keys(count: int) -> str:
    lines = ["casequiz: 1", "id: keys", "title: Keys"]
    lines += [f"extra-{n}: {n}" for n in range(count)]
    lines += [
        "questions:",
        "  - id: q",
        "    type: true_false",
        "    prompt: P?",
        "    answer: true",
    ]
    return "\n".join(lines) + "\n"


def many_sources(count: int) -> str:
    lines = ["casequiz: 1", "id: sources", "title: Sources", "sources:"]
    for n in range(count):
        lines += [f"  s{n}:", f"    title: Source {n}"]
    lines.append("questions:")
    for n in range(count):
        lines += [
            f"  - id: q{n}",
            "    type: true_false",
            "    prompt: P?",
            "    answer: true",
            "    source:",
            f"      ref: s{n}",
            "      quote: a sentence",
        ]
    return "\n".join(lines) + "\n"


def _in_process(path: Path) -> Callable[[], float]:
    def once() -> float:
        started = time.perf_counter()
        check_file(path, use_cache=False)
        return time.perf_counter() - started

    return once


def _command(path: Path) -> Callable[[], float]:
    script = Path(sys.executable).with_name("casequiz")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "casequiz"]

    def once() -> float:
        started = time.perf_counter()
        done = subprocess.run(
            [*argv, "validate", str(path), "--no-cache"], capture_output=True, check=False
        )
        if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
            raise RuntimeError(done.stderr.decode(errors="replace")[-400:])
        return time.perf_counter() - started

    return once


def ratio(
    folder: Path,
    make: Callable[[int], str],
    small: int,
    repeats: int,
    timer: Callable[[Path], Callable[[], float]],
) -> float:
    """Median time of the bank ten times `small` ÷ median time of the `small` one."""
    paths = []
    for size in (small, small * 10):
        path = folder / f"{make.__name__}-{size}.yaml"
        path.write_text(make(size), encoding="utf-8")
        paths.append(path)
    base, big = (timer(p) for p in paths)
    base(), big()  # warm-up: imports, bytecode and first-use costs
    times: list[tuple[float, float]] = [(base(), big()) for _ in range(repeats)]
    return statistics.median(b for _, b in times) / statistics.median(a for a, _ in times)


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    repeats = 1 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return [
            (KEYS_LABEL, ratio(folder, unknown_keys, 2_000, repeats, _command), "≤ 12"),
            (SOURCES_LABEL, ratio(folder, many_sources, 2_000, repeats, _command), "≤ 12"),
            (INPROCESS_LABEL, ratio(folder, unknown_keys, 2_000, repeats, _in_process), "report"),
        ]
