"""The benchmark tools: the generated bank is valid, and the runner judges rows correctly."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from casequiz.bank.load import check_file
from casequiz.store.db import Store

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name: str) -> ModuleType:
    """A benchmark script as a module, under a name no other test can collide with."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = load("generate")
run = load("run")


def test_the_generated_bank_is_valid_and_uses_every_type(tmp_path: Path) -> None:
    bank = generate.generate(tmp_path, questions=140)
    result = check_file(bank, use_cache=False, need_bank=True)
    assert result.diagnostics == []
    assert result.loaded is not None
    questions = result.loaded.bank.questions
    assert len(questions) == 140
    assert {q.type for q in questions} == set(generate.TYPES)
    assert all(q.source for q in questions)
    assert 600 < bank.stat().st_size / 140 < 1400  # ~10 MB for 10,000 questions


def test_the_generated_bank_is_the_same_every_time(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", questions=20).read_bytes()
    assert generate.generate(tmp_path / "b", questions=20).read_bytes() == first


@pytest.mark.parametrize(
    ("value", "target", "result"),
    [
        (0.5, "≤ 0.6", "PASS"),
        (0.6, "≤ 0.6", "PASS"),
        (0.61, "≤ 0.6", "MISS"),
        (2.0, ">= 1.5", "PASS"),
        (1.0, "≥ 1.5", "MISS"),
        (3.0, "report", "-"),
        (float("nan"), "error", "ERROR"),
    ],
)
def test_a_row_is_judged_against_its_target(value: float, target: str, result: str) -> None:
    assert run.verdict(value, target) == result


def test_the_table_lines_up_every_row() -> None:
    text = run.table([("a long label for a row", 0.412, "≤ 0.6"), ("short", 12.34, "report")])
    header, rule, first, second = text.splitlines()
    assert header.split() == ["row", "ratio", "target", "result"]
    assert first.split()[-4:] == ["0.41", "≤", "0.6", "PASS"]
    assert first.startswith("a long label for a row  ")
    assert second.split()[1:] == ["12.3", "report", "-"]
    assert len(rule) >= len(first.rstrip())


def test_rows_bank_comes_first() -> None:
    names = run.row_modules()
    assert names[0] == "rows_bank"
    assert names == ["rows_bank", *sorted(n for n in names if n != "rows_bank")]


def test_both_start_up_children_draw_their_screen_and_say_when(tmp_path: Path) -> None:
    """`casequiz practice` through the CLI, and the minimal app: each exits once its screen is
    drawn, having written that moment, and the practice attempt is in the store by then."""
    startup = load("startup")
    env = {
        **os.environ,
        "CASEQUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "CASEQUIZ_RESULTS_DIR": str(tmp_path / "results"),
        "CASEQUIZ_CONFIG_DIR": str(tmp_path / "config"),
    }
    store = tmp_path / "bench.db"
    report = tmp_path / "drawn"
    assert startup.time_child(startup.FIRST_QUESTION, str(store), env=env, report=report) > 0
    assert startup.time_child(startup.BASELINE, env=env, report=report) > 0
    assert not report.exists()
    with Store(store) as opened:
        [attempt] = opened.attempts(finished=None)
    assert attempt.mode == "practice" and not attempt.finished
