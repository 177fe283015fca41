"""The answer widget for a drawn question, by its type."""

from __future__ import annotations

from textual.widget import Widget

from casequiz.bank.model import (
    ClozeQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.quiz.draw import Slot
from casequiz.tui.widgets.choices import ChoiceList, TrueFalseList
from casequiz.tui.widgets.cloze import ClozeAnswer
from casequiz.tui.widgets.matching import MatchAnswer
from casequiz.tui.widgets.ordering import OrderAnswer
from casequiz.tui.widgets.textanswer import TextAnswer


def answer_widget(slot: Slot) -> Widget:
    """A fresh widget to answer `slot`'s question with, its choices in the order drawn."""
    question = slot.question
    if isinstance(question, SingleQuestion):
        return ChoiceList(slot.choices(), id="answer")
    if isinstance(question, MultipleQuestion):
        return ChoiceList(slot.choices(), multiple=True, id="answer")
    if isinstance(question, TrueFalseQuestion):
        return TrueFalseList(id="answer")
    if isinstance(question, NumericQuestion):
        return TextAnswer(numeric=True, unit=question.unit, id="answer")
    if isinstance(question, ShortQuestion):
        return TextAnswer(numeric=False, id="answer")
    if isinstance(question, OrderQuestion):
        return OrderAnswer(slot.choices(), id="answer")
    if isinstance(question, MatchQuestion):
        return MatchAnswer(list(question.pairs), slot.choices(), id="answer")
    if isinstance(question, ClozeQuestion):
        return ClozeAnswer(question, id="answer")
    raise TypeError(f"no answer widget for {type(question).__name__}")
