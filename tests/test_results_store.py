"""The grader's view of a store: `results list`, `results remove`, abandoning and resuming, and
reports that survive anything an import accepted and never send a raw control character to
the terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.records import AttemptRecord
from casequiz.store.db import Store
from cli_support import run

ENGINE = Path(__file__).parent / "data" / "engine"
SINGLES = ENGINE / "singles.yaml"
HOSTILE = [
    "\x1b[2J\x1b[Hann",
    "bel\x07l",
    "\x9b31mcsi",
    "\x1b]52;c;aGVsbG8=\x07osc",
    "\x1b]0;t\x1b\\",
]
_banks: list[LoadedBank] = []


pytestmark = pytest.mark.usefixtures("env")


def taken(store: Store, student: str, *, finish: bool = True, seed: int = 1) -> Attempt:
    if not _banks:
        _banks.extend(load_banks([SINGLES]))
    attempt = Attempt.start(
        _banks, Selection(seed=seed, count=3), student=student, mode=Mode.EXAM, log=store
    )
    attempt.answer(attempt.current.choices()[0])
    if finish:
        attempt.finish()
    return attempt


def stored_as(store: Store, record: AttemptRecord) -> None:
    store.import_attempt(record)


def test_list_shows_every_attempt_and_filters(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    with Store(env / "casequiz.db") as store:
        ann = taken(store, "ann")
        taken(store, "bob", finish=False)
    code, out, _ = run(capsys, "results", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == [
        "id",
        "student",
        "bank",
        "started",
        "finished",
        "score",
        "verified",
    ]
    assert [line.split()[1] for line in lines[1:]] == ["ann", "bob"]
    assert lines[2].split()[-3:] == ["-", "-", "yes"]
    code, out, _ = run(capsys, "results", "list", "--student", "ann", "--format", "json")
    (row,) = json.loads(out)
    assert row["uid"] == ann.uid and row["banks"] == ["engine-singles"] and row["verified"]
    code, out, _ = run(capsys, "results", "list", "--bank", "nothing-like-it")
    assert code == 0 and len(out.splitlines()) == 1


def test_remove_asks_unless_yes_and_records_the_removal(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(env / "casequiz.db") as store:
        ann = taken(store, "ann")
    code, _, err = run(capsys, "results", "remove", str(ann.id))  # no terminal to ask at
    assert code == 2 and "--yes" in err
    code, out, err = run(capsys, "results", "remove", str(ann.id), "999", "--yes")
    assert code == 1 and "no attempt 999" in err and "1 attempt removed" in out
    with Store(env / "casequiz.db") as store:
        assert store.attempt(ann.id or 0) is None
        ((uid, student, when),) = store.removals()
    assert (uid, student) == (ann.uid, "ann") and when


def test_resume_passes_over_an_attempt_whose_bank_is_gone(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    with Store(env / "casequiz.db") as store:
        older = taken(store, "ann", finish=False)
        newer = taken(store, "ann", finish=False, seed=2)
        store.conn.execute(
            "UPDATE attempts SET banks = ?, started_at = '2999-01-01' WHERE id = ?",
            (json.dumps([{"id": "gone", "hash": "x", "path": "/no/such/" + "d" * 300}]), newer.id),
        )
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    code, _, err = run(capsys, "resume", "--plain")
    assert code == 0
    assert f"Passing over attempt {newer.id}" in err and f"--abandon {newer.id}" in err
    code, _, err = run(capsys, "resume", "--abandon", str(newer.id))
    assert code == 0 and "Abandoned" in err
    code, _, err = run(capsys, "resume", "--abandon", str(newer.id))
    assert code == 1 and "not an unfinished attempt" in err
    with Store(env / "casequiz.db") as store:
        assert [r.id for r in store.unfinished()] == [older.id]
    code, out, _ = run(capsys, "results", "list")
    assert "abandoned" in out


def test_a_300_character_bank_path_breaks_no_report(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    with Store(env / "casequiz.db") as store:
        attempt = taken(store, "ann")
        record = attempt.to_record()
        record.uid, record.banks[0]["path"] = "other", "/" + "p" * 300 + "/bank.yaml"
        stored_as(store, record)
        record.uid, record.banks[0]["path"] = "nul", "bank\x00.yaml"
        stored_as(store, record)
    for argv in (["stats"], ["export"], ["export", "--by", "question"], ["results", "list"]):
        code, _out, err = run(capsys, *argv)
        assert code == 0, (argv, err)


_RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _on_a_terminal(env: Path, *argv: str) -> str:
    """What `casequiz ARGV` shows on a real terminal (a pseudo-terminal), stdout and stderr."""
    import pty

    main, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "casequiz", *argv],
            stdin=subprocess.DEVNULL,
            stdout=secondary,
            stderr=secondary,
            env={**os.environ, "CASEQUIZ_DB": str(env / "casequiz.db")},
            timeout=60,
        )
        os.close(secondary)
        secondary = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        if secondary >= 0:
            os.close(secondary)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert done.returncode in (0, 1), text
    return re.sub(r"\r+\n", "\n", text)  # the terminal's own line ends, and CSV's CRLF


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_hostile_names_reach_the_terminal_only_as_text(env: Path) -> None:
    with Store(env / "casequiz.db") as store:
        for number, name in enumerate(HOSTILE):
            record = taken(store, name, seed=number).to_record()
            record.uid = f"hostile-{number}"
            record.banks[0]["title"] = name
            record.banks[0]["hash"] = name
            stored_as(store, record)
    bad = env / "in" / "\x1b]52;c;aGk=\x07.json"
    bad.parent.mkdir()
    bad.write_text("{", "utf-8")
    for argv in (
        ["export"],
        ["export", "--format", "md"],
        ["export", "--by", "question"],
        ["stats"],
        ["results", "list"],
        ["results", "import", str(bad), "--bank", str(SINGLES)],
    ):
        shown = _on_a_terminal(env, *argv)
        assert not _RAW.search(shown), (argv, shown)
    assert "\\x1b" in _on_a_terminal(env, "export")


def test_a_file_written_with_o_keeps_the_text_exactly(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    with Store(env / "casequiz.db") as store:
        taken(store, "bel\x07l")
    code, _, _ = run(capsys, "export", "--format", "json", "-o", str(env / "out.json"))
    assert code == 0
    (row,) = json.loads((env / "out.json").read_text("utf-8"))
    assert row["student"] == "bel\x07l"
