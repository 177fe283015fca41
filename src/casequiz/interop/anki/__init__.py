"""Anki decks from banks: one note per question, which a re-export updates in place.

`apkg(banks)` gives the bytes of an `.apkg` file that Anki imports as it is (File > Import).
"""

from casequiz.interop.anki.package import apkg

__all__ = ["apkg"]
