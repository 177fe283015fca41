"""Exported GIFT read by a second parser: gift-pegjs (the GIFT grammar's npm package), run with
node. It must find every question we wrote, of the same kind, with the same answers.

CI prepares the package (`.ci/run`); elsewhere the test installs it with npm on first use,
and skips only when node is not installed, never on CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.interop.test_gift_pegjs_corpus import KINDS, expected_answers, held, our_answers

from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.gift.parse import parse
from casequiz.interop.gift.write import write

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "gift-pegjs@1.0.2"
PREFIX = Path(os.environ.get("CASEQUIZ_NODE_PREFIX", ROOT / ".ci" / "node"))
SCRIPT = """
const gift = require(process.argv[1]);
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => { process.stdout.write(JSON.stringify(gift.parse(text))); });
"""


@pytest.fixture(scope="module")
def gift_pegjs() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail("node and npm are needed on CI to check exported GIFT")
        pytest.skip("node is not installed")
    module = PREFIX / "node_modules" / "gift-pegjs"
    if not module.is_dir():
        subprocess.run(
            [npm, "install", "--silent", "--prefix", str(PREFIX), PACKAGE],
            check=True,
            timeout=300,
            capture_output=True,
        )
    return module


def second_parse(module: Path, text: str) -> list[dict]:
    done = subprocess.run(
        ["node", "-e", SCRIPT, str(module)],
        input=text,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [q for q in json.loads(done.stdout) if q["type"] != "Category"]


def check(module: Path, bank: Bank) -> None:
    text = write([bank]).data.decode("utf-8")
    ours = [q for q in parse(text) if not isinstance(q, Exception) and q.qtype != "category"]
    theirs = second_parse(module, text)
    assert len(theirs) == len(ours)
    for mine, other in zip(ours, theirs, strict=True):
        assert KINDS[other["type"]] == mine.qtype
        assert other["title"] == mine.name
        assert held(other["stem"]["text"]) == held(mine.text.text)
        assert expected_answers(other) == our_answers(mine)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "questions" / "cambodia").glob("*.yaml")), ids=lambda p: p.stem
)
def test_gift_pegjs_reads_an_exported_bundled_bank_as_we_do(gift_pegjs: Path, path: Path) -> None:
    check(gift_pegjs, load_banks([path], use_cache=False)[0].bank)


EVERY_TYPE = {
    "casequiz": 1,
    "id": "every-type",
    "title": "Every type",
    "questions": [
        {
            "id": "one",
            "type": "single",
            "prompt": "Pick {one}: a = b?",
            "options": ["yes", "no: #"],
            "answer": "yes",
            "feedback": {"no: #": "Look again ~ closely."},
        },
        {
            "id": "many",
            "type": "multiple",
            "prompt": "Pick two",
            "options": ["a", "b", "c"],
            "answers": ["a", "b"],
        },
        {"id": "tf", "type": "true_false", "prompt": "True?", "answer": False},
        {"id": "num", "type": "numeric", "prompt": "How many?", "answer": -2.5, "tolerance": 0.5},
        {
            "id": "short",
            "type": "short",
            "prompt": "Name it",
            "answer": "EBA",
            "accept": ["E.B.A."],
        },
        {
            "id": "order",
            "type": "order",
            "prompt": "Order them",
            "items": ["first", "second", "third"],
        },
        {
            "id": "match",
            "type": "match",
            "prompt": "Match",
            "pairs": {"EU": "Brussels", "US": "DC"},
            "distractors": ["Paris"],
        },
    ],
}


def test_gift_pegjs_reads_every_type_as_we_do(gift_pegjs: Path) -> None:
    check(gift_pegjs, Bank.model_validate(EVERY_TYPE))
