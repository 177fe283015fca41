"""Anki decks: imported into a real Anki collection, as a student's Anki would.

The `anki` package is Anki's own library: it opens a collection and imports an `.apkg` exactly
as the desktop program does (File > Import), offline.
"""

from __future__ import annotations

import html
import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from anki.cards import Card  # isort: skip (anki must load its collection module first)
from anki.scheduler.v3 import CardAnswer
from hypothesis import given, settings
from hypothesis import strategies as st

from bank_strategies import banks as random_banks
from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.anki import apkg
from casequiz.interop.anki.cloze import CLOZE_FIELDS
from casequiz.interop.anki.fields import FIELDS, tag
from casequiz.interop.anki.package import deck_id, note_guid


def esc(text: str) -> str:
    """Text as the fields hold it: HTML-escaped (quotes need no escaping outside attributes)."""
    return html.escape(text, quote=False)


BUNDLED = Path(__file__).resolve().parents[1] / "questions" / "cambodia"


@pytest.fixture(scope="module")
def bundled() -> list[Bank]:
    return [loaded.bank for loaded in load_banks([BUNDLED])]


def _import(col: Collection, data: bytes, folder: Path) -> Any:
    path = folder / "deck.apkg"
    path.write_bytes(data)
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def _collection(folder: Path) -> Collection:
    return Collection(str(folder / "collection.anki2"))


