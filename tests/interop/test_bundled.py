"""The bundled banks go to each Moodle format and come back the same, up to what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.interop.held import project

from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.build import import_files
from casequiz.interop.formats import FORMATS

ROOT = Path(__file__).resolve().parents[2]
BANKS = sorted((ROOT / "questions" / "cambodia").glob("*.yaml"))


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_a_bundled_bank_comes_back_equal(path: Path, fmt: str) -> None:
    bank = load_banks([path], use_cache=False)[0].bank
    written = FORMATS[fmt].write()([bank])
    held = project(bank, fmt, bank.id, bank.title)
    assert written.questions == len(held.questions)  # GIFT holds no cloze
    built, _results = import_files([("out", written.data)], fmt, bank.id, bank.title)
    assert not built.skipped, [s.format() for s in built.skipped]
    assert Bank.model_validate(built.data) == held
