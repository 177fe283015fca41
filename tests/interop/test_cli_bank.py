"""`casequiz bank import` and `bank export` as a teacher runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from casequiz.bank.load import check_file, load_banks
from casequiz.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EBA = ROOT / "questions" / "cambodia" / "eba-terms.yaml"

GIFT = """// A small bank from Moodle
$CATEGORY: $course$/top/Geography

::Capital:: What is the capital of France? {=Paris#Right. ~London#No, that is England.}

::Essay:: Describe Paris. {}

::Grant:: When was Ulysses S. Grant born? {#1822:1 =%50%1822:5}

::Bad weight:: Pick one {~%33%a ~%33%b ~c}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_writes_a_valid_bank_and_reports_what_it_left(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = env / "moodle.gift"
    source.write_text(GIFT)
    out = env / "geo.yaml"
    code, _, err = run(capsys, "bank", "import", str(source), "-o", str(out), "--title", "Geo")
    assert code == 1
    lines = err.splitlines()
    assert f"{source}:6: not imported: essay questions are marked by hand" in lines[0]
    assert lines[1].startswith(f"{source}:10: not imported: the grade 33%")
    assert lines[-1] == f"{out}: 2 questions imported, 2 not imported, 1 converted with a comment"
    assert check_file(out, use_cache=False).errors == []
    text = out.read_text()
    assert "id: moodle\ntitle: Geo\n" in text
    assert "topic: Geography" in text and "id: capital" in text
    assert "# only the first fully right answer is kept; dropped: 1822±5 (50%)" in text
    assert "feedback:\n    Paris: Right.\n" in text


def test_import_into_a_folder_uses_the_id(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = env / "one.txt"
    source.write_text("::q:: Is it? {T}\n")
    code, _, _ = run(capsys, "bank", "import", str(source), "-o", str(env), "--id", "mine")
    assert code == 0 and (env / "mine.yaml").is_file()
    code, _, err = run(capsys, "bank", "import", str(source), "-o", str(env), "--id", "mine")
    assert code == 2 and "exists; add --force" in err


def test_import_to_standard_output(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = env / "one.gift"
    source.write_text("::q:: Is it? {T}\n")
    code, out, _ = run(capsys, "bank", "import", str(source))
    assert code == 0 and out.startswith("# Imported from one.gift (gift)")


def test_an_unknown_extension_needs_from(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = env / "questions.dat"
    source.write_text("::q:: Is it? {T}\n")
    code, _, err = run(capsys, "bank", "import", str(source))
    assert code == 2 and "--from gift" in err
    code, _, _ = run(capsys, "bank", "import", str(source), "--from", "gift")
    assert code == 0


def test_a_file_with_nothing_to_import_exits_1(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = env / "essay.gift"
    source.write_text("::e:: Write. {}\n")
    code, _, err = run(capsys, "bank", "import", str(source), "-o", str(env / "x.yaml"))
    assert code == 1 and "nothing to import" in err and not (env / "x.yaml").exists()


@pytest.mark.parametrize("suffix", [".gift", ".xml"])
def test_export_then_import_from_the_command_line(
    env: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    exported = env / f"eba{suffix}"
    code, _, err = run(capsys, "bank", "export", str(EBA), "-o", str(exported))
    assert code == 0 and "difficulty is not held by Moodle" in err
    questions = load_banks([EBA], use_cache=False)[0].bank.questions
    written = "gift" if suffix == ".gift" else "moodle-xml"
    count = len([q for q in questions if written != "gift" or q.type != "cloze"])
    if written == "gift":
        assert "not exported: GIFT has no embedded answers (Cloze)" in err
    assert err.splitlines()[-1].endswith(f"{count} questions written as {written}")
    back = env / "back.yaml"
    code, _, err = run(capsys, "bank", "import", str(exported), "-o", str(back))
    assert code == 0, err
    assert check_file(back, use_cache=False).errors == []


def test_export_needs_a_format(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bank", "export", str(EBA))
    assert code == 2 and "--to gift or --to moodle-xml" in err
    code, out, _ = run(capsys, "bank", "export", str(EBA), "--to", "gift")
    assert code == 0 and "::eba-stands-for::" in out


def test_export_of_an_invalid_bank_shows_its_errors(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = env / "bad.yaml"
    bad.write_text("casequiz: 1\nid: bad\ntitle: Bad\nquestions: []\n")
    code, _, err = run(capsys, "bank", "export", str(bad), "--to", "gift")
    assert code == 1 and "E208" in err


def test_a_question_right_below_a_category_line_is_its_own_question(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moodle reads such a question into the category's name; casequiz keeps both."""
    source = env / "tight.gift"
    source.write_text(
        "::A::First {=a ~b}\n\n$CATEGORY: $course$/top/EU review\n::B::Second {=c ~d}\n\n"
        "::C::Third {=e ~f}\n"
    )
    out = env / "tight.yaml"
    code, _, err = run(capsys, "bank", "import", str(source), "-o", str(out))
    assert code == 0, err
    banks = load_banks([out])
    questions = {q.id: q for q in banks[0].bank.questions}
    assert list(questions) == ["a", "b", "c"]
    assert questions["b"].topic == questions["c"].topic == "EU review"
