"""QTI 1.2 packages: valid against the IMS QTI ASI 1.2.1 DTD, built as the IMS samples are.

The DTD and the IMS sample items are read in place from the shared corpora. lxml validates.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

from bank_strategies import banks as random_banks
from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.qti import assessment, losses, package
from casequiz.interop.qti.assessment import (
    ORDER_NOTE,
    UNIT_NOTE,
    canvas_type,
    item_ident,
)

ROOT = Path(__file__).resolve().parents[1]
QTI = ROOT.parent / "shared" / "corpora" / "qti" / "pyslet" / "data_imsqtiv1p2p1"
DTD = etree.DTD(str(QTI / "ims_qtiasiv1p2p1.dtd"))
SAMPLES = sorted((QTI / "input").glob("m*_ir_0*.xml"))
"""The IMS sample items of choice questions (multiple choice, multiple response)."""


def _banks(*folders: Path) -> list[Bank]:
    return [loaded.bank for loaded in load_banks(list(folders))]


BUNDLED = _banks(ROOT / "questions" / "cambodia")
ALL_TYPES = _banks(ROOT / "tests" / "data" / "valid")[0]


def _valid(document: bytes) -> etree._Element:
    root = etree.fromstring(document)
    assert DTD.validate(root), DTD.error_log.filter_from_errors()
    return root


def _links(item: etree._Element) -> list[str]:
    """What is wrong in how an item's parts refer to each other, as the IMS samples do it:
    every condition names a response of the item, a choice condition names one of that
    response's labels, and every feedback shown exists."""
    problems = []
    responses = {
        r.get("ident"): r for r in item.iter("response_lid", "response_str", "response_num")
    }
    feedback = {f.get("ident") for f in item.iter("itemfeedback")}
    for test in item.iter("varequal", "vargte", "varlte"):
        response = responses.get(test.get("respident"))
        if response is None:
            problems.append(f"{test.tag} names no response: {test.get('respident')}")
        elif response.tag == "response_lid":
            labels = {label.get("ident") for label in response.iter("response_label")}
            if (test.text or "").strip() not in labels:
                problems.append(f"{test.text!r} is no label of {response.get('ident')}")
    for shown in item.iter("displayfeedback"):
        if shown.get("linkrefid") not in feedback:
            problems.append(f"no feedback {shown.get('linkrefid')}")
    return problems


def test_the_ims_samples_pass_the_same_checks() -> None:
    """The checks below are the samples' own structure: they hold for every IMS choice item."""
    assert len(SAMPLES) >= 5
    parser = etree.XMLParser(load_dtd=False, no_network=True)
    for path in SAMPLES:
        root = etree.parse(str(path), parser).getroot()
        assert DTD.validate(root), (path.name, DTD.error_log.filter_from_errors())
        for item in root.iter("item"):
            assert _links(item) == [], path.name


@pytest.mark.parametrize("bank", [*BUNDLED, ALL_TYPES], ids=lambda bank: bank.id)
def test_every_bundled_bank_is_valid_qti(bank: Bank) -> None:
    root = _valid(assessment(bank))
    items = root.findall("assessment/section/item")
    assert [item.get("ident") for item in items] == [item_ident(bank, q) for q in bank.questions]
    for item, question in zip(items, bank.questions, strict=True):
        assert _links(item) == [], question.id
        fields = {
            f.findtext("fieldlabel"): f.findtext("fieldentry")
            for f in item.iter("qtimetadatafield")
        }
        assert fields["question_type"] == canvas_type(question)
        assert float(fields["points_possible"]) == question.points
        general = item.find("itemfeedback[@ident='general_fb']")
        if question.source:
            assert general is not None
            shown = general.findtext("flow_mat/material/mattext")
            for excerpt in question.source:
                assert excerpt.quote.replace("&", "&amp;").replace("<", "&lt;") in shown


def test_the_package_holds_the_manifest_and_the_assessment_it_names() -> None:
    data = package([ALL_TYPES, *BUNDLED])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
        resources = manifest.findall("cp:resources/cp:resource", ns)
        assert len(resources) == 1 + len(BUNDLED)
        hrefs = []
        for resource, bank in zip(resources, [ALL_TYPES, *BUNDLED], strict=True):
            assert resource.get("type") == "imsqti_xmlv1p2"
            href = resource.find("cp:file", ns).get("href")
            hrefs.append(href)
            root = _valid(archive.read(href))
            assert root.find("assessment").get("title") == bank.title
        assert sorted(names) == sorted(["imsmanifest.xml", *hrefs])


