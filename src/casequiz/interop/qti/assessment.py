"""A bank as a QTI 1.2 assessment: one item per question, in the shape Canvas imports.

The layout follows what Canvas itself exports (and text2qti writes): a `SCORE` from 0 to 100
that the LMS scales to the item's points (`points_possible`), a general feedback shown after
answering (the explanation and the excerpts with their sources), and a feedback per option
where the bank has one. QTI 1.2 has no ordering question that Canvas imports, so an order
question becomes a matching one (each item to its place) and its prompt says so.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from casequiz.bank.cloze import cited_excerpts
from casequiz.bank.model import (
    AnyQuestion,
    Bank,
    ClozeQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.interop.chars import number, unrevealing
from casequiz.interop.qti.xml import document, el, html_text, material, metadata

__all__ = [
    "CANVAS_TYPES",
    "ORDER_NOTE",
    "UNIT_NOTE",
    "assessment",
    "assessment_ident",
    "canvas_type",
    "item_ident",
]

CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
    "short": "short_answer_question",
    "match": "matching_question",
    "order": "matching_question",
}

ORDER_NOTE = "Match each item to its place in the order (1 is the first)."
"""Added to an order question's prompt: QTI 1.2 gives it to the LMS as a matching question."""

UNIT_NOTE = "Answer in {unit}."
"""Added to a numeric question's prompt when it has a unit: the answer box takes a number only."""

RESPONSE = "response1"
GENERAL = "general_fb"


def assessment_ident(bank: Bank) -> str:
    return f"casequiz-{bank.id}"


def item_ident(bank: Bank, question: AnyQuestion) -> str:
    return f"casequiz-{bank.id}-{question.id}"


def canvas_type(question: AnyQuestion) -> str:
    """The Canvas question type an item is imported as."""
    if isinstance(question, ClozeQuestion):
        from casequiz.interop.qti.cloze import canvas_type as cloze_type

        return cloze_type(question)
    return CANVAS_TYPES[question.type]


def _feedback_html(bank: Bank, question: AnyQuestion) -> str:
    """The explanation and every excerpt with the source it is quoted from (for a cloze that
    quotes, the passage itself)."""
    parts = [f"<p>{html_text(question.explanation)}</p>"] if question.explanation else []
    for excerpt in cited_excerpts(question):
        source = bank.sources.get(excerpt.ref)
        cite = html_text(source.citation() if source else excerpt.ref)
        parts.append(f"<blockquote>{html_text(excerpt.quote)}</blockquote><p>— {cite}</p>")
    return "".join(parts)


class _Item:
    """One item under construction: its presentation, its conditions and its feedback."""

    def __init__(self, section: Element, bank: Bank, question: AnyQuestion, prompt: str) -> None:
        self.question = question
        self.node = el(section, "item", ident=item_ident(bank, question), title=question.id)
        meta = el(self.node, "itemmetadata")
        metadata(
            meta,
            {
                "question_type": canvas_type(question),
                "points_possible": number(question.points),
                "assessment_question_identifierref": item_ident(bank, question) + "-ref",
            },
        )
        self.presentation = el(self.node, "presentation")
        material(self.presentation, prompt)
        self.feedback: dict[str, str] = {}
        general = _feedback_html(bank, question)
        if general:
            self.feedback[GENERAL] = general
        self.conditions: list[tuple[list[tuple[str, str, dict[str, str]]], str, str | None]] = []

    def choices(self, ident: str, options: list[tuple[str, str]], *, multiple: bool) -> Element:
        """A `response_lid` whose labels are `(ident, html)` pairs."""
        lid = el(
            self.presentation,
            "response_lid",
            ident=ident,
            rcardinality="Multiple" if multiple else "Single",
        )
        return self._labels(lid, options)

    def _labels(self, lid: Element, options: list[tuple[str, str]]) -> Element:
        render = el(lid, "render_choice")
        for ident, markup in options:
            label = el(render, "response_label", ident=ident)
            material(label, markup)
        return lid

    def option_feedback(self, options: list[tuple[str, str]], texts: list[str]) -> None:
        for (ident, _), text in zip(options, texts, strict=True):
            if text in self.question.feedback:
                self.feedback[f"{ident}_fb"] = html_text(self.question.feedback[text])

    def write(self, correct: Element) -> None:
        """The `resprocessing` (general feedback, option feedback, the correct condition
        already built into `correct`) and the feedback texts."""
        processing = el(self.node, "resprocessing")
        outcomes = el(processing, "outcomes")
        el(
            outcomes,
            "decvar",
            maxvalue="100",
            minvalue="0",
            varname="SCORE",
            vartype="Decimal",
        )
        if GENERAL in self.feedback:
            condition = el(processing, "respcondition", **{"continue": "Yes"})
            el(el(condition, "conditionvar"), "other")
            el(condition, "displayfeedback", feedbacktype="Response", linkrefid=GENERAL)
        for key in self.feedback:
            if key == GENERAL:
                continue
            condition = el(processing, "respcondition", **{"continue": "Yes"})
            test = el(condition, "conditionvar")
            el(test, "varequal", key.removesuffix("_fb"), respident=RESPONSE)
            el(condition, "displayfeedback", feedbacktype="Response", linkrefid=key)
        for condition in correct:
            processing.append(condition)
        for ident, markup in self.feedback.items():
            node = el(self.node, "itemfeedback", ident=ident)
            material(el(node, "flow_mat"), markup)


