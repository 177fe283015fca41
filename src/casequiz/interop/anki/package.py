"""The `.apkg` file: a deck per bank, a note per question, with ids that never change.

Anki matches an imported note to one it already holds by the note's GUID, and keeps the card's
review history when it updates it. So the GUID comes from the bank id and the question id, and
the note type and deck ids from fixed names: re-exporting an edited bank and importing it again
updates the student's notes instead of adding a second copy. Changing a question's id (or the
bank's) is what makes it a new note.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import time
import zipfile
from collections.abc import Sequence

import genanki

from casequiz.bank.model import AnyQuestion, Bank, ClozeQuestion
from casequiz.interop.anki.cloze import CLOZE_FIELDS, cloze_fields
from casequiz.interop.anki.fields import FIELDS, fields, tags, text
from casequiz.interop.chars import printable

__all__ = ["CLOZE_MODEL_ID", "MODEL_ID", "apkg", "deck_id", "deck_name", "note_guid"]


def _stable_id(*parts: str) -> int:
    """An id in the range Anki's own ids use, the same for the same parts on every machine."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


MODEL_ID = _stable_id("casequiz", "note", "1")
"""The note type's id. A change of its fields needs a new one (a new last part)."""

_FRONT = """<div class="prompt">{{Question}}</div>
{{#Options}}<div class="options">{{Options}}</div>{{/Options}}
{{#Hint}}<div class="hint">{{hint:Hint}}</div>{{/Hint}}"""

_BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
{{#Excerpt}}<div class="excerpt">{{Excerpt}}</div>{{/Excerpt}}"""

_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em;
  margin: auto; }
.answer { font-weight: bold; }
.explanation { margin-top: 1em; }
.excerpt blockquote { margin: 1em 0 0.2em 0; padding-left: 0.8em; border-left: 3px solid #888;
  font-style: italic; }
.excerpt cite { font-size: 0.85em; color: #666; }"""

MODEL = genanki.Model(
    MODEL_ID,
    "casequiz question",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
    css=_CSS,
)


CLOZE_MODEL_ID = _stable_id("casequiz", "cloze", "1")
"""The cloze note type's id, fixed as `MODEL_ID` is."""

_CLOZE_FRONT = """<div class="prompt">{{Question}}</div>
<div class="passage">{{cloze:Text}}</div>
{{#Hint}}<div class="hint">{{hint:Hint}}</div>{{/Hint}}"""

_CLOZE_BACK = """<div class="prompt">{{Question}}</div>
<div class="passage">{{cloze:Text}}</div>
<hr id="answer">
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
{{#Excerpt}}<div class="excerpt">{{Excerpt}}</div>{{/Excerpt}}"""

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "casequiz cloze",
    fields=[{"name": name} for name in CLOZE_FIELDS],
    templates=[{"name": "Cloze", "qfmt": _CLOZE_FRONT, "afmt": _CLOZE_BACK}],
    css=_CSS + "\n.cloze { font-weight: bold; color: #06c; }",
    model_type=genanki.Model.CLOZE,
)


def _note(bank: Bank, question: AnyQuestion) -> genanki.Note:
    """The question's note: a Cloze note (a card per blank) for a cloze, else a basic one."""
    if isinstance(question, ClozeQuestion):
        model, values = CLOZE_MODEL, cloze_fields(bank, question)
    else:
        model, values = MODEL, fields(bank, question)
    return genanki.Note(
        model=model, fields=values, tags=tags(question), guid=note_guid(bank, question.id)
    )


def note_guid(bank: Bank, question_id: str) -> str:
    """The note's GUID: the bank and question ids, and nothing that an edit changes."""
    return genanki.guid_for("casequiz", bank.id, question_id)


def deck_name(bank: Bank, topic: str | None = None) -> str:
    """The bank's title as a deck; `::` is Anki's deck hierarchy, so a title cannot hold it."""
    title = " ".join(printable(bank.title).replace("::", ":").split()) or bank.id
    if topic is None:
        return title
    return f"{title}::{' '.join(printable(topic).replace('::', ':').split()) or 'topic'}"


def deck_id(bank: Bank, topic: str | None = None) -> int:
    return _stable_id("casequiz", "deck", bank.id, *([topic] if topic is not None else []))


def _decks(bank: Bank, subdecks: bool) -> list[genanki.Deck]:
    description = text(bank.description or "")
    main = genanki.Deck(deck_id(bank), deck_name(bank), description=description)
    by_topic: dict[str, genanki.Deck] = {}
    for question in bank.questions:
        deck = main
        if subdecks and question.topic:
            deck = by_topic.get(question.topic) or by_topic.setdefault(
                question.topic,
                genanki.Deck(deck_id(bank, question.topic), deck_name(bank, question.topic)),
            )
        deck.add_note(_note(bank, question))
    return [main, *by_topic.values()]


def apkg(banks: Sequence[Bank], *, subdecks: bool = False, timestamp: float | None = None) -> bytes:
    """The `.apkg` file of `banks`: a deck each (and a subdeck per topic with `subdecks`).

    `timestamp` is the notes' modification time (default: now). Anki updates a note it already
    holds only when the imported one is newer, so it must move forward between exports.
    """
    when = time.time() if timestamp is None else timestamp
    package = genanki.Package([deck for bank in banks for deck in _decks(bank, subdecks)])
    # genanki writes through a temporary file it never deletes; an in-memory database written
    # into the zip directly leaves nothing behind.
    with sqlite3.connect(":memory:") as db:
        cursor = db.cursor()
        package.write_to_db(cursor, when, itertools.count(int(when * 1000)))
        db.commit()
        collection = db.serialize()
    db.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")
    return out.getvalue()
