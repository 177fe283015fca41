"""The QTI writer of `casequiz bank export --to qti` (`interop.formats`)."""

from __future__ import annotations

from collections.abc import Sequence

from casequiz.bank.model import Bank
from casequiz.interop.qti.losses import losses
from casequiz.interop.qti.package import package
from casequiz.interop.report import WriteResult


def write(banks: Sequence[Bank]) -> WriteResult:
    """An IMS content package with an assessment per bank, and what it cannot hold."""
    return WriteResult(package(banks), losses(banks), sum(len(bank.questions) for bank in banks))
