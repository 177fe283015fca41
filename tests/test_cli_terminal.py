"""Without a terminal, the TUI commands refuse at once (exit 2) and record nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casequiz.store.db import Store

VALID = Path(__file__).parent / "data" / "valid"


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        ([], "casequiz practice --plain"),
        (["practice", str(VALID)], "--plain"),
        (["exam", str(VALID), "--student", "ann"], "--plain"),
        (["resume"], "--plain"),
        (["study", str(VALID)], "--plain"),
    ],
    ids=["home", "practice", "exam", "resume", "study"],
)
def test_the_tui_needs_a_terminal(tmp_path: Path, argv: list[str], hint: str) -> None:
    db = tmp_path / "t.db"
    done = subprocess.run(
        [sys.executable, "-m", "casequiz", "--db", str(db), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    assert hint in done.stderr
    assert "Traceback" not in done.stderr
    if db.exists():
        with Store(db) as store:
            assert store.unfinished() == []
