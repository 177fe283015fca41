"""The authoring guide stays true: every code documented, every example a valid bank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casequiz.bank.codes import CODES
from casequiz.bank.load import check_file
from casequiz.bank.model import QUESTION_TYPES
from casequiz.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")
MEMO = ROOT / "tests" / "data" / "valid" / "memo.txt"
CODE = re.compile(r"\b[EW]\d{3}\b")


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def section(title: str) -> str:
    """The text of the `## title` section of the guide."""
    start = TEXT.index(f"\n## {title}\n")
    end = TEXT.find("\n## ", start + 1)
    return TEXT[start : end if end > 0 else None]


def test_every_code_has_a_heading() -> None:
    headings = set(re.findall(r"^#### ([EW]\d{3})$", TEXT, flags=re.MULTILINE))
    assert headings == set(CODES)


def test_every_code_in_the_docs_exists() -> None:
    for page in (ROOT / "docs").glob("*.md"):
        unknown = set(CODE.findall(page.read_text(encoding="utf-8"))) - set(CODES)
        assert not unknown, f"{page.name} names codes that do not exist: {sorted(unknown)}"


def test_every_code_link_has_an_anchor() -> None:
    for code in re.findall(r"\]\(#([ew]\d{3})\)", TEXT):
        assert f"#### {code.upper()}" in TEXT


def test_the_first_example_is_a_valid_bank(tmp_path: Path) -> None:
    first = yaml_blocks(section("A first bank"))[0]
    assert first.startswith("# yaml-language-server: $schema=")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "eba-china-2019.txt").write_text(
        "Cambodia benefits from the \u201cEverything but Arms\u201d (EBA) initiative of the "
        "European Union.\n",
        encoding="utf-8",
    )
    bank = tmp_path / "bank.yaml"
    bank.write_text(first, encoding="utf-8")
    assert check_file(bank, use_cache=False).diagnostics == []


def question_examples() -> list[str]:
    return [b for b in yaml_blocks(section("Questions")) if b.startswith("  - id: ")]


def test_there_is_one_example_per_question_type() -> None:
    types = [re.search(r"^    type: (\w+)$", b, flags=re.MULTILINE) for b in question_examples()]
    assert [t.group(1) for t in types if t] == list(QUESTION_TYPES)


@pytest.mark.parametrize("example", question_examples(), ids=lambda b: b.split()[2])
def test_each_question_example_is_valid(example: str, tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_bytes(MEMO.read_bytes())
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "casequiz: 1\nid: example\ntitle: Example\n"
        "sources:\n  memo:\n    title: A memo\n    file: memo.txt\n"
        "questions:\n" + example,
        encoding="utf-8",
    )
    assert check_file(bank, use_cache=False).diagnostics == []


def test_the_alias_example_is_fine(tmp_path: Path) -> None:
    [example] = [b for b in yaml_blocks(TEXT) if "&yes-no" in b]
    bank = tmp_path / "bank.yaml"
    bank.write_text("casequiz: 1\nid: example\ntitle: Example\nquestions:\n" + example)
    assert [d.code for d in check_file(bank, use_cache=False).diagnostics] == ["W401", "W401"]


def test_the_validate_options_in_the_guide_exist() -> None:
    parser = build_parser()
    [usage] = re.findall(r"^casequiz validate BANK\|DIR\.\.\. (.*)$", TEXT, flags=re.MULTILINE)
    documented = set(re.findall(r"--[a-z-]+", usage))
    commands = next(a for a in parser._actions if a.dest == "command")
    validate = commands.choices["validate"]  # type: ignore[index]
    known = {option for action in validate._actions for option in action.option_strings}
    assert documented == {"--sources", "--format", "--strict", "--no-cache"}
    assert documented <= known
