"""Abandoning an unfinished attempt from the home screen: delete on the list, then confirm."""

from __future__ import annotations

from tui_support import VALID, FakeClock, journey, start, until, wait_for

from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.home import HomeScreen


def _home(store: Store, clock: FakeClock) -> CaseQuizApp:
    return CaseQuizApp(
        store=store, bank_paths=[VALID], student="Ada", seed=1, clock=clock, cursor_blink=False
    )


@journey
async def test_delete_on_an_unfinished_attempt_asks_then_abandons_it(
    store: Store, clock: FakeClock
) -> None:
    kept = start(store, clock, [VALID])
    dropped = start(store, clock, [VALID])
    async with _home(store, clock).run_test(size=(80, 24)) as pilot:
        home = await wait_for(pilot, HomeScreen)
        listing = home.query_one("#unfinished")
        listing.focus()
        listing.highlighted = [r.uid for r in home.unfinished].index(dropped.uid)
        await pilot.press("delete")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("n")  # kept: nothing changes
        await wait_for(pilot, HomeScreen)
        assert len(store.unfinished()) == 2
        listing.focus()
        listing.highlighted = [r.uid for r in home.unfinished].index(dropped.uid)
        await pilot.press("delete")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: len(home.unfinished) == 1)
        assert [r.uid for r in home.unfinished] == [kept.uid]
    assert [r.uid for r in store.unfinished()] == [kept.uid]
    gone = store.attempt(dropped.id or 0)
    assert gone is not None and not gone.finished  # kept in the store, only set aside
