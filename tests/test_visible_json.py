"""JSON printed to a terminal: no control character obeyed, and still the same JSON.

`score`, `attempts list`, `study stats`, `export` and `stats` print JSON that holds students'
text. JSON escapes C0 itself but leaves DEL, C1 (U+009B is a CSI to some terminals) and
bidirectional overrides raw; each must come out as a `\\uXXXX` escape a JSON reader reads back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casequiz.quiz.literal import visible_json
from cli_support import run

RAW = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(JSON, st.sampled_from([None, 1, 2]))
def test_visible_json_is_the_same_json_with_nothing_raw(value: object, indent: int | None) -> None:
    text = visible_json(value, indent=indent)
    assert json.loads(text) == value
    assert not RAW.search(text.replace("\n", ""))


def test_score_json_shows_a_c1_escape_and_keeps_the_response(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "casequiz: 1\nid: t\ntitle: T\nquestions:\n"
        "  - id: b\n    type: short\n    prompt: Name?\n    answer: Ana\n",
        "utf-8",
    )
    sheet = tmp_path / "s.json"
    typed = "An\u009b2J\u0085a\u202e"
    sheet.write_text(json.dumps({"b": typed}), "utf-8")
    code, out, _ = run(capsys, "score", str(bank), "--responses", str(sheet), "--format", "json")
    assert code == 0
    assert not RAW.search(out.replace("\n", ""))
    assert "\\u009b" in out
    assert json.loads(out)["questions"][0]["response"] == typed
