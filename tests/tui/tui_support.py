"""Helpers for driving the app in Pilot: start an attempt, wait for a screen, the keys that
answer a drawn question right or wrong."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.screen import Screen

from casequiz.bank.cloze import answer_text, blanks_in_order
from casequiz.bank.load import load_banks
from casequiz.quiz.attempt import Attempt, Clock, Mode
from casequiz.quiz.draw import Selection, Slot
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
TUI = DATA / "tui"


class FakeClock:
    """Now is whatever the test says; an exam's time runs out when the test moves it."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def journey(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def start(
    store: Store,
    clock: Clock,
    paths: Sequence[Path],
    *,
    mode: Mode = Mode.PRACTICE,
    question_ids: Sequence[str] = (),
    time_limit: float | None = None,
    seed: int = 1,
) -> Attempt:
    """A new attempt on the banks at `paths`, recorded in `store`."""
    banks = load_banks(list(paths))
    selection = Selection(seed=seed, question_ids=tuple(question_ids))
    return Attempt.start(
        banks, selection, student="Ada", mode=mode, time_limit=time_limit, log=store, clock=clock
    )


def app_on(attempt: Attempt, store: Store, clock: Clock, **options: object) -> CaseQuizApp:
    """The app as `casequiz practice|exam` starts it: straight to the attempt."""
    return CaseQuizApp(store=store, attempt=attempt, clock=clock, cursor_blink=False, **options)  # type: ignore[arg-type]


async def wait_for(
    pilot: Pilot[object], kind: type[Screen[object]], *, timeout: float = 10.0
) -> Screen[object]:
    """Pause until the app shows a screen of this kind (and has drawn it)."""
    waited = 0.0
    while not isinstance(pilot.app.screen, kind):
        if waited > timeout:
            raise AssertionError(f"no {kind.__name__}; the screen is {pilot.app.screen!r}")
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()
    return pilot.app.screen


async def until(pilot: Pilot[object], ready: Callable[[], bool], *, timeout: float = 10.0) -> None:
    """Pause until `ready()` holds."""
    waited = 0.0
    while not ready():
        if waited > timeout:
            raise AssertionError("the app never got there")
        await pilot.pause(0.05)
        waited += 0.05


def typed(text: str) -> list[str]:
    """Key names that type `text`."""
    return ["space" if char == " " else char for char in text]


def right_keys(slot: Slot) -> list[str]:
    """The keys that answer the slot's question right, then Enter."""
    question, shown = slot.question, slot.choices()
    if question.type == "single":
        keys = [str(shown.index(question.answer) + 1)]
    elif question.type == "multiple":
        keys = [str(shown.index(answer) + 1) for answer in question.answers]
    elif question.type == "true_false":
        keys = ["1" if question.answer else "2"]
    elif question.type == "numeric":
        keys = typed(repr(question.answer).removesuffix(".0"))
    elif question.type == "short":
        keys = typed(question.answer)
    elif question.type == "order":
        keys = _order_keys(shown, list(question.items))
    elif question.type == "match":
        keys = [str(shown.index(right) + 1) for right in question.pairs.values()]
    elif question.type == "cloze":
        keys = cloze_keys(question, {name: answer_text(b) for name, b in question.blanks.items()})
    else:
        raise TypeError(question)
    return [*keys, "enter"]


def wrong_keys(slot: Slot) -> list[str]:
    """The keys that answer the slot's question wrong, then Enter."""
    question, shown = slot.question, slot.choices()
    if question.type == "single":
        keys = [str(next(i for i, o in enumerate(shown) if o != question.answer) + 1)]
    elif question.type == "multiple":
        keys = [str(next(i for i, o in enumerate(shown) if o not in question.answers) + 1)]
    elif question.type == "true_false":
        keys = ["2" if question.answer else "1"]
    elif question.type == "numeric":
        keys = typed("7777")
    elif question.type == "short":
        keys = typed("nothing like it")
    elif question.type == "order":
        keys = []  # the draw never shows the items in the right order
    elif question.type == "match":
        wrong = [i for i, right in enumerate(shown) if right not in question.pairs.values()]
        keys = [str(wrong[0] + 1)] * len(question.pairs)
    elif question.type == "cloze":
        answers = {
            name: next(c for c in blank.choices if c != blank.answer)
            if blank.type == "choice"
            else "7777"
            for name, blank in question.blanks.items()
        }
        keys = cloze_keys(question, answers)
    else:
        raise TypeError(question)
    return [*keys, "enter"]


def cloze_keys(question: ClozeQuestion, answers: dict[str, str]) -> list[str]:
    """The keys that fill a cloze's blanks, in order, with `answers` (by blank name; a blank
    not named is left empty), `enter` between blanks, and none after the last: a box is typed
    into; a dropdown is opened with enter and its choice reached with ↓ (below the empty row)."""
    keys: list[str] = []
    step = ""
    for name, blank in blanks_in_order(question):
        given = answers.get(name, "")
        if step:
            keys.append(step)
        # On to the next blank with enter; from an empty dropdown with tab (enter opens it).
        step = "enter"
        if blank.type == "choice":
            if given:
                keys += ["enter", *["down"] * (blank.choices.index(given) + 1), "enter"]
            else:
                step = "tab"
        else:
            keys += typed(given)
    return keys


def _order_keys(shown: list[str], target: list[str]) -> list[str]:
    """Selection sort with the cursor: bring each item up to its place with `u`."""
    current = list(shown)
    keys: list[str] = []
    for place, item in enumerate(target):
        at = current.index(item)
        keys += ["home", *["down"] * at, *["u"] * (at - place)]
        current.insert(place, current.pop(at))
    return keys
