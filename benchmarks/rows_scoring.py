"""Benchmark row: scoring responses of mixed types, as a ratio to plain string comparisons.

Both sides run in the same process and the same run, so the figure says how much a verdict
costs relative to the cheapest possible check, on whatever machine runs it. There is no target:
the row reports the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import cycle, islice
from typing import Any

from casequiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.scoring import score

LABEL = "scoring 100,000 mixed responses ÷ as many string comparisons"
TARGET = "report"


def _cases() -> list[tuple[Any, Any]]:
    """Right, wrong and partly right responses to one question of each type."""
    single = SingleQuestion(
        type="single",
        id="capital",
        prompt="p",
        options=["Phnom Penh", "Siem Reap"],
        answer="Phnom Penh",
    )
    multiple = MultipleQuestion(
        type="multiple",
        id="goods",
        prompt="p",
        options=["garments", "footwear", "arms", "bicycles"],
        answers=["garments", "footwear", "bicycles"],
    )
    true_false = TrueFalseQuestion(type="true_false", id="tf", prompt="p", answer=True)
    numeric = NumericQuestion(
        type="numeric", id="exports", prompt="p", answer=5.8, tolerance=0.1, unit="billion USD"
    )
    short = ShortQuestion(
        type="short", id="eba", prompt="p", answer="Everything but Arms", match="fuzzy"
    )
    order = OrderQuestion(type="order", id="seq", prompt="p", items=["a", "b", "c", "d", "e"])
    match = MatchQuestion(
        type="match",
        id="who",
        prompt="p",
        pairs={"EU": "grants preferences", "Cambodia": "exports garments"},
        distractors=["builds ports"],
    )
    return [
        (single, "Phnom Penh"),
        (single, "siem reap"),
        (multiple, ["garments", "arms"]),
        (multiple, ["garments", "footwear", "bicycles"]),
        (true_false, False),
        (numeric, "$5.8bn"),
        (numeric, "5,800 million"),
        (numeric, "abc"),
        (short, "Everythng but Arms"),
        (short, "everything but arms"),
        (order, ["b", "a", "c", "e", "d"]),
        (match, {"EU": "builds ports", "Cambodia": "exports garments"}),
    ]


def _best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def measure(quick: bool = False) -> tuple[str, float, str]:
    """(label, scoring time ÷ comparison time, target) for 100,000 of each (10,000 if quick)."""
    count = 10_000 if quick else 100_000
    repeats = 2 if quick else 3
    work = list(islice(cycle(_cases()), count))
    strings = [(f"option {i % 7}", f"option {i % 5}") for i in range(count)]

    def scoring() -> None:
        for question, response in work:
            score(question, response)

    def comparing() -> None:
        for left, right in strings:
            _ = left == right

    scored = _best_of(repeats, scoring)
    compared = _best_of(repeats, comparing)
    return LABEL, scored / compared, TARGET


if __name__ == "__main__":
    label, ratio, target = measure()
    print(f"{label}: {ratio:.1f}x (target: {target})")
