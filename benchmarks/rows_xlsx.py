"""Benchmark row for the Excel workbook, a ratio to the CSV of the same rows in the same run.

The store of `rows_grade` (1,000 attempts x 100 questions, 100,000 answers) is exported with
`casequiz export --by question` twice, in this process through the command line's `main`: as
an xlsx workbook (`-o answers.xlsx`, a cell per value, typed) ÷ as CSV (`-o answers.csv`).
A workbook is a zip of XML with a typed cell element per value, written by openpyxl in Python,
so it costs many times a CSV line (about 20x on the development machine, under load); the row
reports the figure. Each side is the best of a few runs after a warm-up.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rows_grade import _best_of, _command, generate

LABEL = "export --by question -o answers.xlsx, 100,000 rows ÷ the same export as CSV"
TARGET = "report"


def measure(quick: bool = False) -> tuple[str, float, str]:
    cache_before = os.environ.get("CASEQUIZ_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-") as name:
        folder = Path(name)
        os.environ["CASEQUIZ_CACHE_DIR"] = str(folder / "cache")
        try:
            _, db = generate(folder)
            base = ["--db", str(db), "export", "--by", "question", "-o"]
            as_csv = _command([*base, str(folder / "answers.csv")])
            as_xlsx = _command([*base, str(folder / "answers.xlsx")])
            repeats = 1 if quick else 3
            csv_time = _best_of(repeats, as_csv)
            xlsx_time = _best_of(repeats, as_xlsx)
        finally:
            if cache_before is None:
                os.environ.pop("CASEQUIZ_CACHE_DIR", None)
            else:
                os.environ["CASEQUIZ_CACHE_DIR"] = cache_before
    label = f"{LABEL} (xlsx {xlsx_time * 1000:.0f} ms; csv {csv_time * 1000:.0f} ms)"
    return label, xlsx_time / csv_time, TARGET


if __name__ == "__main__":
    label, ratio, target = measure(quick="--quick" in sys.argv)
    print(f"{label}: {ratio:.2f}x (target: {target})")
