"""The garbage collector is paused for a quiz's start-up and resumed by its first screen; only a
process of its own sets what start-up made aside (`gc.freeze`), and what `validate` made once its
report is written."""

from __future__ import annotations

import gc
import io
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from casequiz.bank import collector
from casequiz.cli.main import main

SINGLES = str(Path(__file__).parent / "data" / "engine" / "singles.yaml")


@pytest.fixture(autouse=True)
def _collector_as_found(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(collector, "_held", False)
    monkeypatch.setattr(collector, "_owned", False)
    yield
    gc.enable()


def test_started_resumes_only_what_was_held() -> None:
    collector.hold_until_started()
    assert not gc.isenabled()
    collector.started()
    assert gc.isenabled()
    gc.disable()  # paused by someone else: not ours to resume
    collector.started()
    assert not gc.isenabled()


def test_a_pause_made_elsewhere_is_left_alone() -> None:
    gc.disable()
    collector.hold_until_started()
    collector.started()
    assert not gc.isenabled()


def test_within_a_longer_program_nothing_is_frozen() -> None:
    before = gc.get_freeze_count()
    collector.hold_until_started()
    collector.started()
    assert gc.get_freeze_count() == before


def test_a_plain_quiz_run_in_process_resumes_and_freezes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "casequiz.db"))
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nq\n"))
    before = gc.get_freeze_count()
    assert main(["practice", SINGLES, "--plain", "--seed", "3", "--student", "ann"]) == 0
    assert "Question 1 of" in capsys.readouterr().out
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_a_process_of_its_own_freezes_its_start_up(tmp_path: Path) -> None:
    """`python -m casequiz practice --plain`: collection is on again by the first question, with
    start-up's objects set aside."""
    probe = textwrap.dedent(
        f"""
        import gc, sys
        import casequiz.plain.runner as runner

        real = runner.run_attempt

        def probed(*args):
            print("collector", gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)
            return real(*args)

        runner.run_attempt = probed
        sys.argv = ["casequiz", "--db", {str(tmp_path / "c.db")!r}, "practice", {SINGLES!r},
                    "--plain", "--seed", "3", "--student", "ann"]
        from casequiz.cli.main import main
        raise SystemExit(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        input="q\n",
        capture_output=True,
        text=True,
        env={"CASEQUIZ_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "collector True True" in done.stderr


VALID = str(Path(__file__).parent / "data" / "valid")


def test_validate_in_process_freezes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    before = gc.get_freeze_count()
    assert main(["validate", VALID]) == 0
    assert main(["validate", VALID, "--format", "json"]) == 0
    assert "0 errors" in capsys.readouterr().out
    assert gc.get_freeze_count() == before
    collector.ending()
    assert gc.get_freeze_count() == before


@pytest.mark.parametrize("cached", [False, True])
def test_validate_in_a_process_of_its_own_ends_frozen_with_all_its_output(
    cached: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What validate made is set aside once it has written everything: the exit's collections
    have nothing to walk, and not a byte of the report is lost."""
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "in-process"))
    assert main(["validate", VALID, "--format", "json"]) == 0
    expected = capsys.readouterr().out
    probe = textwrap.dedent(
        f"""
        import gc, sys
        sys.argv = ["casequiz", "validate", {VALID!r}, "--format", "json"]
        from casequiz.cli.main import main
        code = main()
        print("frozen", gc.get_freeze_count() > 0, file=sys.stderr)
        raise SystemExit(code)
        """
    )
    env = {"CASEQUIZ_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for _ in range(2 if cached else 1):
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert "frozen True" in done.stderr
    assert done.stdout == expected


def test_a_folder_of_invalid_banks_leaves_no_garbage_while_the_collector_is_paused(
    tmp_path: Path,
) -> None:
    """`validate` pauses the collector for the whole command, and a bank that fails its checks
    leaves cycles behind: each is collected as its bank is done, or a folder of many such
    banks would hold them all (a third of a megabyte each)."""
    from casequiz.bank.load import check_paths

    invalid = Path(__file__).parent / "data" / "invalid" / "several-mistakes.yaml"
    bank = invalid.read_text(encoding="utf-8")
    for number in range(20):
        (tmp_path / f"bank-{number}.yaml").write_text(
            bank.replace("id: broken", f"id: bank-{number}"), encoding="utf-8"
        )
    check_paths([tmp_path / "bank-0.yaml"], use_cache=False)  # imports and what they cache
    gc.collect()
    with collector.collector_paused():
        results = check_paths([tmp_path], use_cache=False)
        left = gc.collect()
    assert len(results) == 20 and all(r.errors for r in results)
    assert left < 50, f"{left} objects of garbage left by 20 invalid banks"


def test_the_parser_is_built_with_the_collector_paused_and_resumed_after(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse, the parser and the command's module are made with the collector paused; the
    command itself runs with it as it was (a usage error too leaves it so)."""
    from casequiz.cli import main as cli_main

    seen: list[bool] = []
    build = cli_main.build_parser

    def recording(argv: object = None) -> object:
        seen.append(gc.isenabled())
        return build(argv)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_main, "build_parser", recording)
    assert main(["schema"]) == 0
    assert gc.isenabled()
    assert main(["validate"]) == 2
    assert gc.isenabled()
    assert seen == [False, False]
    capsys.readouterr()
