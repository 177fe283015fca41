"""Run every benchmark row and print one table: each figure a ratio measured in this run.

    python benchmarks/run.py [--quick] [--only NAME]...

Rows live in modules named `rows_*.py` beside this file. Each module offers `rows(quick)`,
returning a list of (label, value, target) tuples, or `measure(quick)`, returning one. A target
is "≤ X" or "≥ X" (the row passes or misses it) or "report" (the figure is informative). To add
rows, add a module; `rows_bank.py` runs first, the others in name order.

Ratios rather than seconds: both sides of a row are measured in the same run on the same
machine, so the figure means the same on a laptop and on a busy CI runner.

Child processes that rows start write and reuse compiled bytecode (in a temporary
`PYTHONPYCACHEPREFIX`), as an installed casequiz does, even where the environment sets
`PYTHONDONTWRITEBYTECODE`: start-up times are measured as users see them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIRST = ("rows_bank",)

Row = tuple[str, float, str]


def row_modules(only: Iterable[str] = ()) -> list[str]:
    """The row modules beside this file, `rows_bank` first; only those matching `only`."""
    names = sorted(p.stem for p in HERE.glob("rows_*.py"))
    names.sort(key=lambda name: (name not in FIRST, name))
    wanted = list(only)
    return [n for n in names if not wanted or any(w in n for w in wanted)]


def collect(name: str, quick: bool) -> list[Row]:
    """The rows of one module; a module that fails gives one row saying so."""
    try:
        module: Any = importlib.import_module(name)
        if hasattr(module, "rows"):
            return list(module.rows(quick))
        return [module.measure(quick)]
    except Exception as exc:  # a broken row must not hide the others
        traceback.print_exc(file=sys.stderr)
        return [(f"{name}: failed ({type(exc).__name__}: {exc})", float("nan"), "error")]


_TARGET = re.compile(r"^\s*(≤|<=|≥|>=)\s*([0-9.]+)\s*$")


def verdict(value: float, target: str) -> str:
    """PASS or MISS against a "≤ X" / "≥ X" target; "report" rows have no verdict."""
    found = _TARGET.match(target)
    if found is None or value != value:  # no target, or NaN
        return "ERROR" if target == "error" else "-"
    limit = float(found.group(2))
    ok = value <= limit if found.group(1) in ("≤", "<=") else value >= limit
    return "PASS" if ok else "MISS"


def figure(value: float) -> str:
    if value != value:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def table(rows: list[Row]) -> str:
    header = ("row", "ratio", "target", "result")
    lines = [
        (label, figure(value), target, verdict(value, target)) for label, value, target in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]

    def fmt(cells: tuple[str, ...]) -> str:
        label, *rest = cells
        return "  ".join(
            [
                label.ljust(widths[0]),
                rest[0].rjust(widths[1]),
                *(cell.ljust(width) for cell, width in zip(rest[1:], widths[2:], strict=True)),
            ]
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark rows and print the table.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a check")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="rows modules matching NAME"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory(prefix="casequiz-bytecode-") as bytecode:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.setdefault("PYTHONPYCACHEPREFIX", bytecode)
        return _run(args.only, args.quick)


def _run(only: list[str], quick: bool) -> int:
    started = time.perf_counter()
    rows: list[Row] = []
    for name in row_modules(only):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(collect(name, quick))
    print(table(rows))
    verdicts = [verdict(value, target) for _, value, target in rows]
    counts = {word: verdicts.count(word) for word in ("PASS", "MISS", "ERROR")}
    print(
        f"\n{len(rows)} rows: {counts['PASS']} pass, {counts['MISS']} miss, "
        f"{counts['ERROR']} failed, {verdicts.count('-')} reported only "
        f"({time.perf_counter() - started:.0f} s{', quick' if quick else ''})"
    )
    return 1 if counts["ERROR"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
