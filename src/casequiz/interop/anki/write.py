"""The Anki writer of `casequiz bank export --to anki` (`interop.formats`)."""

from __future__ import annotations

from collections.abc import Sequence

from casequiz.bank.model import Bank
from casequiz.interop.anki.package import apkg
from casequiz.interop.report import WriteResult


def write(banks: Sequence[Bank], *, subdecks: bool = False) -> WriteResult:
    """A deck per bank (a subdeck per topic with `subdecks`). A card holds every field of a
    question a student reviews; points and difficulty are not a flashcard's, and not noted."""
    return WriteResult(
        apkg(banks, subdecks=subdecks), [], sum(len(bank.questions) for bank in banks)
    )