def _notes(col: Collection) -> dict[str, Any]:
    """The collection's notes by the `bank/question` id casequiz gives each."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Id"]: note for note in notes}


def _review(col: Collection) -> Card:
    """Study the first card of the current deck and answer Good, as a student would."""
    queued = col.sched.get_queued_cards().cards[0]
    card = Card(col)
    card._load_from_backend_card(queued.card)
    card.start_timer()
    col.sched.answer_card(
        col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
    )
    return col.get_card(card.id)


def _edited(bank: Bank, change: Any) -> Bank:
    data = bank.model_dump()
    for question in data["questions"]:
        change(question)
    return Bank.model_validate(data)


def _cards(bank: Bank) -> int:
    """Anki's card count of a bank's notes: one per question, one per blank of a cloze."""
    return sum(len(getattr(q, "blanks", None) or [None]) for q in bank.questions)


def test_the_bundled_case_imports_with_a_deck_per_bank_and_a_note_per_question(
    tmp_path: Path, bundled: list[Bank]
) -> None:
    col = _collection(tmp_path)
    try:
        log = _import(col, apkg(bundled), tmp_path)
        total = sum(len(bank.questions) for bank in bundled)
        assert len(log.new) == total
        assert col.note_count() == total
        assert col.card_count() == sum(_cards(b) for b in bundled)
        decks = {d.name for d in col.decks.all_names_and_ids()}
        assert {bank.title for bank in bundled} <= decks
        notes = _notes(col)
        assert set(notes) == {f"{b.id}/{q.id}" for b in bundled for q in b.questions}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            kind = "cloze" if note.note_type()["type"] == 1 else "basic"
            assert list(note.keys()) == list(CLOZE_FIELDS if kind == "cloze" else FIELDS)
        for bank in bundled:
            cards = col.find_cards(f'deck:"{bank.title}"')
            assert len(cards) == _cards(bank)
            for question in bank.questions:
                note = notes[f"{bank.id}/{question.id}"]
                assert note.guid == note_guid(bank, question.id)
                assert note["Question"] == esc(question.prompt).replace("\n", "<br>")
                if question.source:
                    quote = question.source[0].quote
                    assert esc(quote) in note["Excerpt"]
                    source = bank.sources[question.source[0].ref]
                    assert esc(source.title) in note["Excerpt"]
                if question.type in ("single", "multiple"):
                    for option in question.options:
                        assert f"<li>{esc(option)}</li>" in note["Options"]
                for option, said in question.feedback.items():
                    assert f"<b>{esc(option)}</b>: {esc(said)}" in note["Explanation"]
                if question.topic:
                    assert tag(question.topic).casefold() in {t.casefold() for t in note.tags}
        # The card the student sees: the answer side shows the excerpt with its source.
        card = col.get_card(col.find_cards('"note:casequiz question"')[0])
        shown = card.answer()
        note = card.note()
        assert note["Answer"] in shown
        assert note["Excerpt"] in shown
    finally:
        col.close()


def test_a_re_export_of_an_edited_bank_updates_the_notes_and_keeps_review_history(
    tmp_path: Path, bundled: list[Bank]
) -> None:
    col = _collection(tmp_path)
    try:
        now = time.time()
        _import(col, apkg(bundled, timestamp=now - 3600), tmp_path)
        col.decks.select(col.decks.id_for_name(bundled[0].title))
        reviewed = _review(col)
        assert reviewed.reps == 1
        history = col.db.scalar("select count() from revlog where cid = ?", reviewed.id)
        assert history == 1

        def edit(question: dict[str, Any]) -> None:
            question["prompt"] += " (revised)"
            question["tags"] = [*question.get("tags", []), "revised 2026"]

        edited = [_edited(bundled[0], edit), *bundled[1:]]
        log = _import(col, apkg(edited, timestamp=now), tmp_path)
        total = sum(len(bank.questions) for bank in bundled)
        assert len(log.new) == 0
        assert len(log.updated) == total  # every note is newer, edited or not
        assert len(log.duplicate) == 0
        assert col.note_count() == total
        assert col.card_count() == sum(_cards(b) for b in bundled)
        for question in bundled[0].questions:
            note = _notes(col)[f"{bundled[0].id}/{question.id}"]
            assert note["Question"].endswith(" (revised)")
            assert "revised_2026" in note.tags
        again = col.get_card(reviewed.id)
        assert again.reps == 1
        assert again.ivl == reviewed.ivl
        assert again.due == reviewed.due
        assert col.db.scalar("select count() from revlog where cid = ?", reviewed.id) == 1
    finally:
        col.close()


def test_bank_text_is_escaped_and_never_becomes_markup(tmp_path: Path) -> None:
    bank = Bank.model_validate(
        {
            "casequiz": 1,
            "id": "hostile",
            "title": "A <b>bold</b> :: title",
            "sources": {"s": {"title": "<img src=x onerror=alert(1)>", "url": "javascript:x"}},
            "questions": [
                {
                    "id": "q1",
                    "type": "single",
                    "prompt": "<script>alert('x')</script>\nsecond line",
                    "options": ["<i>a</i>", "b & c", "bell\x07and\x1fseparator"],
                    "answer": "b & c",
                    "topic": "trade policy",
                    "tags": ['say "hi"', "  ", "a::b"],
                    "source": {"ref": "s", "quote": "</blockquote><b>x</b>"},
                }
            ],
        }
    )
    col = _collection(tmp_path)
    try:
        _import(col, apkg([bank]), tmp_path)
        (note,) = _notes(col).values()
        assert note["Question"] == ("&lt;script&gt;alert('x')&lt;/script&gt;<br>second line")
        assert "<i>" not in note["Options"]
        assert "b &amp; c" in note["Options"]
        assert "bell\ufffdand\ufffdseparator" in note["Options"]
        assert note["Answer"] == "b &amp; c"
        assert "<img" not in note["Excerpt"]
        assert "href" not in note["Excerpt"]
        assert "&lt;/blockquote&gt;" in note["Excerpt"]
        assert sorted(note.tags) == sorted(["trade_policy", "say_hi", "a::b"])
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert "A <b>bold</b> : title" in names
    finally:
        col.close()


def test_subdecks_put_each_topic_under_its_bank(tmp_path: Path, bundled: list[Bank]) -> None:
    bank = bundled[0]
    col = _collection(tmp_path)
    try:
        _import(col, apkg([bank], subdecks=True), tmp_path)
        for topic in bank.topics():
            cards = col.find_cards(f'"deck:{bank.title}::{topic}"')
            assert len(cards) == _cards(
                bank.model_copy(
                    update={"questions": [q for q in bank.questions if q.topic == topic]}
                )
            )
        assert col.card_count() == _cards(bank)
    finally:
        col.close()


def test_ids_depend_on_the_bank_and_question_ids_only(bundled: list[Bank]) -> None:
    bank = bundled[0]
    renamed = bank.model_copy(update={"title": "Another title"})
    ids = [q.id for q in bank.questions]
    assert [note_guid(renamed, i) for i in ids] == [note_guid(bank, i) for i in ids]
    assert len({note_guid(bank, i) for i in ids}) == len(ids)
    assert deck_id(renamed) == deck_id(bank)
    assert deck_id(bundled[1]) != deck_id(bank)
    assert 1 << 30 <= deck_id(bank) < 1 << 31


def test_the_package_holds_the_collection_and_no_media(
    bundled: list[Bank],
) -> None:
    first = apkg(bundled[:1], timestamp=1_700_000_000)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]


@settings(max_examples=15)
@given(bank=random_banks(), subdecks=st.booleans())
def test_any_valid_bank_imports_whole(
    tmp_path_factory: pytest.TempPathFactory, bank: Bank, subdecks: bool
) -> None:
    folder = tmp_path_factory.mktemp("anki")
    col = _collection(folder)
    try:
        log = _import(col, apkg([bank], subdecks=subdecks), folder)
        assert len(log.new) == len(bank.questions)
        assert col.note_count() == len(bank.questions)
        for note in _notes(col).values():
            assert all(" " not in t for t in note.tags)
    finally:
        col.close()


CLOZE = {
    "casequiz": 1,
    "id": "cloze-deck",
    "title": "Cloze deck",
    "sources": {"kt": {"title": "Khmer Times", "outlet": "Khmer Times"}},
    "questions": [
        {
            "id": "eba",
            "type": "cloze",
            "prompt": "Complete the passage.",
            "text": "Cambodia has {{scheme}} access except for {{excluded}}; the EU took "
            "{{share}} of its exports. Not a cloze: {{c9::x}} \\{{ }} a::b",
            "blanks": {
                "scheme": {"answer": "Everything but Arms", "accept": ["EBA"]},
                "excluded": {
                    "type": "choice",
                    "choices": ["arms", "rice", "a}}b::c"],
                    "answer": "arms",
                    "feedback": "Arms are excluded.",
                },
                "share": {"type": "numeric", "answer": 45, "unit": "%"},
            },
            "quotes": "kt",
            "explanation": "The EBA scheme.",
        },
        {"id": "plain", "type": "true_false", "prompt": "A plain note.", "answer": True},
    ],
}


def test_a_cloze_becomes_a_cloze_note_with_a_card_per_blank(tmp_path: Path) -> None:
    data = json_copy(CLOZE)
    data["questions"][0]["text"] = data["questions"][0]["text"].replace("{{c9::x}} ", "")
    bank = Bank.model_validate(data)
    col = _collection(tmp_path)
    try:
        log = _import(col, apkg([bank], timestamp=1_700_000_000), tmp_path)
        assert len(log.new) == 2 and col.note_count() == 2
        assert col.card_count() == 4  # three blanks, and the true/false note
        note = _notes(col)["cloze-deck/eba"]
        assert note.note_type()["type"] == 1  # Anki's Cloze kind of note type
        assert note.guid == note_guid(bank, "eba")
        assert "{{c1::Everything but Arms}}" in note["Text"]
        assert "{{c3::45}}" in note["Text"]
        assert note["Question"] == "Complete the passage."
        assert "also accepted: EBA" in note["Explanation"]
        assert "Khmer Times" in note["Excerpt"] and "Everything but Arms access" in note["Excerpt"]
        cards = sorted(col.find_cards("note:casequiz*cloze"), key=lambda c: col.get_card(c).ord)
        assert [col.get_card(c).ord for c in cards] == [0, 1, 2]
        second = col.get_card(cards[1])
        question = second.question()
        assert "[arms / rice / a&#125;&#125;b&#58;&#58;c]" in question or (
            "[arms / rice / a}}b::c]" in html.unescape(question)
        )
        assert "Everything but Arms" in question and "arms</span>" not in question
        assert ">arms<" in second.answer() or "arms" in html.unescape(second.answer())
        # an edit keeps the note and its cards: the same GUID, updated text
        data["questions"][0]["blanks"]["scheme"]["answer"] = "EBA scheme"
        edited = Bank.model_validate(data)
        log = _import(col, apkg([edited], timestamp=1_700_000_100), tmp_path)
        assert len(log.new) == 0 and col.note_count() == 2 and col.card_count() == 4
        assert "{{c1::EBA scheme}}" in _notes(col)["cloze-deck/eba"]["Text"]
    finally:
        col.close()


def test_bank_text_never_opens_a_cloze(tmp_path: Path) -> None:
    bank = Bank.model_validate(CLOZE)
    col = _collection(tmp_path)
    try:
        _import(col, apkg([bank], timestamp=1_700_000_000), tmp_path)
        assert col.card_count() == 4  # no card for the c9 the passage merely mentions
        text = _notes(col)["cloze-deck/eba"]["Text"]
        assert "c9" in text and "{{c9" not in text
    finally:
        col.close()


def json_copy(data: Any) -> Any:
    import json

    return json.loads(json.dumps(data))
