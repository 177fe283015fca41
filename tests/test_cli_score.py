"""`casequiz score BANK --responses FILE`: grading a sheet of answers collected on paper or a form.

The JSON output is a contract for scripts; every question of the bank gets a line; a typo in a
sheet (an unknown id, an unreadable response) is reported where it is and exits 1, never a
crash; `--record` stores the sheet as a finished attempt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from casequiz.store.db import Store
from cli_support import run

ENGINE = Path(__file__).parent / "data" / "engine"
MIXED = str(ENGINE / "mixed.yaml")

RIGHT = """\
capital: Phnom Penh
goods: [garments, footwear, bicycles]
withdrawn: yes
exports: $5.8bn
share: 45%
acronym: Everything but Arms
sequence: [review opened, report published, partial withdrawal]
roles: {EU: grants the preferences, Cambodia: exports the garments}
founded: 2001
two-steps: [review opened, partial withdrawal]
"""


pytestmark = pytest.mark.usefixtures("env")


def sheet(folder: Path, text: str, name: str = "sheet.yaml") -> str:
    path = folder / name
    path.write_text(text, "utf-8")
    return str(path)


def score_json(capsys: pytest.CaptureFixture[str], path: str, *extra: str) -> tuple[int, Any]:
    code, out, _ = run(capsys, "score", MIXED, "--responses", path, "--format", "json", *extra)
    return code, json.loads(out)


def test_the_json_shape(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    code, result = score_json(capsys, sheet(env, RIGHT))
    assert code == 0
    assert {"bank", "score", "max", "questions"} <= set(result)
    assert result["bank"] == "engine-mixed"
    assert result["score"] == result["max"] == 13
    assert [q["id"] for q in result["questions"]][:3] == ["capital", "goods", "withdrawn"]
    for question in result["questions"]:
        assert {"id", "score", "max", "correct", "response", "expected", "verdict"} <= set(question)
        assert question["correct"] is True and question["verdict"] == "correct"
        assert question["score"] == question["max"]
    goods = result["questions"][1]
    assert goods["response"] == ["garments", "footwear", "bicycles"] and goods["max"] == 2
    assert result["questions"][3]["expected"] == "5.8 billion USD (±0.1)"


def test_partial_wrong_and_unanswered(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    text = (
        "capital: Siem Reap\ngoods: [garments, arms]\nsequence: [report published, "
        "review opened, partial withdrawal]\n"
    )
    code, result = score_json(capsys, sheet(env, text))
    assert code == 0, "wrong answers are not problems of the sheet"
    by_id = {q["id"]: q for q in result["questions"]}
    assert by_id["capital"]["verdict"] == "wrong" and by_id["capital"]["score"] == 0
    assert by_id["goods"]["score"] == 0, "Moodle's rule: one right, one wrong choice is 0"
    assert by_id["sequence"]["verdict"] == "partial"
    assert 0 < by_id["sequence"]["score"] < 3
    assert by_id["withdrawn"] == {
        "id": "withdrawn",
        "score": 0,
        "max": 1,
        "correct": False,
        "response": None,
        "expected": "true",
        "verdict": "unanswered",
    }
    assert result["score"] == pytest.approx(sum(q["score"] for q in result["questions"]))
    assert result["max"] == 13


def test_unknown_ids_and_unreadable_responses_are_reported_per_question(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    text = (
        RIGHT.replace("withdrawn: yes", "withdrawn: maybe").replace(
            "sequence: [review opened, report published, partial withdrawal]", "sequence: 3"
        )
        + "capitol: Phnom Penh\n"
    )
    code, out, err = run(
        capsys, "score", MIXED, "--responses", sheet(env, text), "--format", "json"
    )
    assert code == 1
    result = json.loads(out)
    by_id = {q["id"]: q for q in result["questions"]}
    assert (
        by_id["withdrawn"]["verdict"] == "unreadable"
        and "true or false" in by_id["withdrawn"]["error"]
    )
    assert by_id["sequence"]["verdict"] == "unreadable" and by_id["sequence"]["response"] == 3
    assert result["unknown"] == ["capitol"]
    assert "no question 'capitol'" in err
    assert by_id["capital"]["correct"], "the other answers are still scored"
    assert result["score"] == 13 - 1 - 3


def test_the_table_lists_every_question_and_the_total(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    text = RIGHT.replace(
        "[review opened, report published, partial withdrawal]",
        "[report published, review opened, partial withdrawal]",
    )
    code, out, _ = run(capsys, "score", MIXED, "--responses", sheet(env, text))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["question", "score", "verdict"]
    assert len(lines) == 1 + 10 + 1
    sequence = next(line for line in lines if line.startswith("sequence"))
    assert "2/3" in sequence and "partial" in sequence
    assert lines[-1] == "total: 12 of 13 (92%)"


def test_a_json_sheet_and_yaml_dates_are_read(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    path = sheet(env, json.dumps({"capital": "Phnom Penh", "founded": 2001}), "sheet.json")
    code, result = score_json(capsys, path)
    assert code == 0 and result["score"] == 2
    code, result = score_json(capsys, sheet(env, "founded: 2001-05-01\n"))
    assert code == 0
    assert result["questions"][8]["response"] == "2001-05-01"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("capital: [unclosed\n", "E100"),
        ("- capital\n- goods\n", "the sheet is not a mapping"),
        ("", "the sheet is empty"),
        ("capital: !!python/object:os.system x\n", "E104"),
    ],
)
def test_a_malformed_sheet_is_reported_with_its_place(
    capsys: pytest.CaptureFixture[str], env: Path, text: str, message: str
) -> None:
    path = sheet(env, text)
    code, out, err = run(capsys, "score", MIXED, "--responses", path)
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:") and message in err


def test_record_stores_a_finished_attempt(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    text = RIGHT.replace("capital: Phnom Penh", "capital: Kampot").replace("share: 45%\n", "")
    code, result = score_json(capsys, sheet(env, text), "--record", "--student", "ann")
    assert code == 0
    with Store(env / "casequiz.db") as store:
        (record,) = store.attempts(finished=True)
        assert store.unfinished() == []
    assert record.student == "ann" and record.mode == "sheet"
    assert record.score == result["score"] == 11 and record.max_score == 13
    assert len(record.answers) == 9
    assert {a.question_id: a.response for a in record.answers}["capital"] == "Kampot"


def test_record_without_a_student_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, out, err = run(capsys, "score", MIXED, "--responses", sheet(env, RIGHT), "--record")
    assert code == 2 and "--record needs --student" in err and out == ""
    assert not (env / "casequiz.db").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", MIXED], "--responses"),
        (["score", "nope.yaml", "--responses", "SHEET"], "no such file"),
        (["score", MIXED, "--responses", "nope.yaml"], "no such file"),
        (["score", str(ENGINE), "--responses", "SHEET"], "one bank file"),
        (["score", MIXED, "--responses", "SHEET", "--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], env: Path, args: list[str], message: str
) -> None:
    path = sheet(env, RIGHT)
    code, _, err = run(capsys, *[path if a == "SHEET" else a for a in args])
    assert code == 2 and message in err
