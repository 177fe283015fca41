"""`dump_bank` writes with libyaml's emitter only where it writes what PyYAML's would.

Both emitters are run on the same data: generated banks, the project's banks, and arbitrary
JSON-like data with the text YAML finds hardest (breaks of every kind, quotes, indicators,
characters it must escape). Wherever `libyaml_writes_alike` lets libyaml write, the bytes must
be those of the Python emitter; where it does not, the Python emitter's text is what is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank_strategies import banks
from casequiz.bank.dump import dump_bank, dump_data, libyaml_writes_alike
from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML without libyaml")

HARD = st.sampled_from(
    [
        "no",
        "1:30",
        "2019-05-01",
        "~",
        "null",
        "- a",
        "a: b",
        "#x",
        " lead",
        "trail ",
        "\n",
        "a\nb",
        "a\r\nb",
        "\x85",
        "\u2028",
        "x\ty",
        "'",
        '"',
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "é" * 60 + " " + "word " * 30,
        "|",
        ">",
        "*a",
        "&a",
        "!tag",
        "%",
        "@",
        "`",
        "{}",
        "[]",
        "  ",
        "",
    ]
)
WORDS = st.lists(
    st.sampled_from(
        ["the", "EU's", "scheme", "Everything", "but", "Arms", "é", "中文", "a:", "#", "-"]
    )
    | st.text(st.sampled_from(" \t\r\n\x85\u2028é'\"x"), min_size=1, max_size=3),
    min_size=1,
    max_size=80,
).map(" ".join)
"""Text long enough to be folded at the width of 100 (a prompt, an explanation), with the
characters that change how it is quoted."""
KEYS = st.integers(100, 140).map(lambda n: "k" * n) | st.integers(40, 130).map(lambda n: "é" * n)
"""Keys near the length where a simple key becomes `? key` (options and left items are keys)."""
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30) | HARD | WORDS | KEYS
LEAF = TEXT | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
DATA = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


def python_emitter(data: object) -> str:
    return dump_data(data, fast=False)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(TEXT, DATA, max_size=5))
def test_libyaml_writes_what_the_python_emitter_writes_wherever_it_is_used(
    data: dict[str, Any],
) -> None:
    written = dump_data(data)
    assert written == python_emitter(data)
    assert yaml.safe_load(written) == data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_a_generated_bank_is_written_alike_by_both_emitters(bank: Bank) -> None:
    data = bank.model_dump(mode="json", exclude_defaults=True)
    data["questions"] = [{"id": q.pop("id"), "type": q.pop("type"), **q} for q in data["questions"]]
    assert dump_bank(bank) == python_emitter(data)


def test_the_project_banks_are_written_by_libyaml_and_alike() -> None:
    root = Path(__file__).resolve().parents[1] / "questions"
    loaded = load_banks(sorted(root.rglob("*.yaml")), use_cache=False)
    assert loaded
    for one in loaded:
        data = one.bank.model_dump(mode="json", exclude_defaults=True)
        assert libyaml_writes_alike(data)
        data["questions"] = [
            {"id": q.pop("id"), "type": q.pop("type"), **q} for q in data["questions"]
        ]
        assert dump_bank(one.bank) == python_emitter(data)


@pytest.mark.parametrize(
    ("data", "alike"),
    [
        ({"prompt": "Plain text, é, 中文 and 'quotes': kept as typed."}, True),
        ({"prompt": "A line separator \u2028 or a NEL \x85 is double-quoted"}, False),
        ({"prompt": "An emoji \U0001f600 stays as typed"}, False),
        ({"feedback": {"line\nbreak": "x"}}, False),
        ({"feedback": {"carriage\rreturn": "x"}}, False),
        ({"feedback": {"\U0001f600": "x"}}, False),
        ({"feedback": {"": "x"}}, False),
        ({"items": ["a", ["b", {"c": "\U00020000"}]]}, False),
        ({"points": 2.5, "answer": True, "tolerance": None}, True),
        ({"prompt": "A tab\there is written in double quotes"}, False),
        ({"prompt": "A Windows line end\r\nfrom an import"}, False),
        ({"prompt": "a space before \n a break"}, False),
        ({"prompt": "Two lines\nand a quote: 'x'"}, True),
        ({"feedback": {"k" * 122: "x"}}, True),
        ({"feedback": {"k" * 123: "x"}}, False),
        ({"feedback": {"k" * 128: "x"}}, False),
        ({"feedback": {"k" * 129: "x"}}, True),
        ({"feedback": {"é" * 64: "x"}}, True),
        ({"feedback": {"é" * 65: "x"}}, False),
        ({"feedback": {"é" * 123: "x"}}, True),
    ],
)
def test_what_libyaml_would_write_otherwise_is_told_apart(data: object, alike: bool) -> None:
    assert libyaml_writes_alike(data) is alike


def test_a_character_beyond_the_basic_plane_is_written_as_typed() -> None:
    text = dump_data({"prompt": "Cambodia \U0001f1f0\U0001f1ed and \U00020000"})
    assert text == "prompt: Cambodia \U0001f1f0\U0001f1ed and \U00020000\n"


def test_a_key_with_a_line_break_is_a_simple_key_as_pyyaml_writes_it() -> None:
    assert dump_data({"feedback": {"a\rb": "x"}}) == python_emitter({"feedback": {"a\rb": "x"}})
    assert not dump_data({"feedback": {"a\rb": "x"}}).lstrip().startswith("?")
