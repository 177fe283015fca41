"""Pausing Python's cyclic garbage collector while many long-lived objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector resumes as it was.

    Building a bank's data, or drawing every question of a large bank, makes hundreds of
    thousands of objects that all live on, none of them garbage; the collector would walk all
    of them again and again as they are made.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