def _item(bank: Bank, qid: str) -> etree._Element:
    root = _valid(assessment(bank))
    (question,) = [q for q in bank.questions if q.id == qid]
    return root.find(f".//item[@ident='{item_ident(bank, question)}']")


def _by_type(kind: str) -> str:
    return next(q.id for q in ALL_TYPES.questions if q.type == kind)


def test_a_single_choice_scores_its_answer_and_shows_option_feedback() -> None:
    question = next(q for q in ALL_TYPES.questions if q.type == "single")
    item = _item(ALL_TYPES, question.id)
    labels = {
        label.findtext("material/mattext"): label.get("ident")
        for label in item.iter("response_label")
    }
    assert list(labels) == question.options
    scoring = [c for c in item.iter("respcondition") if c.find("setvar") is not None]
    (correct,) = scoring
    assert correct.findtext("conditionvar/varequal") == labels[question.answer]
    assert correct.findtext("setvar") == "100"
    for option in question.feedback:
        assert item.find(f"itemfeedback[@ident='{labels[option]}_fb']") is not None


def test_what_qti_cannot_hold_is_named_per_bank() -> None:
    lines = losses([ALL_TYPES])
    order = next(q.id for q in ALL_TYPES.questions if q.type == "order")
    assert any(
        line.startswith(f"{ALL_TYPES.id}: written as matching") and order in line for line in lines
    )
    assert all(line.startswith(f"{ALL_TYPES.id}: ") for line in lines)
    plain = Bank.model_validate(
        {
            "casequiz": 1,
            "id": "plain",
            "title": "t",
            "questions": [{"id": "q", "type": "true_false", "prompt": "p", "answer": True}],
        }
    )
    assert losses([plain]) == []


def test_numeric_tolerance_is_a_range_around_the_answer() -> None:
    question = next(q for q in ALL_TYPES.questions if q.type == "numeric")
    item = _item(ALL_TYPES, question.id)
    low = float(item.findtext(".//vargte"))
    high = float(item.findtext(".//varlte"))
    assert float(item.findtext(".//or/varequal")) == question.answer
    assert low <= question.answer <= high
    assert item.find(".//render_fib").get("fibtype") == "Decimal"
    prompt = item.findtext("presentation/material/mattext")
    assert question.unit and UNIT_NOTE.format(unit=question.unit.strip()) in prompt


def test_short_answers_accept_every_accepted_text() -> None:
    question = next(q for q in ALL_TYPES.questions if q.type == "short")
    item = _item(ALL_TYPES, question.id)
    accepted = [v.text for v in item.iter("varequal")]
    assert accepted == list(dict.fromkeys([question.answer, *question.accept]))


def test_an_order_question_becomes_matching_and_says_so() -> None:
    question = next(q for q in ALL_TYPES.questions if q.type == "order")
    item = _item(ALL_TYPES, question.id)
    assert ORDER_NOTE in item.findtext("presentation/material/mattext")
    lids = item.findall("presentation/response_lid")
    assert len(lids) == len(question.items)
    place = {}
    for lid in lids:
        labels = {
            lb.get("ident"): lb.findtext("material/mattext") for lb in lid.iter("response_label")
        }
        (test,) = [v for v in item.iter("varequal") if v.get("respident") == lid.get("ident")]
        place[lid.findtext("material/mattext")] = int(labels[test.text])
    assert sorted(place, key=place.__getitem__) == question.items
    adds = [float(s.text) for s in item.iter("setvar") if s.get("action") == "Add"]
    assert sum(adds) == pytest.approx(100, abs=0.01)


def test_a_match_question_offers_every_right_and_distractor_to_each_left() -> None:
    question = next(q for q in ALL_TYPES.questions if q.type == "match")
    item = _item(ALL_TYPES, question.id)
    lids = item.findall("presentation/response_lid")
    assert [lid.findtext("material/mattext") for lid in lids] == list(question.pairs)
    offered = {lb.findtext("material/mattext") for lb in lids[0].iter("response_label")}
    assert offered == {*question.pairs.values(), *question.distractors}


