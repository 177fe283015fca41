"""The footer shows the keys of the moment, read once per burst of changes and redrawn only when
they differ; a click on a key presses it (`KeyFooter`)."""

from __future__ import annotations

import pytest
from tui_support import TUI, FakeClock, app_on, journey, start, until, wait_for

from casequiz.store.db import Store
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.widgets.keyfooter import KeyFooter

SIZE = (80, 24)


def shown_keys(screen: QuestionScreen) -> list[str]:
    """The footer's keys as drawn: `key:description`."""
    return [f"{key.key}:{key.description}" for key in screen.query_one(KeyFooter).keys]


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
async def test_a_burst_of_binding_changes_reads_the_keys_once(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bindings changed again and again in one go: the keys are read once; refreshed with
    nothing changed, the footer is not redrawn; focus moving away and back ends where it began."""
    reads: list[bool] = []
    real = KeyFooter.read_keys

    def counted(self: KeyFooter) -> None:
        before = (self.keys, self.palette)
        real(self)
        reads.append((self.keys, self.palette) != before)

    monkeypatch.setattr(KeyFooter, "read_keys", counted)
    attempt = start(store, clock, [TUI / "student.yaml"], question_ids=["student:parts"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await until(pilot, lambda: bool(shown_keys(screen)))
        await pilot.pause()
        keys = shown_keys(screen)
        settled = len(reads)
        for _ in range(3):
            screen.bindings_updated_signal.publish(screen)
        await pilot.pause()
        assert len(reads) == settled + 1
        for _ in range(5):
            screen.refresh_bindings()
            await pilot.pause()
        assert not any(reads[settled:])
        for _ in range(5):
            screen.set_focus(None)
            screen.answer_widget.focus()
        await pilot.pause()
        await pilot.pause()
        assert shown_keys(screen) == keys


@journey
async def test_a_click_on_a_key_presses_it(store: Store, clock: FakeClock) -> None:
    """Clicking `^f Flag` flags the question, as ctrl+f does; the key under the mouse is the
    one drawn there, the palette key at the right edge."""
    attempt = start(store, clock, [TUI / "student.yaml"], question_ids=["student:parts"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        footer = screen.query_one(KeyFooter)
        await until(pilot, lambda: bool(footer.keys))
        columns = {footer.key_at(x).description: x for x in range(SIZE[0]) if footer.key_at(x)}
        assert footer.key_at(SIZE[0] - 1) == footer.palette
        await pilot.click(KeyFooter, offset=(columns["Flag"], 0))
        await until(pilot, lambda: screen.attempt.position in screen.attempt.flags)
