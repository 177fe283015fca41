"""Any text for any option: the command line answers with exit 0, 1 or 2, never an exception.

Run in-process (the commands as `casequiz` runs them, without a process each) so that many
values are tried. Text is what a shell can pass: anything but NUL. The store is in memory or
in a fresh folder, stdin is empty, so a quiz that starts ends at once.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.cli.main import main
from casequiz.cli.options import parse_seed

VALID = str(Path(__file__).parent / "data" / "valid" / "all-types.yaml")
SHEET_TEXT = "capital: Phnom Penh\n"

argument = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(["0", "-1", "1", "10", "9" * 30, "1e309", "nan", "20m", "1h", "9999999h", ""])

COMMANDS: list[tuple[list[str], str]] = [
    (["practice", VALID, "--plain"], "--count"),
    (["practice", VALID, "--plain"], "--seed"),
    (["practice", VALID, "--plain"], "--topic"),
    (["practice", VALID, "--plain"], "--tag"),
    (["practice", VALID, "--plain"], "--student"),
    (["practice", VALID, "--plain"], "--sources"),
    (["exam", VALID, "--plain", "--student", "ann"], "--time-limit"),
    (["exam", VALID, "--plain", "--student", "ann"], "--count"),
    (["exam", VALID, "--plain"], "--student"),
    (["study", VALID, "--plain"], "--new"),
    (["study", VALID, "--plain"], "--limit"),
    (["study", VALID, "--plain"], "--seed"),
    (["study", VALID, "--stats"], "--student"),
    (["study", VALID, "--stats"], "--format"),
    (["resume", "--plain"], "--student"),
    (["validate", VALID], "--sources"),
    (["validate", VALID], "--format"),
    (["score", VALID, "--responses", "sheet.yaml", "--record"], "--student"),
    (["score", VALID, "--responses", "sheet.yaml"], "--format"),
    (["export"], "--since"),
    (["export"], "--bank"),
    (["stats"], "--bank"),
    (["export"], "--db"),
    (["resume", "--plain"], "--db"),
    (["practice", VALID, "--plain"], "--db"),
]


@pytest.mark.parametrize(("command", "option"), COMMANDS, ids=[f"{c[0]} {o}" for c, o in COMMANDS])
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=argument)
def test_any_value_of_an_option_is_answered_with_an_exit_code(
    command: list[str],
    option: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    (tmp_path / "sheet.yaml").write_text(SHEET_TEXT, encoding="utf-8")
    keeps = command[0] in ("export", "stats") or option == "--db"  # else nothing on disk
    store = [] if keeps else ["--db", ":memory:"]
    code = main([*store, *command, f"{option}={value}"])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in out + err


@given(st.integers(min_value=-(2**62) + 1, max_value=2**62 - 1))
def test_a_whole_number_seed_is_used_as_it_is(seed: int) -> None:
    assert parse_seed(str(seed)) == seed


@given(argument.filter(lambda text: text.strip() != ""))
def test_any_seed_gives_the_same_whole_number_every_time(text: str) -> None:
    seed = parse_seed(text)
    assert seed == parse_seed(text)
    assert -(2**62) < seed < 2**62


def test_a_named_seed_is_stable_across_versions() -> None:
    """The hash is part of the format: a teacher's `--seed midterm` must give the same exam."""
    assert parse_seed("midterm") == int.from_bytes(
        __import__("hashlib").sha256(b"midterm").digest()[:7], "big"
    )
