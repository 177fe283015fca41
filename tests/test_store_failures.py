"""A store that cannot be used says what is wrong with it, in one line, wherever it is met.

A folder given as `--db`, a read-only file system, a full disk: each gets its own words, at the
start of a quiz, in `score --record`, in `results import`. The file-system cases mount a real
read-only or tiny file system, so they run only where mounting is allowed (as root on Linux).
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cli_support
from casequiz.store.db import Store, StoreError

ENGINE = Path(__file__).parent / "data" / "engine"
SINGLES = str(ENGINE / "singles.yaml")
VALID = str(Path(__file__).parent / "data" / "valid" / "all-types.yaml")


pytestmark = pytest.mark.usefixtures("env")


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, typed: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    return cli_support.run(capsys, *args)


def test_a_folder_is_not_called_a_foreign_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder: give --db the path of a store file"):
        Store(tmp_path)


def test_a_small_file_of_another_kind_is_left_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"x")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(notes)
    assert notes.read_bytes() == b"x"


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    with Store(empty) as store:
        assert store.students() == []


def test_a_deadline_past_the_calendar_stored_earlier_still_resumes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, _, _ = run(
        monkeypatch, capsys, "exam", SINGLES, "--plain", "--student", "ann", "--time-limit", "1h"
    )
    assert code == 0
    db = sqlite3.connect(env / "casequiz.db")
    with db:  # as a casequiz that did not bound time limits stored it
        db.execute("UPDATE attempts SET time_limit = 3.6e11")
    db.close()
    code, _out, err = run(monkeypatch, capsys, "resume", "--plain", "--student", "ann", typed="q\n")
    assert code == 0, err


def test_a_time_limit_too_long_is_refused_before_anything_is_saved(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, _, err = run(
        monkeypatch,
        capsys,
        "exam",
        SINGLES,
        "--plain",
        "--student",
        "ann",
        "--time-limit",
        "99999999h",
    )
    assert code == 2 and "longer than the longest time limit, 7 days" in err
    assert not (env / "casequiz.db").exists()


def test_db_is_taken_after_the_command_as_well(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    code, _, _ = run(monkeypatch, capsys, "practice", SINGLES, "--plain", "--db", str(other))
    assert code == 0 and other.exists()
    code, _, _ = run(monkeypatch, capsys, "export", "--db", str(other))
    assert code == 0
    code, _, _ = run(monkeypatch, capsys, "--db", str(other), "export")
    assert code == 0


def test_a_store_in_memory_offers_no_resume(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "--db", ":memory:", "practice", SINGLES, "--plain")
    assert code == 0
    assert "casequiz resume" not in out and "cannot be resumed" in out


def test_resume_and_study_stats_create_no_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    typo = tmp_path / "typo.db"
    code, _, err = run(monkeypatch, capsys, "resume", "--plain", "--db", str(typo))
    assert code == 1 and "no results store at" in err
    code, _out, err = run(monkeypatch, capsys, "study", VALID, "--stats", "--db", str(typo))
    assert code == 0 and "every question is new" in err
    assert not typo.exists()


def test_a_named_seed_draws_the_same_quiz(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outs = []
    for _ in range(2):
        code, out, _ = run(
            monkeypatch, capsys, "--db", ":memory:", "practice", MIXED_BANK, "--plain",
            "--seed", "midterm", typed="q\n",
        )  # fmt: skip
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1]


MIXED_BANK = str(ENGINE / "mixed.yaml")


# -- real file systems ------------------------------------------------------------------------


def _mount(target: Path, options: str) -> bool:
    if sys.platform != "linux" or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Path]:
    """A file system of 256 KB holding a store, or a skip where tests may not mount one."""
    target = tmp_path / "disk"
    target.mkdir()
    if not _mount(target, "size=256k"):
        pytest.skip("mounting a file system needs root on Linux")
    code, _, _ = run(
        monkeypatch, capsys, "--db", str(target / "casequiz.db"), "practice", SINGLES, "--plain"
    )
    assert code == 0
    yield target
    subprocess.run(["umount", "-l", str(target)], check=False)


def test_a_full_disk_is_named_at_the_start_of_a_quiz(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_disk / "casequiz.db"
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\1" * 4096):
            pass
    except OSError:
        pass  # the disk is full
    finally:
        os.close(fd)
    code, _, err = run(
        monkeypatch, capsys, "--db", str(db), "practice", SINGLES, "--plain", typed="q\n"
    )
    assert code in (1, 2) and err.count("\n") == 1
    assert "disk" in err and "not a casequiz results store" not in err


def test_a_read_only_store_is_named_in_score_record_and_at_the_start_of_a_quiz(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_disk / "casequiz.db"
    remounted = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, check=False
    )
    if remounted.returncode != 0:
        pytest.skip("cannot remount read-only here")
    sheet = small_disk.parent / "sheet.yaml"
    sheet.write_text("capital: Phnom Penh\n", encoding="utf-8")
    for args in (
        ["practice", SINGLES, "--plain"],
        ["score", VALID, "--responses", str(sheet), "--student", "ann", "--record"],
    ):
        code, _, err = run(monkeypatch, capsys, "--db", str(db), *args, typed="q\n")
        assert code in (1, 2) and err.count("\n") == 1, err
        assert "read-only file system" in err, err
        assert "not a casequiz results store" not in err


def test_a_store_that_fails_to_write_is_one_line_in_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    """A write refused by the store itself (here by a trigger, as a full disk would refuse it)
    at the start of practice and exam, in `score --record`, and answering in study."""
    with Store(env / "casequiz.db") as store:
        for table in ("attempts", "study_reviews"):
            store.conn.execute(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the write was refused'); END"
            )
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text("capital: Phnom Penh\n", encoding="utf-8")
    for args in (
        ["practice", SINGLES, "--plain"],
        ["exam", SINGLES, "--plain", "--student", "ann"],
        ["score", VALID, "--responses", str(sheet), "--student", "ann", "--record"],
        ["study", VALID, "--plain", "--student", "ann"],  # answered and rated, then saved
    ):
        code, _, err = run(monkeypatch, capsys, *args, typed="1\n\nq\n")
        assert code == 1 and err.count("\n") == 1, err
        assert "the results store failed: the write was refused" in err
