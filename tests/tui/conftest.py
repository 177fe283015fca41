"""Fixtures for the terminal UI tests: a private store and results folder, a clock that stands
still until a test moves it, and the test banks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_support import FakeClock

from casequiz.store.db import Store


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the cache and result files of every test in its own folder."""
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setenv("CASEQUIZ_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "t.db") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
