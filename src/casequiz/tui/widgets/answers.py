"""The answer widget for a drawn question, by its type.

Each widget's module is imported when a question of its type is first shown: a start-up draws
one question, and need not load the cloze, match and order widgets to show a single choice.
"""

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


def answer_widget(slot: Slot) -> Widget:
    """A fresh widget to answer `slot`'s question with, its choices in the order drawn."""
    question = slot.question
    if isinstance(question, SingleQuestion | MultipleQuestion):
        from casequiz.tui.widgets.choices import ChoiceList

        multiple = isinstance(question, MultipleQuestion)
        return ChoiceList(slot.choices(), multiple=multiple, id="answer")
    if isinstance(question, TrueFalseQuestion):
        from casequiz.tui.widgets.choices import TrueFalseList

        return TrueFalseList(id="answer")
    if isinstance(question, NumericQuestion | ShortQuestion):
        from casequiz.tui.widgets.textanswer import TextAnswer

        if isinstance(question, NumericQuestion):
            return TextAnswer(numeric=True, unit=question.unit, id="answer")
        return TextAnswer(numeric=False, id="answer")
    if isinstance(question, OrderQuestion):
        from casequiz.tui.widgets.ordering import OrderAnswer

        return OrderAnswer(slot.choices(), id="answer")
    if isinstance(question, MatchQuestion):
        from casequiz.tui.widgets.matching import MatchAnswer

        return MatchAnswer(list(question.pairs), slot.choices(), id="answer")
    if isinstance(question, ClozeQuestion):
        from casequiz.tui.widgets.cloze import ClozeAnswer

        return ClozeAnswer(question, id="answer")
    raise TypeError(f"no answer widget for {type(question).__name__}")
