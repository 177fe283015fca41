"""Benchmark rows for `bank import` and `bank export`: a 10,000-question bank through GIFT and
Moodle XML, each a ratio to loading the same bank cold (`load_banks` without the cache), both
measured in this process in the same run.

1. Export to GIFT, then to Moodle XML (the writer alone, the bank already loaded) ÷ the load.
   Reported.
2. Import of each export (reading, mapping, building and checking the bank, and writing its
   YAML) ÷ the load. Reported.

Each figure is the best of three runs; the labels carry the absolute times.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.build import import_files
from casequiz.interop.formats import FORMATS
from casequiz.interop.yamlout import bank_yaml


def _best(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    questions = 1_000 if quick else 10_000
    out: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = generate.generate(Path(folder), questions=questions)
        load = _best(lambda: load_banks([path], use_cache=False, sources_dir=None))
        bank = load_banks([path], use_cache=False)[0].bank
        for name in ("gift", "moodle-xml"):
            writer = FORMATS[name].write()
            data = writer([bank]).data
            export = _best(lambda writer=writer: writer([bank]))

            def bring_in(data: bytes = data, name: str = name) -> None:
                built, _ = import_files([("bank", data)], name, bank.id, bank.title)
                bank_yaml(Bank.model_validate(built.data), built.notes, [])

            take = _best(bring_in)
            out.append(
                (
                    f"bank export --to {name}, {questions:,} questions ({export:.2f} s) "
                    f"÷ loading the bank ({load:.2f} s)",
                    export / load,
                    "report",
                )
            )
            out.append(
                (
                    f"bank import of that {name} file ({take:.2f} s) "
                    f"÷ loading the bank ({load:.2f} s)",
                    take / load,
                    "report",
                )
            )
    return out


def measure(quick: bool = False) -> tuple[str, float, str]:
    return rows(quick)[0]
