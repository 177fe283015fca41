"""The footer shows the keys of the moment, rebuilt once per burst of changes and only when they
differ (`KeyFooter`)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey
from tui_support import TUI, FakeClock, app_on, journey, start, until, wait_for

from casequiz.store.db import Store
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.widgets.keyfooter import KeyFooter

SIZE = (80, 24)


def shown_keys(screen: QuestionScreen) -> list[str]:
    """The footer's keys as drawn: `key:description`, from its mounted key widgets."""
    return [f"{key.key}:{key.description}" for key in screen.query_one(KeyFooter).query(FooterKey)]


@journey
async def test_the_hint_key_comes_and_goes_with_the_question(
    store: Store, clock: FakeClock
) -> None:
    """Between a question with a hint and one without, both ways: the footer offers ctrl+g on
    the first only."""
    ids = ["student:year", "student:parts"]
    attempt = start(store, clock, [TUI / "student.yaml"], question_ids=ids)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        seen: dict[str, list[str]] = {}
        for _ in ids:
            question = screen.attempt.current.question
            hinted = bool(question.hint)
            await until(pilot, lambda h=hinted: ("ctrl+g:Hint" in shown_keys(screen)) == h)  # type: ignore[misc]
            seen[question.id] = shown_keys(screen)
            await pilot.press("pagedown")
        assert "ctrl+g:Hint" in seen["year"]
        assert "ctrl+g:Hint" not in seen["parts"]


@journey
async def test_a_burst_of_binding_changes_rebuilds_the_footer_once(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up, focus moving, bindings refreshed again and again: a rebuild or two while the
    keys settle, and none once they are what the footer already shows."""
    rebuilds: list[Any] = []
    real = KeyFooter.recompose

    async def counted(self: KeyFooter) -> None:
        rebuilds.append(self)
        await real(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    attempt = start(store, clock, [TUI / "student.yaml"], question_ids=["student:parts"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await until(pilot, lambda: bool(shown_keys(screen)))
        await pilot.pause()
        settled = len(rebuilds)
        assert settled <= 2  # Textual's footer: six rebuilds here
        keys = shown_keys(screen)
        for _ in range(5):
            screen.refresh_bindings()
            screen.set_focus(None)
            screen.answer_widget.focus()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == settled
        assert shown_keys(screen) == keys
