"""Random valid banks go to each Moodle format and come back the same, up to what it holds."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from pydantic import ValidationError
from tests.bank_strategies import banks
from tests.interop.held import project

from casequiz.bank.checks import check_bank
from casequiz.bank.model import Bank
from casequiz.interop.build import import_files
from casequiz.interop.formats import FORMATS


def _held_or_none(bank: Bank, fmt: str) -> Bank | None:
    """The projection, or None when what the format holds is no valid bank (two options that
    differ only in spaces, a text of spaces only...)."""
    try:
        expected = project(bank, fmt, "round-trip", "Round trip")
    except (ValidationError, ValueError):
        return None
    if any(p.code.startswith("E") for p in check_bank(expected)):
        return None
    return expected


_ARROWS = Bank.model_validate(
    {
        "casequiz": 1,
        "id": "arrows",
        "title": "Arrows",
        "questions": [
            {"id": "short", "type": "short", "prompt": "P?", "answer": "->"},
            {"id": "order", "type": "order", "prompt": "O?", "items": ["a->b", "c"]},
            {"id": "match", "type": "match", "prompt": "M?", "pairs": {"a->": "one", "b": "two"}},
            {"id": "kept", "type": "true_false", "prompt": "T?", "answer": True},
        ],
    }
)
"""What GIFT leaves out because it would read `->` as matching, beside what it keeps."""


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
@given(bank=banks())
@example(bank=_ARROWS)
def test_export_then_import_gives_the_bank_back(fmt: str, bank: Bank) -> None:
    expected = _held_or_none(bank, fmt)
    assume(expected is not None)
    written = FORMATS[fmt].write()([bank])
    built, results = import_files([("out", written.data)], fmt, "round-trip", "Round trip")
    assert [r.error for r in results] == [None]
    skipped = {s.reason for s in built.skipped}
    exported_ids = [q.id for q in expected.questions]
    assert written.questions == len(exported_ids) or skipped == set()
    assert Bank.model_validate(built.data) == expected
