"""Every key of the terminal UI, by screen: what the help screen lists and docs/tui.md explains.

Kept as data beside the bindings rather than generated from them, because some keys are read
by widgets (number keys, arrows) and a student needs them described in words; a test checks
that every binding of every screen and widget appears here, and in the guide.
"""

from __future__ import annotations

Section = tuple[str, list[tuple[str, str]]]

EVERYWHERE: Section = (
    "Everywhere",
    [
        ("tab / shift+tab", "move between the parts of a screen"),
        ("f1", "this help"),
        ("ctrl+t", "switch between the dark and the light theme"),
        ("ctrl+p", "the command palette: start a bank, resume, history, study, theme, help"),
        ("ctrl+q", "quit (during an attempt, asks first; every answer is already saved)"),
    ],
)

HOME: Section = (
    "Home",
    [
        ("↑ / ↓, space", "move in a list; space ticks a bank or a topic"),
        ("← / →", "choose practice or exam"),
        ("enter", "start (in a text box or on Start); resume (in the unfinished list)"),
        ("ctrl+s", "start with the choices made"),
        ("ctrl+r", "resume the most recent unfinished attempt"),
        ("ctrl+l", "study: the questions due for the name typed (spaced repetition)"),
        ("ctrl+o", "history: the finished attempts of the name typed"),
    ],
)

HISTORY: Section = (
    "History",
    [
        ("↑ / ↓", "choose an attempt"),
        ("enter", "open its results, then any question's feedback"),
        ("escape", "back to the home screen"),
        ("?", "this help"),
    ],
)

QUESTION: Section = (
    "Question",
    [
        ("enter", "submit the answer (after feedback: see it again)"),
        ("1 … 9", "choose that option; tick it in a 'several answers' question"),
        ("t / f", "true or false: choose True or False (as 1 / 2 do)"),
        ("space", "tick or untick the option under the cursor"),
        ("↑ / ↓, home / end", "move the cursor (home / end: to the first or last row)"),
        ("u / d, shift+↑ / shift+↓", "order: move the item under the cursor up or down"),
        ("1 … 9, ← / →", "match: give the row under the cursor that choice, or step through"),
        ("backspace / delete", "match: clear the row's choice"),
        ("tab / shift+tab", "cloze: the next or the previous blank"),
        ("enter", "cloze: on to the next blank; on the last, submit"),
        ("space, ↑ / ↓", "cloze: open a dropdown (a letter opens it at a choice); enter chooses"),
        ("s, pagedown", "skip to the next unanswered question"),
        ("b, pageup", "back to the previous question"),
        ("m, ctrl+f", "flag (mark) the question to come back to, or unflag it"),
        ("ctrl+g, h", "show the hint, when the question has one (ctrl+g in a text box too)"),
        ("e", "end the attempt now (asks first)"),
        ("escape", "leave the text box, so that letter keys work as commands"),
        ("?", "this help"),
        ("q", "quit (asks first)"),
    ],
)

FEEDBACK: Section = (
    "Feedback",
    [
        ("enter, n", "continue (back to the results, in a review)"),
        ("o", "open the full text of the source, at the excerpt"),
        ("tab", "go from one excerpt to the next"),
        ("↑ / ↓, pageup / pagedown", "scroll"),
        ("escape", "back"),
        ("?", "this help"),
        ("q", "quit (asks first)"),
    ],
)

SOURCE: Section = (
    "Source text",
    [
        ("↑ / ↓, pageup / pagedown", "scroll"),
        ("escape, o, q", "close"),
    ],
)

RESULTS: Section = (
    "Results",
    [
        ("↑ / ↓", "choose a question"),
        ("enter", "open its feedback"),
        ("r", "practice again the questions not answered right"),
        ("h", "back to the home screen"),
        ("escape", "back to the history (an attempt opened from it)"),
        ("?", "this help"),
        ("q", "quit"),
    ],
)

HELP: Section = (
    "Help",
    [
        ("escape, enter, ?, f1, q", "close the help"),
    ],
)

DIALOGS: Section = (
    "Dialogs",
    [
        ("y", "yes"),
        ("n, escape", "no"),
        ("enter", "the button with the focus"),
    ],
)

STUDY: Section = (
    "Study",
    [
        ("ctrl+s, enter", "menu: study the ticked banks"),
        ("space, 1 … 9", "menu: tick or untick a bank"),
        ("escape", "menu: back (quit, when started by `casequiz study`)"),
        (
            "enter",
            "question: submit the answer (a cloze: the next blank, on the last submit); "
            "feedback: keep the rating and go on",
        ),
        ("1 / 2 / 3 / 4", "feedback: rate Again / Hard / Good / Easy instead"),
        ("s, pagedown", "question: skip it for today (it stays due)"),
        ("ctrl+g, h", "question: show the hint (ctrl+g in a text box too)"),
        ("e", "question: end the session (every rating is already saved)"),
        ("o", "feedback: open the full text of the source"),
        ("?", "this help"),
        ("q", "quit (every rating is already saved)"),
    ],
)

SECTIONS: list[Section] = [
    EVERYWHERE,
    HOME,
    QUESTION,
    FEEDBACK,
    SOURCE,
    RESULTS,
    HISTORY,
    STUDY,
    DIALOGS,
    HELP,
]
