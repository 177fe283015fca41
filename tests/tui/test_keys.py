"""The keys the help screen lists and docs/tui.md explains are the keys the UI binds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from casequiz.tui.app import CaseQuizApp
from casequiz.tui.keys import SECTIONS
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.help import HelpScreen
from casequiz.tui.screens.history import HistoryScreen
from casequiz.tui.screens.home import HomeScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.screens.results import ResultsScreen
from casequiz.tui.screens.source import SourceScreen
from casequiz.tui.widgets.choices import ChoiceList, TrueFalseList
from casequiz.tui.widgets.cloze import BlankInput, BlankSelect
from casequiz.tui.widgets.matching import PairRows
from casequiz.tui.widgets.modeswitch import ModeSwitch
from casequiz.tui.widgets.ordering import OrderList
from casequiz.tui.widgets.rowlist import RowList
from casequiz.tui.widgets.textanswer import AnswerInput

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "tui.md"
BOUND = [
    CaseQuizApp,
    HomeScreen,
    QuestionScreen,
    FeedbackScreen,
    SourceScreen,
    ResultsScreen,
    HistoryScreen,
    HelpScreen,
    ConfirmScreen,
    RowList,
    ChoiceList,
    TrueFalseList,
    ModeSwitch,
    OrderList,
    PairRows,
    AnswerInput,
    BlankInput,
    BlankSelect,
]
SHOWN = {
    "question_mark": "?",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "shift+up": "shift+↑",
    "shift+down": "shift+↓",
    **{str(n): "1 … 9" for n in range(1, 10)},
}


def listed() -> set[str]:
    """Every key token of the help screen's tables."""
    return {
        token for _, keys in SECTIONS for column, _ in keys for token in re.split(r", | / ", column)
    }


@pytest.mark.parametrize("owner", BOUND, ids=lambda owner: owner.__name__)
def test_every_binding_is_in_the_help(owner: type) -> None:
    keys = [
        key.strip()
        for binding in owner.BINDINGS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    ]
    missing = [key for key in keys if SHOWN.get(key, key) not in listed()]
    assert not missing, f"{owner.__name__} binds {missing}, which the help does not list"


def test_every_key_of_the_help_is_in_the_guide() -> None:
    guide = GUIDE.read_text("utf-8")
    sections = [section for section in SECTIONS if section[0] != "Study"]  # docs/studying.md
    missing = [
        token
        for _, keys in sections
        for column, _ in keys
        for token in re.split(r", | / ", column)
        if f"`{token}`" not in guide
    ]
    assert not missing, f"docs/tui.md does not explain {missing}"