def _scored(holder: Element, action: str = "Set") -> Element:
    """A `respcondition` to fill in, which sets (or adds to) the score when it holds."""
    condition = Element("respcondition", {"continue": "No" if action == "Set" else "Yes"})
    holder.append(condition)
    return condition


def _score(condition: Element, value: str, action: str = "Set") -> None:
    el(condition, "setvar", value, action=action, varname="SCORE")


def _choice_item(item: _Item, texts: list[str], right: set[str], *, multiple: bool) -> Element:
    question = item.question
    options = [(f"{question.id}-{i}", html_text(text)) for i, text in enumerate(texts)]
    item.choices(RESPONSE, options, multiple=multiple)
    item.option_feedback(options, texts)
    correct = Element("conditions")
    condition = _scored(correct)
    test = el(condition, "conditionvar")
    if multiple:
        both = el(test, "and")
        for (ident, _), text in zip(options, texts, strict=True):
            parent = both if text in right else el(both, "not")
            el(parent, "varequal", ident, respident=RESPONSE)
    else:
        for (ident, _), text in zip(options, texts, strict=True):
            if text in right:
                el(test, "varequal", ident, respident=RESPONSE)
    _score(condition, "100")
    return correct


def _text_entry(item: _Item, fibtype: str) -> None:
    response = el(item.presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    render = el(response, "render_fib", fibtype=fibtype)
    el(render, "response_label", ident="answer1", rshuffle="No")


def _tolerance(question: NumericQuestion) -> float:
    if isinstance(question.tolerance, str):
        return abs(question.answer) * float(question.tolerance.strip().rstrip("%")) / 100
    return question.tolerance


def _numeric(item: _Item, question: NumericQuestion) -> Element:
    _text_entry(item, "Decimal")
    margin = _tolerance(question)
    correct = Element("conditions")
    condition = _scored(correct)
    either = el(el(condition, "conditionvar"), "or")
    el(either, "varequal", number(question.answer), respident=RESPONSE)
    within = el(either, "and")
    el(within, "vargte", number(question.answer - margin), respident=RESPONSE)
    el(within, "varlte", number(question.answer + margin), respident=RESPONSE)
    _score(condition, "100")
    return correct


def _short(item: _Item, question: ShortQuestion) -> Element:
    _text_entry(item, "String")
    correct = Element("conditions")
    condition = _scored(correct)
    test = el(condition, "conditionvar")
    for answer in dict.fromkeys([question.answer, *question.accept]):
        el(test, "varequal", answer, respident=RESPONSE, case="No")
    _score(condition, "100")
    return correct


def _pairs(item: _Item, pairs: list[tuple[str, str]], rights: list[str]) -> Element:
    """A matching item: a `response_lid` per left, each offering every right."""
    question = item.question
    options = [(f"{question.id}-r{i}", html_text(text)) for i, text in enumerate(rights)]
    ident_of = {text: ident for (ident, _), text in zip(options, rights, strict=True)}
    correct = Element("conditions")
    share = number(round(100 / len(pairs), 4))
    for i, (left, right) in enumerate(pairs):
        respident = f"response_{question.id}-l{i}"
        lid = el(item.presentation, "response_lid", ident=respident, rcardinality="Single")
        material(lid, html_text(left))
        item._labels(lid, options)
        condition = _scored(correct, action="Add")
        el(el(condition, "conditionvar"), "varequal", ident_of[right], respident=respident)
        _score(condition, share, "Add")
    return correct


def _item(section: Element, bank: Bank, question: AnyQuestion) -> None:
    prompt = html_text(question.prompt)
    if isinstance(question, NumericQuestion) and question.unit:
        prompt += f"<p>{html_text(UNIT_NOTE.format(unit=question.unit.strip()))}</p>"
    if isinstance(question, OrderQuestion):
        prompt += f"<p>{ORDER_NOTE}</p>"
    if isinstance(question, ClozeQuestion):
        from casequiz.interop.qti.cloze import cloze_item, cloze_prompt

        item = _Item(section, bank, question, cloze_prompt(question))
        item.write(cloze_item(item, question))
        return
    item = _Item(section, bank, question, prompt)
    if isinstance(question, SingleQuestion):
        correct = _choice_item(item, question.options, {question.answer}, multiple=False)
    elif isinstance(question, MultipleQuestion):
        correct = _choice_item(item, question.options, set(question.answers), multiple=True)
    elif isinstance(question, TrueFalseQuestion):
        right = {"True" if question.answer else "False"}
        correct = _choice_item(item, ["True", "False"], right, multiple=False)
    elif isinstance(question, NumericQuestion):
        correct = _numeric(item, question)
    elif isinstance(question, ShortQuestion):
        correct = _short(item, question)
    elif isinstance(question, OrderQuestion):
        places = [str(n) for n in range(1, len(question.items) + 1)]
        place = dict(zip(question.items, places, strict=True))
        correct = _pairs(
            item, [(text, place[text]) for text in unrevealing(question.items)], places
        )
    else:
        assert isinstance(question, MatchQuestion)
        rights = unrevealing(list(dict.fromkeys([*question.pairs.values(), *question.distractors])))
        correct = _pairs(item, list(question.pairs.items()), rights)
    item.write(correct)


def assessment(bank: Bank) -> bytes:
    """The QTI 1.2 `questestinterop` document of `bank`, UTF-8."""
    root = Element("questestinterop")
    test = el(root, "assessment", ident=assessment_ident(bank), title=bank.title)
    metadata(test, {"cc_maxattempts": "1"})
    section = el(test, "section", ident="root_section")
    for question in bank.questions:
        _item(section, bank, question)
    return document(root)
