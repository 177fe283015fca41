"""Benchmark rows for the bank layer, each a ratio to a baseline measured in the same run.

A 10,000-question bank (~10 MB, all seven types, every excerpt checked against a source text)
is generated in a temporary folder by `generate.py`. Every measurement is a child process,
timed from start to exit, with its peak memory taken from `os.wait4`; each figure is the median
of several runs, baseline and candidate alternating so that a busy machine slows both alike.
The children write and reuse compiled bytecode (in a temporary `PYTHONPYCACHEPREFIX`, after one
warm-up run of each command), as an installed casequiz does, even where the environment sets
`PYTHONDONTWRITEBYTECODE`.

1. Cold `casequiz validate BANK --no-cache` ÷ `yaml.load(text, Loader=yaml.CSafeLoader)` of
   the same file in a bare interpreter. Target ≤ 0.6: checking a bank must cost less than
   PyYAML's own fast load of it.
2. Warm `casequiz validate BANK` (a cache hit) ÷ the cold one. Target ≤ 0.05.
3. `casequiz --help` ÷ `python -c "import yaml"`. Target ≤ 1.5.
4. Peak memory (max RSS) of the cold validate ÷ that of the plain load. Target ≤ 1.3.
5. Cold `casequiz validate BANK --no-cache` ÷ the plain load, for banks of 100, 1,000 and
   (without `--quick`) 30,000 questions. Target ≤ 1.0: the fixed cost of the validator (its
   imports and its model) must not dominate a small bank. A bank of up to 1,000 questions
   takes five times the rounds, its runs being short and noisy.

Every generated bank is checked before it is timed: a benchmark of an invalid bank fails.

`rows()` gives (label, value, target) rows like every row module; `measure()` gives the first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

COLD_LABEL = "bank: cold validate of 10,000 questions ÷ plain yaml CSafeLoader load"
WARM_LABEL = "bank: warm validate (cache hit) ÷ cold validate"
HELP_LABEL = "cli: casequiz --help ÷ python -c 'import yaml'"
MEMORY_LABEL = "bank: peak RSS of cold validate ÷ of the plain load"
SMALL_ROUNDS = 5
"""How many times more rounds a bank of at most 1,000 questions gets: its runs last tens of
milliseconds, in which a busy machine's noise is a tenth of the figure, and they are cheap."""


@dataclass(frozen=True)
class Run:
    """One child process: wall time in seconds and peak resident memory in bytes."""

    seconds: float
    peak: int


def run(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `argv` to its end; fail loudly if it does not exit 0 (a benchmark of a crash)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, close_fds=True
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}: {error[-2000:]}")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Run(seconds, peak)


def alternate(repeats: int, *commands: Callable[[], Run]) -> list[list[Run]]:
    """Each command `repeats` times, interleaved: a, b, a, b, ..."""
    results: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeats):
        for index, command in enumerate(commands):
            results[index].append(command())
    return results


def median_time(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_peak(runs: list[Run]) -> float:
    return statistics.median(r.peak for r in runs)


def casequiz_command() -> list[str]:
    """The console script beside this interpreter, as a user runs it; else `python -m`."""
    script = Path(sys.executable).with_name("casequiz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "casequiz"]


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    repeats = 3 if quick else 5
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-") as name:
        folder = Path(name)
        bank = checked(generate(folder / "big"))
        env = {
            **os.environ,
            "CASEQUIZ_CACHE_DIR": str(folder / "cache"),
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        casequiz = casequiz_command()
        plain_load = (
            "import sys, yaml\n"
            "with open(sys.argv[1], encoding='utf-8') as f:\n"
            "    yaml.load(f.read(), Loader=yaml.CSafeLoader)\n"
        )

        def plain() -> Run:
            return run([sys.executable, "-c", plain_load, str(bank)], env)

        def cold() -> Run:
            return run([*casequiz, "validate", str(bank), "--no-cache"], env)

        def warm() -> Run:
            return run([*casequiz, "validate", str(bank)], env)

        def help_() -> Run:
            return run([*casequiz, "--help"], env)

        def import_yaml() -> Run:
            return run([sys.executable, "-c", "import yaml"], env)

        for warm_up in (plain, cold, warm, help_, import_yaml):  # bytecode, and the bank cache
            warm_up()
        plains, colds = alternate(repeats, plain, cold)
        warms = alternate(repeats * 2, warm)[0]
        helps, yamls = alternate(10 if quick else 30, help_, import_yaml)

        sized = [
            _cold_ratio(folder, size, casequiz, env, plain_load, repeats)
            for size in ((100, 1_000) if quick else (100, 1_000, 30_000))
        ]

    plain_s, cold_s, warm_s = median_time(plains), median_time(colds), median_time(warms)
    help_s, yaml_s = median_time(helps), median_time(yamls)
    cold_mb, plain_mb = median_peak(colds) / 1e6, median_peak(plains) / 1e6
    return [
        (f"{COLD_LABEL} ({cold_s:.2f} s ÷ {plain_s:.2f} s)", cold_s / plain_s, "≤ 0.6"),
        (f"{WARM_LABEL} ({warm_s:.3f} s ÷ {cold_s:.2f} s)", warm_s / cold_s, "≤ 0.05"),
        (
            f"{HELP_LABEL} ({help_s * 1000:.0f} ms ÷ {yaml_s * 1000:.0f} ms)",
            help_s / yaml_s,
            "≤ 1.5",
        ),
        (f"{MEMORY_LABEL} ({cold_mb:.0f} MB ÷ {plain_mb:.0f} MB)", cold_mb / plain_mb, "≤ 1.3"),
        *sized,
    ]


def checked(bank: Path) -> Path:
    """`bank`, after checking it is valid: a benchmark of a bank that does not load is void."""
    from casequiz.bank.load import check_file

    result = check_file(bank, use_cache=False)
    errors = [d for d in result.diagnostics if not d.code.startswith("W")]
    if errors:
        shown = "; ".join(d.format() for d in errors[:3])
        raise RuntimeError(f"the benchmark's bank {bank} is invalid: {shown}")
    return bank


def _cold_ratio(
    folder: Path,
    size: int,
    casequiz: list[str],
    env: dict[str, str],
    plain_load: str,
    repeats: int,
) -> tuple[str, float, str]:
    bank = checked(generate(folder / f"size-{size}", size))
    plain = [sys.executable, "-c", plain_load, str(bank)]
    cold = [*casequiz, "validate", str(bank), "--no-cache"]
    run(plain, env), run(cold, env)  # bytecode
    rounds = repeats * SMALL_ROUNDS if size <= 1_000 else repeats
    plains, colds = alternate(rounds, lambda: run(plain, env), lambda: run(cold, env))
    plain_s, cold_s = median_time(plains), median_time(colds)
    return (
        f"bank: cold validate of {size:,} questions ÷ plain yaml CSafeLoader load "
        f"({cold_s * 1000:.0f} ms ÷ {plain_s * 1000:.0f} ms)",
        cold_s / plain_s,
        "≤ 1.0",
    )


def measure(quick: bool = False) -> tuple[str, float, str]:
    """The first row: cold validate ÷ plain load."""
    return rows(quick)[0]


if __name__ == "__main__":
    for label, value, target in rows("--quick" in sys.argv):
        print(f"{label}: {value:.3f} (target {target})")