def test_bank_text_stays_text() -> None:
    bank = Bank.model_validate(
        {
            "casequiz": 1,
            "id": "hostile",
            "title": "]]> <!-- & \x00",
            "questions": [
                {
                    "id": "q1",
                    "type": "single",
                    "prompt": "<script>alert(1)</script>\x1b[31m",
                    "options": ["<b>a</b>", "&amp;"],
                    "answer": "&amp;",
                    "explanation": "</mattext></material>",
                }
            ],
        }
    )
    root = _valid(assessment(bank))
    prompt = root.findtext(".//presentation/material/mattext")
    assert prompt == "&lt;script&gt;alert(1)&lt;/script&gt;\ufffd[31m"
    options = [m.text for m in root.iter("mattext")][1:3]
    assert options == ["&lt;b&gt;a&lt;/b&gt;", "&amp;amp;"]
    assert root.find("assessment").get("title") == "]]> <!-- & \ufffd"


@settings(max_examples=60)
@given(bank=random_banks())
def test_any_valid_bank_is_valid_qti(bank: Bank) -> None:
    root = _valid(assessment(bank))
    items = root.findall("assessment/section/item")
    assert len(items) == len(bank.questions)
    for item in items:
        assert _links(item) == []
    with zipfile.ZipFile(io.BytesIO(package([bank]))) as archive:
        assert archive.testzip() is None


def _cloze_bank(blanks: dict, text: str) -> Bank:
    return Bank.model_validate(
        {
            "casequiz": 1,
            "id": "cz",
            "title": "Cloze",
            "questions": [
                {"id": "c", "type": "cloze", "prompt": "Fill in.", "text": text, "blanks": blanks}
            ],
        }
    )


def test_typed_blanks_are_canvas_fill_in_multiple_blanks() -> None:
    bank = _cloze_bank(
        {
            "eba-scheme": {"answer": "Everything but Arms", "accept": ["EBA"], "points": 3},
            "share": {"type": "numeric", "answer": 45, "tolerance": 2},
        },
        "Cambodia has [x] {{eba-scheme}} access; the EU took {{share}} of exports.",
    )
    item = _item(bank, "c")
    fields = {
        f.findtext("fieldlabel"): f.findtext("fieldentry") for f in item.iter("qtimetadatafield")
    }
    assert fields["question_type"] == "fill_in_multiple_blanks_question"
    assert fields["points_possible"] == "4"
    prompt = item.findtext("presentation/material/mattext")
    assert "[eba_scheme]" in prompt and "[share]" in prompt and "&#91;x&#93;" in prompt
    lids = item.findall("presentation/response_lid")
    assert [lid.get("ident") for lid in lids] == ["response_eba_scheme", "response_share"]
    assert [lid.findtext("material/mattext") for lid in lids] == ["eba_scheme", "share"]
    labels = [m.text for m in lids[0].iter("mattext")][1:]
    assert labels == ["Everything but Arms", "EBA"]
    conditions = item.findall("resprocessing/respcondition")
    scored = [c for c in conditions if c.find("setvar") is not None]
    assert [c.findtext("setvar") for c in scored] == ["75", "25"]
    assert len(scored[0].findall("conditionvar/or/varequal")) == 2
    notes = losses([bank])
    assert any("no tolerance" in n for n in notes) and any("equally" in n for n in notes)


def test_choice_blanks_are_canvas_multiple_dropdowns() -> None:
    bank = _cloze_bank(
        {
            "1": {"type": "choice", "choices": ["arms", "rice"], "answer": "arms"},
            "2": {"type": "choice", "choices": ["EU", "US", "China"], "answer": "EU"},
        },
        "All but {{1}} enter the {{2}} free of duty.",
    )
    item = _item(bank, "c")
    assert "multiple_dropdowns_question" in [m.text for m in item.iter("fieldentry")]
    lids = item.findall("presentation/response_lid")
    assert [len(lid.findall("render_choice/response_label")) for lid in lids] == [2, 3]
    first = item.find("resprocessing/respcondition[setvar]/conditionvar/varequal")
    assert first.text == "c-1-0" and first.get("respident") == "response_1"


def test_a_cloze_mixing_kinds_is_written_with_typed_blanks_and_said() -> None:
    bank = _cloze_bank(
        {"a": {"answer": "EBA"}, "b": {"type": "choice", "choices": ["x", "y"], "answer": "y"}},
        "{{a}} and {{b}}",
    )
    item = _item(bank, "c")
    assert "fill_in_multiple_blanks_question" in [m.text for m in item.iter("fieldentry")]
    assert "<p>b: x / y</p>" in item.findtext("presentation/material/mattext")
    assert any("typed and choice blanks" in n for n in losses([bank]))
