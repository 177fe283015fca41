"""Pausing Python's cyclic garbage collector while many long-lived objects are built."""

from __future__ import annotations

import gc

__all__ = [
    "collect_young",
    "collector_paused",
    "ending",
    "hold_until_started",
    "own_process",
    "started",
]


class collector_paused:  # lower case: used like a function, `with collector_paused():`
    """No cyclic collection inside the block; the collector resumes as it was.

    Building a bank's data, or drawing every question of a large bank, makes hundreds of
    thousands of objects that all live on, none of them garbage; the collector would walk all
    of them again and again as they are made.

    A class rather than `contextlib.contextmanager`: every command imports this module, and
    `contextlib` would cost `validate` answered from the cache a hundredth of its time.
    """

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        if self._was_enabled:
            gc.enable()


def collect_young() -> None:
    """While the collector is paused, collect what was made since it last ran (the youngest
    generation), if any of it is garbage; otherwise leave collecting to the collector.

    A bank that fails its checks leaves cycles behind (pydantic's errors and what they hold, a
    third of a megabyte for a small bank): a command that checks a folder of many such banks
    with the collector paused would keep them all. What the young generation holds is only
    what the last bank made, so this costs about what making it did.
    """
    if not gc.isenabled():
        gc.collect(0)


_held = False
_owned = False


def own_process() -> None:
    """This process runs one command and ends (the console script, `python -m casequiz`): what
    its start-up makes lives until the end, so `started` may set it aside for good."""
    global _owned
    _owned = True


def hold_until_started() -> None:
    """Pause the collector for a command's start-up, until `started()`.

    Starting the terminal UI imports pydantic, Textual and casequiz's screens, loads the banks
    and draws the questions: hundreds of thousands of objects, none of them garbage, which the
    collector would walk several times over before the first screen.
    """
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def started() -> None:
    """Start-up is over; the collector resumes if `hold_until_started` paused it.

    In a process of its own (`own_process`), what start-up made (modules, the banks, the
    attempt) is first moved out of the collector's sight (`gc.freeze`): resumed without that,
    its first collections would walk all of it again, some 40 ms of the first screen's time.
    Called from within a longer-lived program (a test, say), nothing is frozen, as what it
    made before may still become garbage.
    """
    global _held
    if _held:
        _held = False
        if _owned:
            gc.freeze()
        gc.enable()


def ending() -> None:
    """The command has written all it will write; in a process of its own (`own_process`), what
    it made is set aside (`gc.freeze`) for the few steps left to the exit.

    As it exits, the interpreter collects garbage, walking every object it tracks: for `validate`
    answered from the cache, a tenth of its time, to free memory the process hands back whole
    a moment later. Frozen objects are never collected, so the finalizers of any caught in a
    cycle do not run: only a command that has closed all it opened (files, stores) may call this.
    Called from within a longer-lived program, it does nothing.
    """
    if _owned:
        gc.freeze()
