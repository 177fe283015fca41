"""What a result file, a store or a command line holds is shown, never obeyed: `history` finds
an imported attempt's banks as the reports do (never at the path the file names), numbers are
bounded before they reach the store, names and file names reach a terminal visible-safe, and an
unreadable response sheet is bad data (exit 1)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.plain.runner import PlainSession
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.store.db import Store
from cli_support import run

ROOT = Path(__file__).resolve().parents[1]
EBA = ROOT / "questions" / "cambodia" / "eba-terms.yaml"
VOICES = ROOT / "questions" / "cambodia" / "voices.yaml"
STUDENT = ROOT / "tests" / "data" / "tui" / "student.yaml"
HOSTILE = "s\x1b[31m\x07\x1b]52;c;SGVsbG8=\x07\u0085\u009b2J"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Tty(io.TextIOWrapper):
    """A standard stream that says it is a terminal, bytes kept for the test to read."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="")

    def isatty(self) -> bool:
        return True

    def text(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


def _exam(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, **how: str
) -> dict:
    """A genuine result file of an exam taken on `how['bank']` (default: eba-terms)."""
    bank, student = how.get("bank", str(EBA)), how.get("student", "bob")
    typed = how.get("typed", "1,3,4,5\n3,5,6\n1\nt\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    db = str(env / "taken.db")
    argv = ["exam", bank, "--count", how.get("count", "4"), "--seed", how.get("seed", "3")]
    code, _, _ = run(capsys, "--db", db, *argv, "--student", student, "--plain")
    assert code == 0
    (made,) = (env / "results").glob("*.json")
    data = json.loads(made.read_text("utf-8"))
    made.unlink()
    return data


def _imported(env: Path, capsys: pytest.CaptureFixture[str], data: dict, *flags: str) -> str:
    """`data` as a result file imported into a store of its own; that store's path."""
    path = env / "handed-in.json"
    path.write_text(json.dumps(data), "utf-8")
    db = str(env / "grader.db")
    code, _, err = run(capsys, "--db", db, "results", "import", str(path), *flags)
    assert code == 0, err
    return db


@pytest.mark.parametrize("recorded", ["/home/ana/q/eba-terms.yaml", "/dev/zero", "/tmp", "VOICES"])
def test_history_never_opens_the_bank_path_a_result_file_names(
    env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    recorded: str,
) -> None:
    """An unverified import keeps the student's `banks[].path`: `history` looks the bank up by
    id and hash among the grader's banks, and with none found says so in one line and shows
    the stored scores."""
    data = _exam(env, capsys, monkeypatch)
    data["attempt"]["banks"][0]["hash"] = "0" * 64  # a version the grader does not have
    data["attempt"]["banks"][0]["path"] = str(VOICES) if recorded == "VOICES" else recorded
    db = _imported(env, capsys, data, "--force")
    code, out, err = run(capsys, "--db", db, "history", "1")
    assert code == 0, err
    assert err.count("\n") == 1
    assert "bank cambodia-eba-terms not found" in err and "stored scores only" in err
    assert "Score: 3/4 (75%)" in out
    assert "correct       1/1  cambodia-eba-terms/review-purpose · EU review" in out


def test_history_finds_an_imported_attempts_bank_where_the_grader_says(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bank that is neither in ./questions nor bundled is found with `--banks`, by id and
    hash, whatever path the result file recorded (a folder on the student's machine)."""
    data = _exam(env, capsys, monkeypatch, bank=str(STUDENT), count="1", seed="4", typed="f\n")
    data["attempt"]["banks"][0]["path"] = "/home/ana/student.yaml"
    db = _imported(env, capsys, data, "--force")
    code, out, err = run(capsys, "--db", db, "history", "1")
    assert code == 0 and "not found" in err and "Your answer" not in out
    code, out, err = run(capsys, "--db", db, "history", "1", "--banks", str(STUDENT.parent))
    assert code == 0 and err == ""
    assert "Score: 1 of 1 (100%)" in out and "Your answer: False" in out


@pytest.mark.parametrize("number", ["99999999999999999999999999", "9223372036854775808", "0"])
def test_history_bounds_the_number_before_the_store_sees_it(
    env: Path, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    code, _, err = run(capsys, "--db", str(env / "x.db"), "history", number)
    assert code == 2
    assert "argument NUMBER" in err


@pytest.mark.parametrize("command", ["exam", "practice", "study", "history", "validate"])
def test_a_word_that_is_not_utf8_is_a_usage_error(
    env: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates; no store or terminal can hold them."""
    name = "a\udc85"  # what Python makes of the byte 0x85 on a command line
    code, out, err = run(capsys, "--db", str(env / "x.db"), command, str(EBA), "--student", name)
    assert code == 2 and out == ""
    assert "casequiz: error: argument 6 (a\\x85) is not valid UTF-8 text" in err
    assert not (env / "x.db").exists()


def test_the_resume_line_shows_a_name_never_obeys_it(env: Path) -> None:
    """`Continue later with: casequiz resume --student NAME`: an ordinary name is a command to
    copy; a name with escapes is shown as text."""
    for name, shown in (("Ana Souza", "'Ana Souza'"), (HOSTILE, "'s\\x1b[31m\\x07\\x1b]52;")):
        with Store(env / f"{len(name)}.db") as store:
            attempt = Attempt.start(
                load_banks([STUDENT]), Selection(seed=1), student=name, mode=Mode.EXAM, log=store
            )
            out = io.StringIO()
            PlainSession(attempt, io.StringIO("q\n"), out, False).run()
        line = next(line for line in out.getvalue().splitlines() if "Continue later" in line)
        assert f"casequiz resume --student {shown}" in line
        assert not RAW.search(line)


def test_results_import_shows_file_names_visible_safe(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = env / "d\x1b[31m"
    folder.mkdir()
    (folder / "y\x1b[31m.json").write_text("{", "utf-8")
    db = str(env / "g.db")
    code, _, err = run(capsys, "--db", db, "results", "import", str(folder))
    assert code == 1 and "y\\x1b[31m.json: not a JSON result file" in err
    missing = str(env / "n\x1b]52;c;SGVsbG8=\x07")
    code, _, err = run(capsys, "--db", db, "results", "import", missing)
    assert code == 2 and "no such file or folder" in err
    assert not RAW.search(err)


@pytest.mark.parametrize("fmt", ["moodle-grades", "canvas-grades", "csv", "md"])
def test_gradebooks_reach_a_terminal_visible_safe_and_a_pipe_exact(
    env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """docs/grading.md: on a terminal a control character is shown as its escape; a pipe or
    an -o file gets the exact text."""
    _exam(env, capsys, monkeypatch, student=HOSTILE)  # the name a gradebook row is keyed by
    db = str(env / "taken.db")
    code, piped, _ = run(capsys, "--db", db, "export", "--format", fmt)
    assert code == 0 and "\x1b" in piped and "\u009b" in piped  # Markdown escapes [ and ]
    terminal = Tty()
    monkeypatch.setattr(sys, "stdout", terminal)
    code, _, _ = run(capsys, "--db", db, "export", "--format", fmt)
    shown = terminal.text()
    assert code == 0 and "\\x1b" in shown and "SGVsbG8=\\x07\\x85\\x9b" in shown
    assert not RAW.search(shown.replace("\r\n", "\n"))


@pytest.mark.parametrize("sheet", ["/dev/null", "FOLDER"])
def test_a_sheet_that_cannot_be_read_is_bad_data(
    env: Path, capsys: pytest.CaptureFixture[str], sheet: str
) -> None:
    """docs/taking.md: the sheet cannot be read → exit 1, in one line; 2 is for usage."""
    path = str(env) if sheet == "FOLDER" else sheet
    code, out, err = run(capsys, "score", str(EBA), "--responses", path)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and f"cannot read {path}" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["schema"], ["bank", "export", "--to", "gift", "questions"]])
def test_output_that_cannot_be_written_is_one_line(argv: list[str]) -> None:
    """`> /dev/full`: a full disk under standard output is said in one line, exit 1, with
    nothing left for the interpreter's last flush to fail on."""
    import subprocess

    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "casequiz", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=Path(__file__).parent.parent,
            timeout=60,
        )
    said = done.stderr.decode("utf-8", "replace").splitlines()
    assert done.returncode == 1
    assert said[-1] == "casequiz: error: cannot write: No space left on device"
    assert not any("Traceback" in line or "Exception ignored" in line for line in said)


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_a_gift_export_to_a_terminal_shows_control_characters_as_text(tmp_path: Path) -> None:
    from test_results_store import _on_a_terminal

    bank = tmp_path / "bank.yaml"
    bank.write_text(
        'casequiz: 1\nid: esc\ntitle: "Clear \\e[2J the screen"\nquestions:\n  - id: q1\n'
        "    type: true_false\n    prompt: Is it cleared?\n    answer: true\n",
        encoding="utf-8",
    )
    shown = _on_a_terminal(tmp_path, "bank", "export", str(bank), "--to", "gift")
    assert "\x1b" not in shown
    assert "Clear " in shown and "[2J the screen (esc)" in shown  # the title, in a comment
