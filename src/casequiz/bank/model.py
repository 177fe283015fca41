"""The bank format, version 1: the one model behind loading, validation messages and the schema.

A quiz started from the cache reads a bank as light records (`light`) made after this model,
without importing it; the methods of a source and a bank (`methods`) are the same for both.

Strict types on purpose: YAML 1.1 reads `answer: No` as false and `1.10` as 1.1, so a field that
holds text accepts only text, and the validator tells the teacher to quote it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from casequiz.bank.methods import BankMethods, SourceMethods
from casequiz.bank.names import BLANK_NAME, SLUG

Slug = Annotated[str, Field(pattern=SLUG)]
Text = Annotated[str, Field(min_length=1)]

QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "numeric",
    "short",
    "order",
    "match",
    "cloze",
)
BLANK_TYPES = ("short", "numeric", "choice")

# An omitted list or mapping is made fresh (a factory) rather than copied from a shared default:
# pydantic deep-copies a mutable default for every question that omits it, thousands of copies
# in a large bank. The schema still says what the default is.
_EMPTY_LIST: Any = Field(default_factory=list, json_schema_extra={"default": []})
_EMPTY_MAPPING: Any = Field(default_factory=dict, json_schema_extra={"default": {}})

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def _as_list(value: Any) -> Any:
    """`source:` takes one excerpt or a list of them; the model always holds a list."""
    return [value] if isinstance(value, dict) else value


def _date_as_text(value: Any) -> Any:
    """`published: 2019-05-01` is a date to YAML; the bank keeps what the teacher wrote."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _finite(value: float) -> bool:
    """Whether a number is finite as a float: an integer past 1e308 is not one at all."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _tolerance(value: Any) -> float | str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError("tolerance", 'must be a number or a percentage such as "5%"')
    if isinstance(value, str) and not _PERCENT.match(value):
        raise PydanticCustomError("tolerance", 'must be a number or a percentage such as "5%"')
    if isinstance(value, int | float) and not _finite(value):
        raise PydanticCustomError("tolerance", "must be a finite number")
    if isinstance(value, int | float) and value < 0:
        raise PydanticCustomError("tolerance", "must not be negative")
    return float(value) if isinstance(value, int) else value


Tolerance = Annotated[
    float | str,
    PlainValidator(
        _tolerance,
        json_schema_input_type=Annotated[float, Field(ge=0)]
        | Annotated[str, Field(pattern=_PERCENT.pattern)],
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True
    )


class Source(_Strict, SourceMethods):
    """A text the excerpts are taken from, described well enough to cite."""

    title: Text
    outlet: str | None = None
    author: str | None = None
    published: Annotated[str | None, BeforeValidator(_date_as_text)] = None
    url: str | None = None
    file: str | None = Field(
        default=None,
        description="Path to the source text, relative to the bank file, inside its folder.",
    )


class Excerpt(_Strict):
    """A verbatim quotation of a source that supports an answer."""

    ref: Slug = Field(description="The id of a source of this bank.")
    quote: Text = Field(description="Copied word for word from the source text.")


Excerpts = Annotated[
    list[Excerpt],
    BeforeValidator(_as_list, json_schema_input_type=Excerpt | list[Excerpt]),
]


class _Question(_Strict):
    id: Slug
    prompt: Text
    topic: str | None = None
    tags: list[str] = _EMPTY_LIST
    points: float = Field(default=1.0, gt=0)
    difficulty: Annotated[int, Field(ge=1, le=3)] | None = None
    hint: str | None = None
    explanation: str | None = None
    feedback: dict[str, str] = Field(
        default_factory=dict,
        description="Option text -> feedback shown.",
        json_schema_extra={"default": {}},
    )
    source: Excerpts = _EMPTY_LIST


class SingleQuestion(_Question):
    type: Literal["single"]
    options: list[str]
    answer: str = Field(description="The correct option, by its text.")


class MultipleQuestion(_Question):
    type: Literal["multiple"]
    options: list[str]
    answers: list[str] = Field(description="The correct options, by their text.")
    scoring: Literal["partial", "all"] = "partial"


class TrueFalseQuestion(_Question):
    type: Literal["true_false"]
    answer: bool


class NumericQuestion(_Question):
    type: Literal["numeric"]
    answer: float
    tolerance: Tolerance = 0.0
    unit: str | None = None


class ShortQuestion(_Question):
    type: Literal["short"]
    answer: Text
    accept: list[str] = _EMPTY_LIST
    match: Literal["normalized", "exact", "fuzzy"] = "normalized"


class OrderQuestion(_Question):
    type: Literal["order"]
    items: Annotated[list[str], Field(min_length=2)] = Field(description="In the correct order.")
    scoring: Literal["partial", "all"] = "partial"


class MatchQuestion(_Question):
    type: Literal["match"]
    pairs: Annotated[dict[str, str], Field(min_length=2)]
    distractors: list[str] = _EMPTY_LIST


class _Blank(_Strict):
    points: float = Field(default=1.0, gt=0)
    feedback: str | None = Field(
        default=None, description="Shown with this blank's result when it is not fully right."
    )


class ShortBlank(_Blank):
    """A blank answered in words, scored as a `short` question."""

    type: Literal["short"] = "short"
    answer: Text
    accept: list[str] = _EMPTY_LIST
    match: Literal["normalized", "exact", "fuzzy"] = "normalized"


class NumericBlank(_Blank):
    """A blank answered with a figure, scored as a `numeric` question."""

    type: Literal["numeric"]
    answer: float
    tolerance: Tolerance = 0.0
    unit: str | None = None


class ChoiceBlank(_Blank):
    """A blank filled from a list (a dropdown), scored as a `single` question."""

    type: Literal["choice"]
    choices: list[str]
    answer: str = Field(description="The correct choice, by its text.")


def _blank_type(value: Any) -> str:
    """A blank without `type` is a short answer, the commonest kind."""
    kind = value.get("type", "short") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if isinstance(kind, str) else "short"


AnyBlank = ShortBlank | NumericBlank | ChoiceBlank
Blank = Annotated[
    Annotated[ShortBlank, Tag("short")]
    | Annotated[NumericBlank, Tag("numeric")]
    | Annotated[ChoiceBlank, Tag("choice")],
    Discriminator(_blank_type),
]


def _blank_keys(value: Any) -> Any:
    """`1:` is a number to YAML; a numbered blank is named by its digits."""
    if isinstance(value, dict):
        return {
            str(key) if isinstance(key, int) and not isinstance(key, bool) else key: item
            for key, item in value.items()
        }
    return value


class ClozeQuestion(_Question):
    """A passage with blanks, `{{name}}` in `text`, each blank scored on its own."""

    type: Literal["cloze"]
    text: Text = Field(description="The passage; each blank is written {{name}} once.")
    blanks: Annotated[
        dict[Annotated[str, Field(pattern=BLANK_NAME)], Blank],
        Field(min_length=1),
        BeforeValidator(_blank_keys),
    ] = Field(description="Each blank of the text by its name: a slug or a number.")
    quotes: Slug | None = Field(
        default=None,
        description="A source the passage, blanks filled with their answers, quotes verbatim.",
    )
    points: SkipJsonSchema[float] = Field(default=0.0, exclude=True)  # type: ignore[assignment]
    """The sum of the blanks' points: a cloze is given points per blank."""

    @model_validator(mode="after")
    def _total(self) -> ClozeQuestion:
        # Derived, never stored: the cache and every dump leave it out, and a `points:` the
        # teacher wrote is reported by the checks (it is in `model_fields_set`).
        object.__setattr__(self, "points", math.fsum(b.points for b in self.blanks.values()))
        return self


AnyQuestion = (
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | ShortQuestion
    | OrderQuestion
    | MatchQuestion
    | ClozeQuestion
)
"""Any question, for type hints."""

Question = Annotated[AnyQuestion, Field(discriminator="type")]
"""Any question, for validation: the `type` field says which model applies."""

ChoiceQuestion = SingleQuestion | MultipleQuestion


class Bank(_Strict, BankMethods):
    """A question bank: one YAML file, its sources and its questions."""

    casequiz: Literal[1] = Field(description="The format version.")
    id: Slug
    title: Text
    description: str | None = None
    language: str = "en"
    sources: dict[str, Source] = _EMPTY_MAPPING
    questions: list[Question]
