"""Hostile and careless input, one case a file in `tests/data/hostile/`, each run as users run it.

Every case is a real `casequiz` process with a timeout (a hang fails the case), and must end
with its expected exit code and message, without a traceback, in bounded memory. What cannot
be committed (links, FIFOs, a file of gigabytes) is made by the test at run time, as the case
file's `make` says.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

HOSTILE = Path(__file__).parent / "data" / "hostile"
VALID = Path(__file__).parent / "data" / "valid" / "all-types.yaml"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))

TIMEOUT_S = 60
"""Far beyond any case's run on a busy machine: reaching it means casequiz hangs."""
PEAK_BYTES = 400 * 1024 * 1024
"""Far beyond any case's need: reaching it means a file was read whole that should not be."""


def test_every_case_file_has_an_entry_and_every_entry_a_file() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.name != "cases.yaml"}
    named = {case.get("file", name) for name, case in CASES.items() if "." in name}
    assert files == named


def _make(folder: Path, name: str, kind: str) -> None:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-loop":
        path.symlink_to(name)
    elif kind == "link-zero":
        path.symlink_to("/dev/zero")
    elif kind.startswith("sparse-"):
        with path.open("wb") as file:
            file.truncate(int(kind.removeprefix("sparse-").removesuffix("MB")) * 1024 * 1024)
    else:
        path.write_text("It is.\n", encoding="utf-8")


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, int]:
    """Exit code, stdout + stderr and peak memory of one casequiz process, with a timeout."""
    child = subprocess.Popen(
        [sys.executable, "-m", "casequiz", *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    timer = threading.Timer(TIMEOUT_S, child.kill)
    timer.start()
    try:
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, with its peak memory
    finally:
        timer.cancel()
        child.returncode = 0  # reaped: keep Popen from waiting for it again
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        pytest.fail(f"casequiz {' '.join(argv)} did not end within {TIMEOUT_S} s")
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace"), usage.ru_maxrss * 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and links are POSIX")
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_gets_one_clear_answer(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "inside").mkdir()
    file = case.get("file", name)
    if (HOSTILE / file).is_file():
        (folder / file).write_bytes((HOSTILE / file).read_bytes())
    for made, kind in case.get("make", {}).items():
        _make(folder, made, kind)
    db = tmp_path / "store" / "casequiz.db"
    values = {
        "{case}": str(folder / file),
        "{valid}": str(VALID),
        "{tmp}": str(folder),
        "{db}": str(db),
        "{long}": "b" * 300 + ".yaml",
    }
    argv = [values.get(arg, arg) for arg in case["args"]]
    argv = [arg.replace("{tmp}", str(folder)) for arg in argv]
    env = {**os.environ, "CASEQUIZ_DB": str(db), "CASEQUIZ_CACHE_DIR": str(tmp_path / "cache")}
    env["CASEQUIZ_RESULTS_DIR"] = str(tmp_path / "results")
    before = (folder / file).read_bytes() if (folder / file).is_file() else None

    code, out, peak = _run(argv, folder, env)

    assert "Traceback" not in out, out
    assert code == case["code"], out
    if "message" in case:
        assert case["message"] in out, out
    if "absent" in case:
        assert case["absent"] not in out, out
    if before is not None:
        assert (folder / file).read_bytes() == before, "a case's file must be left as it was"
    if not {"practice", "exam", "study"} & set(argv) or "--stats" in argv:
        assert not db.exists(), "only the commands that record may create a store"
    assert peak < PEAK_BYTES
