"""Benchmark rows for the terminal UI, each a ratio to a baseline measured in the same run.

1. Start-up: from process start to the first question drawn (`casequiz practice` on the bundled
   banks, from a warm bank cache, a new attempt) ÷ from process start to a minimal Textual app's
   one `Static` drawn; the median of several runs of each (`startup.py` says how). Target ≤ 1.5.
   Measured twice: headless, and in a real terminal (a pseudo-terminal of 80x24 whose output
   is read as a terminal emulator would, so Textual's own driver draws every frame).
2. Feedback: in Pilot, from the Enter that submits an answer to the feedback screen drawn ÷ a
   key press that changes nothing, the median over 50 of each. Target ≤ 5; the absolute
   figures are reported too.

`measure()` gives the first row and `measure_feedback()` the second, as (label, ratio, target)
like every row module; `rows()` gives both, with the absolute times in the label.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from startup import startup

STARTUP_LABEL = "TUI: process start to first question ÷ minimal Textual app to one Static"
STARTUP_TARGET = "≤ 1.5"
TERMINAL_LABEL = "TUI in a terminal: process start to first question ÷ minimal app to one Static"
FEEDBACK_LABEL = "TUI: Enter to feedback drawn ÷ a key press that changes nothing (Pilot)"
FEEDBACK_TARGET = "≤ 5"

_BANK_HEAD = """casequiz: 1
id: bench
title: Benchmark bank
sources:
  memo: {title: A memo, outlet: Bench Gazette, published: 2020-08, file: memo.txt}
questions:
"""

_QUESTION = """  - id: q{n}
    type: single
    topic: Topic {t}
    prompt: Which city is the capital of Cambodia, question {n}?
    options: [Phnom Penh, Siem Reap, Battambang]
    answer: Phnom Penh
    explanation: The memo names the capital.
    source: {{ref: memo, quote: "The capital, Phnom Penh, hosts the ministry."}}
"""


async def _feedback_times(folder: Path, count: int) -> tuple[list[float], list[float]]:
    from casequiz.bank.load import load_banks
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection
    from casequiz.store.db import Store
    from casequiz.tui.app import CaseQuizApp
    from casequiz.tui.screens.feedback import FeedbackScreen
    from casequiz.tui.screens.question import QuestionScreen

    (folder / "memo.txt").write_text("The capital, Phnom Penh, hosts the ministry.\n", "utf-8")
    bank = folder / "bench.yaml"
    bank.write_text(
        _BANK_HEAD + "".join(_QUESTION.format(n=n, t=n % 4) for n in range(count + 1)), "utf-8"
    )
    store = Store(folder / "bench.db")
    attempt = Attempt.start(
        load_banks([bank]), Selection(seed=1), student="bench", mode=Mode.PRACTICE, log=store
    )
    app = CaseQuizApp(store=store, attempt=attempt, cursor_blink=False)
    submit, idle = [], []
    async with app.run_test(size=(80, 24)) as pilot:

        async def until(kind: type) -> None:
            while not isinstance(app.screen, kind):
                await pilot.pause()
            await pilot.pause()

        await until(QuestionScreen)
        for _ in range(count):
            await pilot.press("1")
            started = time.perf_counter()
            await pilot.press("f12")  # bound to nothing
            await pilot.pause()
            idle.append(time.perf_counter() - started)
            started = time.perf_counter()
            await pilot.press("enter")
            await until(FeedbackScreen)
            submit.append(time.perf_counter() - started)
            await pilot.press("enter")
            await until(QuestionScreen)
    store.close()
    return submit, idle


def feedback(quick: bool = False) -> tuple[float, float]:
    """Median seconds from Enter to the feedback drawn, and for a key that does nothing."""
    count = 10 if quick else 50
    names = ("CASEQUIZ_CACHE_DIR", "CASEQUIZ_RESULTS_DIR")
    before = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CASEQUIZ_CACHE_DIR"] = str(Path(folder) / "cache")
        os.environ["CASEQUIZ_RESULTS_DIR"] = str(Path(folder) / "results")
        try:
            submit, idle = asyncio.run(_feedback_times(Path(folder), count))
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    return statistics.median(submit), statistics.median(idle)


def measure(quick: bool = False) -> tuple[str, float, str]:
    """Row 1: start-up to the first question ÷ a minimal app's start-up."""
    quiz, base = startup(quick)
    return STARTUP_LABEL, quiz / base, STARTUP_TARGET


def measure_feedback(quick: bool = False) -> tuple[str, float, str]:
    """Row 2: Enter to feedback ÷ a key press that changes nothing."""
    submit, idle = feedback(quick)
    return FEEDBACK_LABEL, submit / idle, FEEDBACK_TARGET


def measure_terminal(quick: bool = False) -> tuple[str, float, str]:
    """Row 1 again, in a real (pseudo-)terminal."""
    quiz, base = startup(quick, terminal=True)
    return TERMINAL_LABEL, quiz / base, STARTUP_TARGET


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    """Every row, the absolute medians in each label."""
    quiz, base = startup(quick)
    in_quiz, in_base = startup(quick, terminal=True)
    submit, idle = feedback(quick)
    return [
        (
            f"{STARTUP_LABEL} ({quiz * 1000:.0f} ms / {base * 1000:.0f} ms)",
            quiz / base,
            STARTUP_TARGET,
        ),
        (
            f"{TERMINAL_LABEL} ({in_quiz * 1000:.0f} ms / {in_base * 1000:.0f} ms)",
            in_quiz / in_base,
            STARTUP_TARGET,
        ),
        (
            f"{FEEDBACK_LABEL} ({submit * 1000:.1f} ms / {idle * 1000:.1f} ms)",
            submit / idle,
            FEEDBACK_TARGET,
        ),
    ]


if __name__ == "__main__":
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
