"""What a student types in plain mode, read by the conventions of docs/taking.md.

Numbers always refer to the choices as shown (shuffled), never to the bank's order; anything
that fits nothing is an `InputError` whose message says what would fit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.plain.parse import InputError, letter, parse
from casequiz.quiz.draw import Slot

ENGINE = Path(__file__).parent / "data" / "engine"
_banks: list[LoadedBank] = []


pytestmark = pytest.mark.usefixtures("env")


def slot(question_id: str, order: tuple[int, ...] = (), bank: str = "mixed") -> Slot:
    """A slot of a test question, its choices shown in `order`."""
    if not _banks:
        _banks.extend(load_banks([ENGINE / "mixed.yaml", ENGINE / "singles.yaml"]))
    found = next(b for b in _banks if b.bank.id == f"engine-{bank}")
    question = next(q for q in found.bank.questions if q.id == question_id)
    return Slot(found, question, order)


# capital's options: Phnom Penh, Siem Reap, Battambang, Kampot; shown reversed here.
CAPITAL = ("capital", (3, 2, 1, 0))


@pytest.mark.parametrize(
    ("typed", "response"),
    [
        ("4", "Phnom Penh"),
        (" 1 ", "Kampot"),
        ("phnom  PENH", "Phnom Penh"),
        ("Siem Reap", "Siem Reap"),
    ],
)
def test_single_by_number_as_shown_or_by_text(typed: str, response: str) -> None:
    assert parse(slot(*CAPITAL), typed) == response


@pytest.mark.parametrize("typed", ["0", "5", "1,2", "Paris", "-1"])
def test_single_refuses_what_is_not_an_option(typed: str) -> None:
    with pytest.raises(InputError, match="1 to 4"):
        parse(slot(*CAPITAL), typed)


def test_an_option_that_is_a_number_can_be_typed_as_it_reads() -> None:
    """A year among the options is picked by typing the year; 1 to 3 still pick by number."""
    year = slot("year", (2, 1, 0), bank="singles")  # shown: 2020, 2017, 2001
    assert parse(year, "2001") == "2001"
    assert parse(year, "3") == "2001"
    assert parse(year, "1") == "2020"


# goods' options: garments, footwear, arms, bicycles; shown as arms, bicycles, garments, footwear.
GOODS = ("goods", (2, 3, 0, 1))


@pytest.mark.parametrize(
    ("typed", "response"),
    [
        ("1,3", ["arms", "garments"]),
        ("3, 1", ["garments", "arms"]),
        ("3 4 2", ["garments", "footwear", "bicycles"]),
        ("2;2", ["bicycles"]),
        ("footwear", ["footwear"]),
        ("garments, 2", ["garments", "bicycles"]),
    ],
)
def test_multiple_by_numbers_or_texts(typed: str, response: list[str]) -> None:
    assert parse(slot(*GOODS), typed) == response


@pytest.mark.parametrize("typed", ["5", "1,9", "one", ",", "1 x"])
def test_multiple_refuses_what_is_not_a_choice(typed: str) -> None:
    with pytest.raises(InputError):
        parse(slot(*GOODS), typed)


@pytest.mark.parametrize(
    ("typed", "response"),
    [
        ("t", True),
        ("T", True),
        ("true", True),
        ("yes", True),
        ("y", True),
        ("f", False),
        ("False", False),
        ("no", False),
        ("n", False),
    ],
)
def test_true_false_words(typed: str, response: bool) -> None:
    assert parse(slot("withdrawn"), typed) is response


def test_true_false_refuses_other_words() -> None:
    with pytest.raises(InputError, match=r"t .*f"):
        parse(slot("withdrawn"), "maybe")


@pytest.mark.parametrize("typed", ["$5.8bn", "5,800 million", "  5.8  ", "abc"])
def test_numeric_and_short_take_the_text_as_typed(typed: str) -> None:
    assert parse(slot("exports"), typed) == typed.strip()
    assert parse(slot("acronym"), typed) == typed.strip()


# sequence's items: review opened, report published, partial withdrawal; shown reversed.
SEQUENCE = ("sequence", (2, 1, 0))


@pytest.mark.parametrize("typed", ["3 2 1", "3,2,1", " 3 , 2 ; 1 "])
def test_order_by_numbers_as_shown(typed: str) -> None:
    assert parse(slot(*SEQUENCE), typed) == [
        "review opened",
        "report published",
        "partial withdrawal",
    ]


@pytest.mark.parametrize("typed", ["3 2", "3 2 1 1", "3 3 1", "4 2 1", "a b c"])
def test_order_needs_every_number_once(typed: str) -> None:
    with pytest.raises(InputError):
        parse(slot(*SEQUENCE), typed)


# roles: EU -> grants the preferences, Cambodia -> exports the garments; distractor builds the
# ports. Right-hand choices shown as: builds the ports (a), grants (b), exports (c).
ROLES = ("roles", (2, 0, 1))


@pytest.mark.parametrize("typed", ["1b 2c", "1B,2C", "1-b 2=c", "1 b 2 c", "2c 1b", "1->b; 2:c"])
def test_match_pairs_a_number_with_a_letter(typed: str) -> None:
    assert parse(slot(*ROLES), typed) == {
        "EU": "grants the preferences",
        "Cambodia": "exports the garments",
    }


def test_match_may_leave_a_pair_out() -> None:
    assert parse(slot(*ROLES), "2a") == {"Cambodia": "builds the ports"}


@pytest.mark.parametrize("typed", ["1d", "3a", "1b 1c", "b1", "1", "hello", "1b x"])
def test_match_refuses_what_pairs_nothing(typed: str) -> None:
    with pytest.raises(InputError):
        parse(slot(*ROLES), typed)


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("$5.8bn", "'$5.8bn'"),  # `8b` looks like a pair: the word around it is named
        ("$5.8BN", "'$5.8BN'"),  # as it was typed
        ("1b x", "'x'"),
        ("1b, xy2c", "'xy2c'"),
        ("hello", "'hello'"),
        ("1b junk", "'junk'"),
    ],
)
def test_match_names_the_whole_word_it_cannot_read(typed: str, named: str) -> None:
    with pytest.raises(InputError) as refused:
        parse(slot(*ROLES), typed)
    assert str(refused.value).startswith(f"{named}: pair a number with a letter")


def test_letters_go_on_after_z() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
    ]
