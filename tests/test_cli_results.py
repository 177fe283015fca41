"""`casequiz results import`: merging the result files students hand in into a grader's store.

Importing is idempotent, checks that each file was taken on a bank the grader holds, and
refuses what it cannot read one file at a time, in one line each, without stopping the rest.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.cli.main import main
from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.store.db import Store
from cli_support import run

ENGINE = Path(__file__).parent / "data" / "engine"
SINGLES = ENGINE / "singles.yaml"
_banks: list[LoadedBank] = []


pytestmark = pytest.mark.usefixtures("env")


def handed_in(folder: Path, student: str = "ann", seed: int = 1) -> Path:
    """The result file of a finished exam on the singles bank, as a student's machine writes."""
    if not _banks:
        _banks.extend(load_banks([SINGLES]))
    attempt = Attempt.start(_banks, Selection(seed=seed, count=3), student=student, mode=Mode.EXAM)
    attempt.answer(attempt.current.choices()[0])
    attempt.finish()
    return resultfile.write(attempt.to_record(), folder)


def imported(env: Path) -> list:
    with Store(env / "casequiz.db") as store:
        return list(store.attempts(finished=None))


def test_importing_twice_changes_nothing(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    path = handed_in(env / "in")
    code, out, err = run(capsys, "results", "import", str(path), "--bank", str(SINGLES))
    assert (code, err) == (0, "")
    assert out.strip() == "1 attempt imported, 0 already present, 0 refused"
    before = [r.to_json() for r in imported(env)]
    assert len(before) == 1 and before[0]["origin"] == "import"
    code, out, _ = run(capsys, "results", "import", str(path), "--bank", str(SINGLES))
    assert code == 0
    assert out.strip() == "0 attempts imported, 1 already present, 0 refused"
    assert [r.to_json() for r in imported(env)] == before


def test_a_folder_imports_every_result_file_in_it(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    for student in ("ann", "bob", "cy"):
        handed_in(env / "in", student)
    code, out, _ = run(capsys, "results", "import", str(env / "in"), "--bank", str(ENGINE))
    assert code == 0 and out.startswith("3 attempts imported")
    assert sorted(r.student for r in imported(env)) == ["ann", "bob", "cy"]


def test_a_file_taken_on_another_bank_is_refused_unless_forced(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = handed_in(env / "in")
    code, out, err = run(
        capsys, "results", "import", str(path), "--bank", str(ENGINE / "mixed.yaml")
    )
    assert code == 1
    assert "0 attempts imported, 0 already present, 1 refused" in out
    assert err.count("\n") == 1 and "engine-singles" in err and "--force" in err
    assert imported(env) == []
    code, out, _ = run(
        capsys, "results", "import", str(path), "--bank", str(ENGINE / "mixed.yaml"), "--force"
    )
    assert code == 0 and out.startswith("1 attempt imported")


def test_a_file_taken_on_an_edited_bank_is_refused(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    """Same bank id, other content: the hash tells them apart."""
    path = handed_in(env / "in")
    edited = env / "edited" / "singles.yaml"
    edited.parent.mkdir()
    edited.write_text(SINGLES.read_text("utf-8").replace("Siem Reap", "Kampot"), "utf-8")
    (edited.parent / "report.txt").write_bytes((ENGINE / "report.txt").read_bytes())
    code, _, err = run(capsys, "results", "import", str(path), "--bank", str(edited))
    assert code == 1 and "not loaded" in err


def test_malformed_files_are_refused_one_line_each_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    good = handed_in(env / "in")
    broken = env / "in" / "broken.json"
    broken.write_text("{not json", "utf-8")
    other = env / "in" / "other.json"
    other.write_text(json.dumps({"kind": "something"}), "utf-8")
    half = env / "in" / "half.json"
    document = json.loads(good.read_text("utf-8"))
    document["attempt"]["answers"][0]["slot"] = 42
    document["attempt"]["uid"] = "another"
    half.write_text(json.dumps(document), "utf-8")
    code, out, err = run(capsys, "results", "import", str(env / "in"), "--bank", str(SINGLES))
    assert code == 1
    assert out.strip() == "1 attempt imported, 0 already present, 3 refused"
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("error: ") for line in lines)
    assert {"broken.json", "other.json", "half.json"} == {
        name
        for line in lines
        for name in ("broken.json", "other.json", "half.json")
        if name in line
    }
    assert len(imported(env)) == 1


def test_an_unfinished_attempt_is_refused(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    path = handed_in(env / "in")
    document = json.loads(path.read_text("utf-8"))
    document["attempt"]["finished_at"] = None
    path.write_text(json.dumps(document), "utf-8")
    code, _, err = run(capsys, "results", "import", str(path), "--bank", str(SINGLES))
    assert code == 1 and "finished" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["results"], "results needs an action"),
        (["results", "import"], "required"),
        (["results", "import", "no-such-file.json"], "no such file or folder"),
        (["results", "import", "x.json", "--bank", "no-such-bank.yaml"], "no such file"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str, env: Path
) -> None:
    (env / "x.json").write_text("{}", "utf-8")
    code, _, err = run(capsys, *[str(env / a) if a == "x.json" else a for a in args])
    assert code == 2 and message in err


def test_an_unusable_store_is_one_line(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    path = handed_in(env / "in")
    bad = env / "bad.db"
    bad.write_bytes(b"not sqlite" * 100)
    code, _, err = run(
        capsys, "--db", str(bad), "results", "import", str(path), "--bank", str(SINGLES)
    )
    assert code == 2 and err.count("\n") == 1 and "not a casequiz results store" in err


def test_the_student_and_grader_stores_agree(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exam taken with the real command, handed in and imported, arrives answer for answer."""
    import io

    student_db = env / "student.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n2\n3\n"))
    assert (
        main(
            [
                "--db",
                str(student_db),
                "exam",
                str(SINGLES),
                "--count",
                "3",
                "--student",
                "ann",
                "--plain",
            ]
        )
        == 0
    )
    capsys.readouterr()
    (path,) = (env / "results").glob("*.json")
    code, _, _ = run(capsys, "results", "import", str(path), "--bank", str(SINGLES))
    assert code == 0
    with Store(student_db) as store:
        (taken,) = store.attempts()
    (arrived,) = imported(env)
    assert arrived.uid == taken.uid and arrived.score == taken.score
    assert [a.response for a in arrived.answers] == [a.response for a in taken.answers]


def test_a_folder_without_result_files_is_said_and_opens_no_store(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    """The wrong folder given: one line and exit 1, as `validate` of a folder without banks."""
    (env / "empty").mkdir()
    (env / "empty" / "notes.txt").write_text("not a result file", encoding="utf-8")
    code, out, err = run(capsys, "results", "import", str(env / "empty"))
    assert (code, out) == (1, "")
    assert err == "no result files (*.json) found: nothing imported\n"
    assert not (env / "casequiz.db").exists()


def test_db_may_follow_the_action_as_it_may_follow_the_command(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    """`results import|list|remove ... --db X` use X, as `casequiz results --db X ...` does."""
    path = handed_in(env / "in")
    elsewhere = str(env / "elsewhere.db")
    code, out, err = run(
        capsys, "results", "import", str(path), "--bank", str(SINGLES), "--db", elsewhere
    )
    assert (code, out.strip()) == (0, "1 attempt imported, 0 already present, 0 refused"), err
    code, out, _ = run(capsys, "results", "list", "--db", elsewhere)
    assert code == 0 and "ann" in out
    code, _, err = run(capsys, "results", "remove", "--yes", "1", "--db", elsewhere)
    assert code == 0, err
    with Store(elsewhere) as store:
        assert list(store.attempts(finished=None)) == []
        assert len(store.removals()) == 1
