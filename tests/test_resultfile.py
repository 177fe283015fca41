"""Result files: what a student hands in, read back exactly, and anything else refused in one line.

A grader imports files from many machines; a damaged or hand-edited file must be refused with
a `ResultFileError` that names it, never crash the import or slip half-valid data into a store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz import __version__
from casequiz.bank.load import LoadedBank, load_banks
from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.resultfile import ResultFileError
from casequiz.quiz.scoring import expected_response
from casequiz.records import AttemptRecord
from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
_banks: list[LoadedBank] = []


pytestmark = pytest.mark.usefixtures("env")


def finished(student: str = "ann") -> AttemptRecord:
    """A finished exam on the mixed bank, half of it answered right."""
    if not _banks:
        _banks.extend(load_banks([ENGINE / "mixed.yaml"]))
    attempt = Attempt.start(_banks, Selection(seed=3), student=student, mode=Mode.EXAM)
    for index in range(0, len(attempt.slots), 2):
        attempt.go(index)
        attempt.answer(expected_response(attempt.current.question))
    attempt.finish()
    return attempt.to_record()


def test_a_result_file_reads_back_as_written(env: Path) -> None:
    record = finished()
    path = resultfile.write(record)
    assert path.parent == env / "results"
    assert path.name.startswith("ann-engine-mixed-") and path.suffix == ".json"
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"
    document = json.loads(path.read_text("utf-8"))
    assert (document["kind"], document["format"]) == ("casequiz-result", 1)
    assert document["attempt"]["version"] == __version__
    assert document["attempt"]["banks"][0]["hash"] == _banks[0].digest
    back = resultfile.read(path)
    assert back.to_json() == json.loads(json.dumps(record.to_json()))  # tuples become lists


def test_a_students_name_cannot_steer_the_file_elsewhere(tmp_path: Path) -> None:
    path = resultfile.write(finished("../../etc/passwd"), tmp_path / "out")
    assert path.parent == tmp_path / "out"
    assert path.name.startswith("etc-passwd-")


def test_fields_from_a_later_casequiz_are_ignored(tmp_path: Path) -> None:
    path = resultfile.write(finished(), tmp_path)
    document = json.loads(path.read_text("utf-8"))
    document["attempt"]["new_field"] = 1
    document["attempt"]["answers"][0]["confidence"] = "high"
    path.write_text(json.dumps(document), "utf-8")
    assert resultfile.read(path).uid == document["attempt"]["uid"]


def _document() -> dict[str, Any]:
    return {"kind": "casequiz-result", "format": 1, "attempt": finished().to_json()}


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("kind", "something-else"), "not a casequiz result file"),
        (_set("format", 2), "format 2 is not supported"),
        (_set("attempt", KeyError), "holds no attempt"),
        (_set("attempt", [1, 2]), "holds no attempt"),
        (_set("attempt.uid", KeyError), "`uid`"),
        (_set("attempt.student", ""), "`student`"),
        (_set("attempt.mode", "party"), "`mode`"),
        (_set("attempt.finished_at", None), "finished"),
        (_set("attempt.started_at", "yesterday"), "`started_at`"),
        (_set("attempt.score", "NaN"), "`score`"),
        (_set("attempt.max_score", float("inf")), "Infinity is not a number"),
        (_set("attempt.max_score", 2**63), "`max_score`"),
        (_set("attempt.seed", -(2**70)), "`seed`"),
        (_set("attempt.banks", ["engine-mixed"]), "`banks`"),
        (_set("attempt.banks", []), "`banks`"),
        (_set("attempt.banks.0.hash", KeyError), "`banks`"),
        (_set("attempt.plan", {"a": 1}), "`plan`"),
        (_set("attempt.plan.0", "capital"), "`plan`"),
        (_set("attempt.answers", "none"), "`answers`"),
        (_set("attempt.answers.0", 5), "mapping"),
        (_set("attempt.answers.0.slot", 99), "slot 99"),
        (_set("attempt.answers.0.slot", True), "slot True"),
        (_set("attempt.answers.1.slot", 0), "answered twice"),
        (_set("attempt.answers.0.score", -7.0), "negative"),
        (_set("attempt.answers.0.score", None), "numeric"),
        (_set("attempt.answers.0.answered_at", 3), "`answered_at`"),
        (_set("attempt.answers.0.verdict", "right"), "`verdict`"),
        (_set("attempt.answers.0.question_id", KeyError), "`question_id`"),
        (_set("attempt.answers.0.response", KeyError), "incomplete"),
    ],
)
def test_a_malformed_attempt_is_refused_in_one_line(
    tmp_path: Path, change: Any, message: str
) -> None:
    document = _document()
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(ResultFileError) as error:
        resultfile.read(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "not a JSON result file"),
        (b"\xff\xfe\x00", "not a JSON result file"),
        (b"[1, 2]", "not a casequiz result file"),
        (b"null", "not a casequiz result file"),
        (b"[" * 100_000 + b"]" * 100_000, "result file"),
    ],
)
def test_a_file_that_is_not_a_result_file_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ResultFileError, match=message):
        resultfile.read(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ResultFileError, match="cannot read"):
        resultfile.read(tmp_path / "nothing.json")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damage_is_refused_or_imported_never_a_crash(
    tmp_path: Path, data: st.DataObject
) -> None:
    """Replace or delete any field of a valid file: `read` either refuses it with a
    `ResultFileError` or returns a record the store imports."""
    document = _document()
    attempt = document["attempt"]
    key = data.draw(st.sampled_from(sorted(attempt)), label="field")
    target, name = attempt, key
    if key == "answers" and attempt["answers"] and data.draw(st.booleans(), label="inside"):
        target = attempt["answers"][0]
        name = data.draw(st.sampled_from(sorted(target)), label="answer field")
    if data.draw(st.booleans(), label="delete"):
        del target[name]
    else:
        target[name] = data.draw(_json, label="value")
    path = tmp_path / "fuzzed.json"
    path.write_text(json.dumps(document), "utf-8")
    try:
        record = resultfile.read(path)
    except ResultFileError as error:
        assert "\n" not in str(error)
        return
    with Store(tmp_path / "fuzz.db") as store:
        store.import_attempt(record)
        assert store.attempt_by_uid(record.uid) is not None
