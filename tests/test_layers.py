"""The layers stay apart: light commands never load the user interface, and imports go downward.

Each check runs in a fresh interpreter, since this test session has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "data" / "valid"
INVALID = ROOT / "tests" / "data" / "invalid" / "several-mistakes.yaml"
WATCHED = ("textual", "rich", "pydantic", "yaml")

RUN_COMMAND = """
import contextlib, io, json, runpy, sys
args, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["casequiz", *args]
code = None
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        runpy.run_module("casequiz", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "loaded": [m for m in watched if m in sys.modules]}))
"""

LEAN_COMMAND = """
import os, sys
watched, args = sys.argv[1].split(","), sys.argv[2:]
shown = os.dup(1)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
from casequiz.cli.main import main
code = main(args)
sys.stdout.flush()
os.dup2(shown, 1)
loaded = [m for m in watched if m in sys.modules]
import json
print(json.dumps({"code": code, "loaded": loaded}))
"""
"""`casequiz ARGS` in an interpreter that has imported nothing on its own (not even to read
its arguments or hide the output), to tell what the command alone imports."""

IMPORT_MODULE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps({"code": 0, "loaded": [m for m in json.loads(sys.argv[2]) if m in sys.modules]}))
"""


def loaded_by(script: str, argument: str, cache: Path) -> tuple[int | None, set[str]]:
    """The exit code of `script`, and which of the watched packages it imported."""
    return _report(script, [argument, json.dumps(WATCHED)], cache)


def _report(script: str, arguments: list[str], cache: Path) -> tuple[int | None, set[str]]:
    """The exit code and the modules `script` reports, run with `arguments` in a fresh
    interpreter."""
    env = {**os.environ, "CASEQUIZ_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], set(report["loaded"])


def command(args: list[str], cache: Path) -> tuple[int | None, set[str]]:
    return loaded_by(RUN_COMMAND, json.dumps(args), cache)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--help"], 0),
        (["--version"], 0),
        (["schema"], 0),
        (["validate", str(VALID), "--no-cache"], 0),
        (["validate", str(INVALID), "--no-cache"], 1),
        (["validate", str(VALID), "--format", "json", "--no-cache"], 0),
    ],
    ids=["help", "version", "schema", "validate", "validate-invalid", "validate-json"],
)
def test_light_commands_do_not_import_the_interface(
    args: list[str], code: int, tmp_path: Path
) -> None:
    exit_code, loaded = command(args, tmp_path)
    assert exit_code == code
    assert "textual" not in loaded
    assert "rich" not in loaded


HEAVY = {"textual", "rich", "pydantic"}


def test_help_does_not_import_the_model(tmp_path: Path) -> None:
    """`--help` must be instant: neither pydantic nor the interface."""
    code, loaded = command(["--help"], tmp_path)
    assert code == 0
    assert not loaded & HEAVY


def test_a_warm_validate_does_not_import_the_model(tmp_path: Path) -> None:
    """A cached check needs neither pydantic, PyYAML nor the interface: that makes it fast."""
    code, cold = command(["validate", str(VALID)], tmp_path)
    assert (code, "yaml" in cold) == (0, True)
    code, warm = command(["validate", str(VALID)], tmp_path)
    assert code == 0
    assert not warm & {*HEAVY, "yaml"}


def test_a_cold_validate_of_a_valid_bank_does_not_import_the_model(tmp_path: Path) -> None:
    """A bank the model surely accepts is checked without it, cache entry and all (the fast
    path, `bank.accept`); `--no-cache` does no cache work, not even hashing."""
    code, cold = command(["validate", str(VALID)], tmp_path)
    assert code == 0
    assert not cold & HEAVY
    code, uncached = command(["validate", str(VALID), "--no-cache"], tmp_path)
    assert code == 0
    assert not uncached & {*HEAVY, "hashlib", "dataclasses"}


LEAN = (
    "shutil",
    "contextlib",
    "importlib",
    "bisect",
    "typing",
    "dataclasses",
    "pathlib",
    "urllib.parse",
    "fnmatch",
    "json",
    "yaml",
    "casequiz.bank.cache",
)


def lean_command(args: list[str], cache: Path) -> tuple[int | None, set[str]]:
    return _report(LEAN_COMMAND, [",".join(LEAN), *args], cache)


def test_validate_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Neither `shutil` (argparse measures the terminal with it, here only to write help),
    `contextlib`, `importlib`, `bisect` nor `pathlib` (with `urllib.parse` and `fnmatch`, a
    tenth of a small bank's check; files are named by text, `bank.pathnames`): a cache hit's
    time is mostly its imports. A cache hit reads its entry's JSON and no YAML; `--no-cache`
    the YAML, no JSON, nor the cache's module. (A folder named is walked with `pathlib`.)"""
    bank = str(VALID / "all-types.yaml")
    code, cold = lean_command(["validate", bank], tmp_path)
    assert code == 0
    assert "yaml" in cold
    code, warm = lean_command(["validate", bank], tmp_path)
    assert (code, warm) == (0, {"json", "casequiz.bank.cache"})
    code, uncached = lean_command(["validate", bank, "--no-cache"], tmp_path)
    assert (code, uncached) == (0, {"yaml"})
    code, uncached = lean_command(["--db", "x.db", "validate", bank, "--no-cache"], tmp_path)
    assert (code, uncached) == (0, {"yaml"})
    code, walked = lean_command(["validate", str(VALID), "--no-cache"], tmp_path)
    assert (code, walked) == (0, {"yaml", "pathlib", "urllib.parse", "fnmatch"})


def test_an_invalid_bank_is_explained_by_the_model(tmp_path: Path) -> None:
    """A bank the fast path does not accept goes to the model, whose messages explain it."""
    code, loaded = command(["validate", str(INVALID), "--no-cache"], tmp_path)
    assert code == 1
    assert "pydantic" in loaded


@pytest.mark.parametrize(
    "module",
    [
        "casequiz",
        "casequiz.bank.load",
        "casequiz.bank.model",
        "casequiz.bank.schema",
        "casequiz.bank.dump",
        "casequiz.cli.main",
    ],
)
def test_importing_the_package_does_not_import_the_interface(module: str, tmp_path: Path) -> None:
    code, loaded = loaded_by(IMPORT_MODULE, module, tmp_path)
    assert code == 0
    assert not loaded & {"textual", "rich"}


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    program = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(program), "--no-cache", "--no-logo", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert " kept, 0 broken." in done.stdout


def test_a_broken_import_contract_is_caught(tmp_path: Path) -> None:
    """The linter really checks: the layers turned upside down are reported broken."""
    config = tmp_path / "upside-down.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "casequiz"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\ntype = "layers"\n'
        'layers = ["casequiz.bank", "casequiz.cli"]\n'
    )
    done = lint_imports(str(config))
    assert done.returncode == 1
    assert "upside down BROKEN" in done.stdout
