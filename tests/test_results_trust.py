"""A grade a grader can trust: `results import` re-scores every file against the bank, knows
a copy under a new uid, refuses a forged uid, and reads only regular files of bounded size."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.rescore import Rescorer
from casequiz.store.db import Store
from cli_support import run

ENGINE = Path(__file__).parent / "data" / "engine"
SINGLES = ENGINE / "singles.yaml"
_banks: list[LoadedBank] = []


def banks() -> list[LoadedBank]:
    if not _banks:
        _banks.extend(load_banks([SINGLES]))
    return _banks


pytestmark = pytest.mark.usefixtures("env")


def genuine(student: str = "ann", seed: int = 1, count: int = 4) -> Attempt:
    """A finished exam on the singles bank: the first option chosen each time."""
    attempt = Attempt.start(
        banks(), Selection(seed=seed, count=count), student=student, mode=Mode.EXAM
    )
    for index in range(count):
        attempt.go(index)
        attempt.answer(attempt.current.choices()[index % 3])
    attempt.finish()
    return attempt


def handed_in(folder: Path, student: str = "ann", seed: int = 1) -> Path:
    return resultfile.write(genuine(student, seed).to_record(), folder)


def edit(path: Path, change: Any, name: str | None = None) -> Path:
    document = json.loads(path.read_text("utf-8"))
    change(document["attempt"])
    target = path.with_name(name) if name else path
    target.write_text(json.dumps(document), "utf-8")
    return target


def stored(env: Path) -> list[Any]:
    with Store(env / "casequiz.db") as store:
        return list(store.attempts(finished=None))


def importing(capsys: pytest.CaptureFixture[str], *files: Path, extra: tuple[str, ...] = ()):
    return run(capsys, "results", "import", *map(str, files), "--bank", str(SINGLES), *extra)


def full_marks(attempt: dict[str, Any]) -> None:
    for answer in attempt["answers"]:
        answer["score"] = answer["max_score"]
        answer["status"] = "correct"
    attempt["score"] = attempt["max_score"]


# -- re-scoring ----------------------------------------------------------------------------------


def test_edited_scores_are_re_scored_and_reported(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = handed_in(env / "in")
    truth = json.loads(path.read_text("utf-8"))["attempt"]["score"]
    forged = edit(path, full_marks, "s07.json")
    path.unlink()
    code, out, err = importing(capsys, forged)
    assert code == 0
    assert (
        f"{forged}: scores in the file disagree with the bank (file 4/4, re-scored "
        f"{truth:g}/4); recorded as re-scored"
    ) in err
    assert "1 re-scored" in out
    (record,) = stored(env)
    assert record.score == truth and record.max_score == 4
    assert [a.status for a in record.answers].count("correct") == truth


def test_strict_refuses_a_file_whose_scores_disagree(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    forged = edit(handed_in(env / "in"), full_marks)
    code, out, err = importing(capsys, forged, extra=("--strict",))
    assert code == 1 and "refused (--strict)" in err and "1 refused" in out
    assert stored(env) == []


def test_a_genuine_file_imports_without_a_word(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, out, err = importing(capsys, handed_in(env / "in"), extra=("--strict",))
    assert (code, err) == (0, "")
    assert out.strip() == "1 attempt imported, 0 already present, 0 refused"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a["plan"].__setitem__(0, {**a["plan"][0], "question": "nope"}), "'nope'"),
        (lambda a: a["answers"][0].__setitem__("question_id", "grants2"), "not the question"),
        (lambda a: a["plan"][0].__setitem__("bank", "other"), "does not list"),
        (lambda a: a.__setitem__("finished_at", "2999-01-01T00:00:00+00:00"), "future"),
        (lambda a: a.__setitem__("finished_at", "2000-01-01T00:00:00+00:00"), "before it started"),
        (
            lambda a: a["answers"][0].__setitem__("answered_at", "2000-01-01T00:00:00+00:00"),
            "outside the attempt's time",
        ),
        (lambda a: a["answers"][0].__setitem__("seconds", -3), "`seconds`"),
        (lambda a: a.__setitem__("time_limit", -60), "`time_limit`"),
        (lambda a: a.__setitem__("score", -1), "`score`"),
        (lambda a: a["answers"][0].__setitem__("response", {"a": 1}), "cannot be read"),
    ],
)
def test_what_no_real_attempt_holds_is_refused_with_a_reason(
    capsys: pytest.CaptureFixture[str], env: Path, change: Any, message: str
) -> None:
    code, out, err = importing(capsys, edit(handed_in(env / "in"), change))
    assert code == 1 and "1 refused" in out
    assert err.count("\n") == 1 and message in err
    assert stored(env) == []


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1" * 5000])
def test_non_finite_and_huge_numbers_are_refused_and_the_batch_goes_on(
    capsys: pytest.CaptureFixture[str], env: Path, text: str
) -> None:
    folder = env / "in"
    bad = handed_in(folder, "aaa")
    raw = bad.read_text("utf-8")
    document = json.loads(raw)
    score = json.dumps(document["attempt"]["score"])
    bad.write_text(raw.replace(f'"score": {score}', f'"score": {text}', 1), "utf-8")
    handed_in(folder, "zed", seed=2)
    code, out, err = run(capsys, "results", "import", str(folder), "--bank", str(SINGLES))
    assert code == 1
    assert out.strip() == "1 attempt imported, 0 already present, 1 refused"
    assert err.count("\n") == 1 and bad.name in err
    assert [r.student for r in stored(env)] == ["zed"]


def test_forced_without_the_bank_is_recorded_unverified_and_marked(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = edit(handed_in(env / "in"), full_marks)
    code, out, err = run(
        capsys, "results", "import", str(path), "--bank", str(ENGINE / "mixed.yaml"), "--force"
    )
    assert code == 0 and "1 unverified" in out and "unverified" in err
    (record,) = stored(env)
    assert record.score == record.max_score  # the file's own numbers: nothing to check them on
    code, out, _ = run(capsys, "export")
    header, row = out.splitlines()[:2]
    assert header.split(",")[11] == "verified" and row.split(",")[11] == "no"
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "UNVERIFIED: 1 of these attempts" in out
    code, out, _ = run(capsys, "results", "list")
    assert code == 0 and out.splitlines()[1].split()[-1] == "NO"


# -- duplicates ----------------------------------------------------------------------------------


def test_a_copy_under_a_new_uid_is_the_same_attempt(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = handed_in(env / "in")
    copy = edit(path, lambda a: a.__setitem__("uid", "f" * 32), "copy.json")
    code, out, _ = importing(capsys, path, copy)
    assert code == 0 and out.strip() == "1 attempt imported, 1 already present, 0 refused"
    assert len(stored(env)) == 1


def test_a_forged_uid_collision_is_refused_naming_both_files(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    real = handed_in(env / "in", "ann")
    uid = json.loads(real.read_text("utf-8"))["attempt"]["uid"]
    forged = handed_in(env / "other", "mallory", seed=3)
    forged = edit(forged, lambda a: a.__setitem__("uid", uid), "forged.json")
    code, out, err = importing(capsys, forged, real)
    assert code == 1 and out.strip() == "1 attempt imported, 0 already present, 1 refused"
    assert str(real) in err and str(forged) in err and uid in err
    assert [r.student for r in stored(env)] == ["mallory"]  # and the grader sees why


def test_re_import_recognises_files_by_their_bytes(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = handed_in(env / "in")
    importing(capsys, path)
    # The bank is no longer needed to know the file: these bytes were imported already.
    code, out, _ = run(capsys, "results", "import", str(path), "--bank", str(ENGINE / "mixed.yaml"))
    assert code == 0 and "1 already present" in out


_numbers = st.one_of(st.integers(min_value=0, max_value=10**6), st.floats(0, 1e6, allow_nan=False))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_edit_of_the_numbers_imports_the_re_scored_score(
    tmp_path: Path, data: st.DataObject
) -> None:
    """Whatever numbers a student writes into a genuine file, the stored score is what the
    responses earn on the bank; the file, its copy under another uid, and itself again make
    one attempt; a different attempt under its uid is refused."""
    attempt = genuine(seed=data.draw(st.integers(0, 5), label="seed"))
    record = attempt.to_record()
    truth = Rescorer(banks()).rescore(attempt.to_record()).record.score
    document = {"kind": resultfile.KIND, "format": resultfile.FORMAT, "attempt": record.to_json()}
    edited = document["attempt"]
    for answer in edited["answers"]:
        if data.draw(st.booleans(), label="edit answer"):
            answer["max_score"] = data.draw(_numbers, label="max")
            answer["score"] = data.draw(_numbers, label="score") % (answer["max_score"] + 1)
            answer["status"] = data.draw(st.sampled_from(["correct", "partial", "wrong"]))
    edited["score"] = data.draw(_numbers, label="total")
    edited["max_score"] = data.draw(_numbers, label="max total")
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    first = folder / "a.json"
    first.write_text(json.dumps(document), "utf-8")
    edited["uid"] = "0" * 32
    (folder / "b.json").write_text(json.dumps(document), "utf-8")
    with Store(folder / "casequiz.db") as store:
        from casequiz.cli.results import Batch

        batch = Batch([SINGLES], force=False, strict=False)
        for path in (first, folder / "b.json", first):
            batch.import_file(path, store)
        forged = genuine("mallory", seed=9).to_record().to_json()
        forged["uid"] = record.uid
        (folder / "c.json").write_text(json.dumps({**document, "attempt": forged}), "utf-8")
        batch.import_file(folder / "c.json", store)
        held = list(store.attempts())
    assert batch.counts["imported"] == 1 and batch.counts["present"] == 2
    assert batch.counts["refused"] == 1
    (only,) = held
    assert only.score == truth and only.max_score == 4
    assert sum(a.score for a in only.answers) == truth


# -- reading only what a result file can be -------------------------------------------------


def test_a_fifo_a_device_and_a_huge_file_are_refused_at_once(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    folder = env / "in"
    handed_in(folder, "zed")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.json")
    if Path("/dev/zero").exists():
        (folder / "zero.json").symlink_to("/dev/zero")
    huge = folder / "huge.json"
    with huge.open("wb") as out:
        out.truncate(resultfile.MAX_BYTES + 1)  # sparse: large, yet nothing written
    code, out, err = run(capsys, "results", "import", str(folder), "--bank", str(SINGLES))
    refused = 1 + hasattr(os, "mkfifo") + Path("/dev/zero").exists()
    assert code == 1
    assert out.strip() == f"1 attempt imported, 0 already present, {refused} refused"
    assert err.count("\n") == refused
    assert "too large" in err and "huge.json" in err
    if hasattr(os, "mkfifo"):
        assert "pipe.json: not a regular file" in err


# -- writing result files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("student", "start"),
    [
        ("x" * 300, "x" * 60 + "-"),
        ("Sokha Chăn", "sokha-chăn-"),
        ("សុខា", "សុខា-"),
        ("...", "student-"),
    ],
)
def test_result_file_names_are_bounded_and_keep_letters(
    tmp_path: Path, student: str, start: str
) -> None:
    path = resultfile.write(genuine(student).to_record(), tmp_path)
    assert path.name.startswith(start) and len(path.name.encode("utf-8")) < 200
    assert resultfile.read(path).student == student


def test_a_result_file_that_cannot_be_written_exits_1_and_keeps_the_attempt(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    (env / "results").write_text("a file where the folder should be", "utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n2\n3\n"))
    code, out, _ = run(capsys, "exam", str(SINGLES), "--count", "3", "--student", "ann", "--plain")
    assert code == 1 and "could not be written" in out
    (record,) = stored(env)
    assert record.finished


def test_the_schema_keeps_plain_sql(env: Path) -> None:
    """Every new table and column is ordinary SQL another database can hold."""
    with Store(env / "casequiz.db") as store:
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(attempts)")}
    assert {"verified", "content_digest", "abandoned_at"} <= columns
    assert sqlite3.sqlite_version
