"""Banks in the formats of other tools: Anki decks, QTI packages for Canvas and other LMSs.

Each writer is a pure function from a checked bank to the bytes of a file; the layer imports
only `casequiz.bank`, so a bank exports the same whatever else casequiz is doing.
"""
