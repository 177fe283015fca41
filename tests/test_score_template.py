"""`casequiz score BANK --template`: the blank response sheet a grader fills from paper.

The template must read back unchanged (every question unanswered, nothing unknown or
unreadable), name every question with its type, and, filled with the right answers, score
full marks: it is the sheet `--responses` reads, not a description of one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings

from bank_strategies import banks as random_banks
from casequiz.bank.load import LoadedBank, load_banks
from casequiz.bank.model import Bank
from casequiz.quiz.scoring import expected_response
from casequiz.quiz.sheet import score_sheet
from casequiz.quiz.template import key, template
from cli_support import run

ROOT = Path(__file__).resolve().parents[1]
BANKS = [
    *sorted((ROOT / "questions" / "cambodia").glob("*.yaml")),
    ROOT / "tests" / "data" / "valid" / "all-types.yaml",
    ROOT / "tests" / "data" / "engine" / "mixed.yaml",
]

pytestmark = pytest.mark.usefixtures("env")


@pytest.mark.parametrize("bank_path", BANKS, ids=lambda p: p.stem)
def test_the_template_reads_back_as_all_unanswered(
    bank_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, err = run(capsys, "score", str(bank_path), "--template")
    assert (code, err) == (0, "")
    (bank,) = [loaded.bank for loaded in load_banks([bank_path])]
    for number, question in enumerate(bank.questions, start=1):
        assert f"\n# {number}. {question.type.replace('_', '/')}, " in text
        assert f"\n{key(question.id)}:\n" in text
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(text, encoding="utf-8")
    code, out, err = run(
        capsys, "score", str(bank_path), "--responses", str(sheet), "--format", "json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["unknown"] == []
    assert [q["id"] for q in result["questions"]] == [q.id for q in bank.questions]
    assert {q["verdict"] for q in result["questions"]} == {"unanswered"}


@pytest.mark.parametrize("bank_path", BANKS, ids=lambda p: p.stem)
def test_the_template_filled_with_the_answers_scores_full_marks(
    bank_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = run(capsys, "score", str(bank_path), "--template")[1]
    (bank,) = [loaded.bank for loaded in load_banks([bank_path])]
    for question in bank.questions:
        answer = json.dumps(expected_response(question), ensure_ascii=False)
        text = re.sub(
            rf"(?m)^{re.escape(key(question.id))}:$", f"{key(question.id)}: {answer}", text
        )
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(text, encoding="utf-8")
    code, out, _ = run(
        capsys, "score", str(bank_path), "--responses", str(sheet), "--format", "json"
    )
    result = json.loads(out)
    assert code == 0
    assert result["score"] == pytest.approx(result["max"])


def test_the_template_shows_what_to_write(capsys: pytest.CaptureFixture[str]) -> None:
    bank_path = ROOT / "tests" / "data" / "valid" / "all-types.yaml"
    text = run(capsys, "score", str(bank_path), "--template")[1]
    (bank,) = [loaded.bank for loaded in load_banks([bank_path])]
    for question in bank.questions:
        block = text.split(f"\n{key(question.id)}:\n")[0].rsplit("\n\n", 1)[1]
        assert "#   write: " in block
        if question.type in ("single", "multiple"):
            for option in question.options:
                assert f"#     - {option}" in block
        if question.type == "match":
            for left in question.pairs:
                assert json.dumps(left, ensure_ascii=False) in block


def test_ids_yaml_would_read_as_something_else_are_quoted() -> None:
    assert key("capital") == "capital"
    for awkward in ("yes", "no", "null", "1.10", "010", "on"):
        assert yaml.safe_load(f"{key(awkward)}: ~") == {awkward: None}


@pytest.mark.parametrize(
    "argv",
    [
        ["--template", "--responses", "x.yaml"],
        ["--template", "--record", "--student", "ana"],
        [],
    ],
)
def test_template_and_responses_are_exclusive(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    bank_path = str(ROOT / "tests" / "data" / "valid" / "all-types.yaml")
    code, _, err = run(capsys, "score", bank_path, *argv)
    assert code == 2 and err


@settings(max_examples=80)
@given(bank=random_banks())
def test_any_bank_s_template_is_a_sheet_of_its_questions(bank: Bank) -> None:
    text = template(bank)
    data = yaml.safe_load(text)
    assert data == {q.id: None for q in bank.questions}
    result = score_sheet(LoadedBank(bank, Path("bank.yaml"), "0" * 64), data)
    assert result.problems == 0
    assert {line.status for line in result.lines} == {"unanswered"}
