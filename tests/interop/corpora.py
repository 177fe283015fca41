"""Where the shared test corpora are, read in place (never copied into the project)."""

from __future__ import annotations

from pathlib import Path

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
GIFT_PEGJS = CORPORA / "gift-pegjs"
MOODLE_GIFT = CORPORA / "moodle-gift"
MOODLE_XML = CORPORA / "moodle-xml"
