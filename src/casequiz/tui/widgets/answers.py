"""The answer widget for a drawn question, by its type.

Each widget's module is imported when a question of its type is first shown: a start-up draws
one question, and need not load the cloze, match and order widgets to show a single choice.
"""

from __future__ import annotations

from textual.widget import Widget

from casequiz.quiz.draw import Slot


def answer_widget(slot: Slot) -> Widget:
    """A fresh widget to answer `slot`'s question with, its choices in the order drawn."""
    question = slot.question
    if question.type in ("single", "multiple"):
        from casequiz.tui.widgets.choices import ChoiceList

        multiple = question.type == "multiple"
        return ChoiceList(slot.choices(), multiple=multiple, id="answer")
    if question.type == "true_false":
        from casequiz.tui.widgets.choices import TrueFalseList

        return TrueFalseList(id="answer")
    if question.type in ("numeric", "short"):
        from casequiz.tui.widgets.textanswer import TextAnswer

        if question.type == "numeric":
            return TextAnswer(numeric=True, unit=question.unit, id="answer")
        return TextAnswer(numeric=False, id="answer")
    if question.type == "order":
        from casequiz.tui.widgets.ordering import OrderAnswer

        return OrderAnswer(slot.choices(), id="answer")
    if question.type == "match":
        from casequiz.tui.widgets.matching import MatchAnswer

        return MatchAnswer(list(question.pairs), slot.choices(), id="answer")
    if question.type == "cloze":
        from casequiz.tui.widgets.cloze import ClozeAnswer

        return ClozeAnswer(question, id="answer")
    raise TypeError(f"no answer widget for {type(question).__name__}")
