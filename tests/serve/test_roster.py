"""Rosters, access codes and the sitting: read from files, kept across restarts, checked whole."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from casequiz.serve.roster import RosterError, codes_path, load_codes, normalise, read_roster
from casequiz.serve.sitting import Settings, attempt_for, attempts_of
from casequiz.store.db import Store
from cli_support import run

BANK = Path(__file__).parent / "data" / "three.yaml"


def test_a_csv_roster_with_ids_and_a_yaml_one(tmp_path: Path) -> None:
    csv = tmp_path / "class.csv"
    csv.write_text("Name,ID\nAda  Lovelace,s1\n,\nAlan Turing,\n", "utf-8")
    assert [(s.name, s.id) for s in read_roster(csv)] == [
        ("Ada Lovelace", "s1"),
        ("Alan Turing", ""),
    ]
    yaml = tmp_path / "class.yaml"
    yaml.write_text("- {name: Ada Lovelace, id: 17}\n- Alan Turing\n", "utf-8")
    assert [(s.name, s.id) for s in read_roster(yaml)] == [
        ("Ada Lovelace", "17"),
        ("Alan Turing", ""),
    ]


def test_a_csv_roster_whose_rows_end_in_cr_alone(tmp_path: Path) -> None:
    """Excel for the Mac saves CSV with CR line ends: the rows are read, not refused."""
    roster = tmp_path / "class.csv"
    roster.write_bytes(b"name,id\rAda Lovelace,s1\r\r\nAlan Turing,s2\r")
    assert [(s.name, s.id) for s in read_roster(roster)] == [
        ("Ada Lovelace", "s1"),
        ("Alan Turing", "s2"),
    ]


@pytest.mark.parametrize(
    ("text", "suffix", "problem"),
    [
        ("id\ns1\n", ".csv", ":1: a CSV roster needs a `name` column"),
        ("name\nAda\nada\n", ".csv", ":3: 'ada' is on the roster twice"),
        ("name,id\n,s9\n", ".csv", ":2: a student without a name"),
        ("name\nA\x1bB\n", ".csv", "holds a control character"),
        ("name\n", ".csv", "the roster names no students"),
        pytest.param(
            "x" * 200_000 + ",name\nAda,1\n",
            ".csv",
            ":1: field larger than field limit",
            id="header-over-the-field-limit",
        ),
        ("students: 3\n", ".yaml", "a YAML roster is a list"),
        ("- [a\n", ".yaml", "not YAML"),
        ("name\nA\x9b2Jb\n", ".csv", "holds a control character"),
        ('- {name: "A\\u202eB"}\n', ".yaml", "holds a control character"),
        pytest.param("[" * 5_000, ".yaml", "nested too deeply", id="yaml-nested-too-deeply"),
        pytest.param(
            "- {name: Ada, id: " + "9" * 5_000 + "}\n",
            ".yaml",
            "integer string conversion",
            id="yaml-int-of-5000-digits",
        ),
    ],
)
def test_a_bad_roster_is_one_line(tmp_path: Path, text: str, suffix: str, problem: str) -> None:
    roster = tmp_path / f"class{suffix}"
    roster.write_text(text, "utf-8")
    with pytest.raises(RosterError) as refused:
        read_roster(roster)
    assert problem in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_roster_that_is_no_regular_file_is_refused_without_waiting(tmp_path: Path) -> None:
    """A FIFO given as the roster was opened and read, which waits for a writer for ever; a
    link to /dev/zero was read to the size limit. Both are refused before a byte is read."""
    fifo = tmp_path / "class.csv"
    os.mkfifo(fifo)
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    outcome: list[str] = []

    def read_both() -> None:
        for roster in (fifo, tmp_path / "zero.csv"):
            with pytest.raises(RosterError) as refused:
                read_roster(roster)
            outcome.append(str(refused.value))

    reader = threading.Thread(target=read_both, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():
        with open(fifo, "wb"):  # let the stuck reader go before failing
            pass
        pytest.fail("reading a FIFO roster waited for a writer")
    assert len(outcome) == 2
    assert all("not a regular file); not a roster" in problem for problem in outcome)


def test_codes_are_kept_private_and_survive_a_restart(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name\nAda\nAlan\n", "utf-8")
    first = load_codes(roster)
    kept = codes_path(roster)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    again = load_codes(roster)
    assert again == first
    roster.write_text("name\nAda\nAlan\nGrace\n", "utf-8")
    grown = load_codes(roster)
    assert grown.sitting == first.sitting and grown.seats[:2] == first.seats
    assert len({seat.code for seat in grown.seats}) == 3
    renewed = load_codes(roster, renew=True)
    assert renewed.sitting != first.sitting
    assert not {s.code for s in renewed.seats} & {s.code for s in grown.seats}
    assert json.loads(kept.read_text("utf-8"))["sitting"] == renewed.sitting


def test_a_code_is_read_as_typed_and_only_a_whole_code_matches(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name\nAda\nAlan\n", "utf-8")
    codes = load_codes(roster)
    code = codes.seats[1].code
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert normalise(typed) == code
    assert codes.check(typed) == codes.seats[1]
    assert codes.check(code[:-1]) is None
    assert codes.check(code + "A") is None
    assert codes.check("") is None


def test_the_cli_prints_the_codes_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("name,id\nAda,s1\n", "utf-8")
    code, out, _ = run(capsys, "roster", "codes", str(roster))
    assert code == 0 and "Ada" in out and "s1" in out
    assert run(capsys, "serve", "--roster", str(roster), "--print-codes") == (0, out, "")
    code, _, err = run(capsys, "roster", "codes", str(tmp_path / "missing.csv"))
    assert code == 1 and "cannot read" in err


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ([], "--roster is required"),
        (["--roster", "r.csv", "--port", "0"], "--port must be"),
        (["--roster", "r.csv", "--max-sessions", "0"], "--max-sessions must be"),
        (["--roster", "r.csv", "--public-url", "ftp://x"], "--public-url must start"),
    ],
)
def test_serve_refuses_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], problem: str
) -> None:
    code, _, err = run(capsys, "serve", *args)
    assert code == 2 and problem in err


def test_one_exam_attempt_per_student_resumed_with_its_clock(tmp_path: Path) -> None:
    from casequiz.bank.load import load_banks

    banks = load_banks([BANK])
    settings = Settings(banks=[str(BANK)], store="", sitting="s1", time_limit=600)
    with Store(tmp_path / "casequiz.db") as store:
        first = attempt_for(store, settings, "Ada", banks)
        first.answer(first.current.question.answer)  # type: ignore[attr-defined]
        again = attempt_for(store, settings, "Ada", banks)
        assert (again.uid, len(again.answers), again.time_limit) == (first.uid, 1, 600)
        assert abs((again.started_at - first.started_at).total_seconds()) < 0.001  # its clock
        again.finish()
        done = attempt_for(store, settings, "Ada", banks)
        assert done.uid == first.uid and done.finished
        other = attempt_for(store, Settings(banks=[], store="", sitting="s2"), "Ada", banks)
        assert other.uid != first.uid
        practice = Settings(banks=[], store="", sitting="s3", mode="practice")
        one = attempt_for(store, practice, "Ada", banks)
        one.finish()
        assert attempt_for(store, practice, "Ada", banks).uid != one.uid
        assert [a.uid for a in attempts_of(store, settings, "Ada")] == [first.uid]
