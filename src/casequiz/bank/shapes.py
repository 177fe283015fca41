"""The bank format's shapes as plain data: each model's fields in order, what each may hold, and
the default of each optional one, for the validator's fast path (`accept`), which must not
import pydantic.

The model stays the one definition: `SHAPES` is derived from its JSON Schema by `derive`, and a
test derives it again and compares (`tests/test_accept.py`). After changing the model, run
`python -c "from casequiz.bank.shapes import print_shapes; print_shapes()"`, paste it in
place of `_QUESTION` and `SHAPES`, and `ruff format` the file.

A shape is a tuple whose first item says what it is:

- `("str", min_length, pattern)`: text (`pattern` whole, or None);
- `("number", exclusive_minimum, minimum)`, `("integer", minimum, maximum)`, `("boolean",)`;
- `("const", value)`, `("enum", values)`, `("null",)`, `("any_of", shapes)`: the first that fits;
- `("array", item, min_items)`, `("object", value, key_pattern, min_properties)`;
- `("ref", model)`, and `("tagged", models, default)`: the model whose `type` is the value's
  (`default` when the value has none, or None when it must have one).

A model is a tuple of fields `(name, shape, required, default)`, in the model's order (the
order its JSON is written in).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any

    Shape = tuple[Any, ...]
    Field = tuple[str, Shape, bool, Any]

_REF = "#/definitions/"


def derive(schema: dict[str, Any]) -> dict[str, tuple[Field, ...]]:
    """The shapes of every model in a Draft 7 schema made by `bank.schema.bank_schema`.

    Anything this does not know is an error here rather than a shape the fast path would
    misread: a new keyword in the model's schema must be taught to both.
    """
    definitions = schema.get("definitions", {})
    models = {name: _model(node, definitions) for name, node in definitions.items()}
    models["Bank"] = _model(schema, definitions)
    return dict(sorted(models.items()))


_IGNORED = {"title", "description", "default", "$schema", "$id", "definitions"}


def _model(node: dict[str, Any], definitions: dict[str, Any]) -> tuple[Field, ...]:
    if node.get("type") != "object" or node.get("additionalProperties") is not False:
        raise ValueError(f"not a closed object: {node.get('title')}")
    required = set(node.get("required", ()))
    return tuple(
        (
            name,
            _shape(prop, definitions),
            name in required,
            None if name in required else prop.get("default"),
        )
        for name, prop in node["properties"].items()
    )


def _shape(node: dict[str, Any], definitions: dict[str, Any]) -> Shape:
    known = set(node) - _IGNORED
    if "$ref" in node and known == {"$ref"}:
        return ("ref", node["$ref"].removeprefix(_REF))
    if "anyOf" in node and known == {"anyOf"}:
        return ("any_of", tuple(_shape(branch, definitions) for branch in node["anyOf"]))
    if "oneOf" in node and known == {"oneOf"}:
        return _tagged(node["oneOf"], definitions)
    if "const" in node and known <= {"const", "type"}:
        return ("const", node["const"])
    if "enum" in node and known <= {"enum", "type"}:
        return ("enum", tuple(node["enum"]))
    kind = node.get("type")
    if kind == "string" and known <= {"type", "minLength", "pattern"}:
        return ("str", node.get("minLength", 0), node.get("pattern"))
    if kind == "number" and known <= {"type", "exclusiveMinimum", "minimum"}:
        return ("number", node.get("exclusiveMinimum"), node.get("minimum"))
    if kind == "integer" and known <= {"type", "minimum", "maximum"}:
        return ("integer", node.get("minimum"), node.get("maximum"))
    if kind == "boolean" and known == {"type"}:
        return ("boolean",)
    if kind == "null" and known == {"type"}:
        return ("null",)
    if kind == "array" and known <= {"type", "items", "minItems"}:
        return ("array", _shape(node["items"], definitions), node.get("minItems", 0))
    if kind == "object" and known <= {
        "type",
        "additionalProperties",
        "patternProperties",
        "minProperties",
    }:
        patterns = node.get("patternProperties", {})
        if len(patterns) > 1 or ("additionalProperties" in node) == bool(patterns):
            raise ValueError(f"an object of values both by pattern and not: {node}")
        key, value = next(iter(patterns.items()), (None, node.get("additionalProperties")))
        return ("object", _shape(value, definitions), key, node.get("minProperties", 0))
    raise ValueError(f"a schema the fast path cannot read: {node}")


def _tagged(branches: list[dict[str, Any]], definitions: dict[str, Any]) -> Shape:
    models: dict[str, str] = {}
    default = None
    for branch in branches:
        name = branch.get("$ref", "").removeprefix(_REF)
        tag = definitions[name]["properties"]["type"]
        models[tag["const"]] = name
        if "default" in tag:
            default = tag["default"]
    return ("tagged", models, default)


def print_shapes() -> None:
    """Print `SHAPES` as derived from the model, to paste here after changing it (then
    `ruff format` the file): the fields most questions share first, as `_QUESTION`."""
    import pprint

    from casequiz.bank.schema import bank_schema

    shapes = derive(bank_schema())
    shared = _most_shared([f for name, f in shapes.items() if name.endswith("Question")])
    print(f"_QUESTION: tuple[Field, ...] = {pprint.pformat(shared, width=100)}")
    print(
        '"""The first fields most questions share, in their order (each model that starts so)."""\n'
    )
    print("SHAPES: dict[str, tuple[Field, ...]] = {")
    for name, fields in shapes.items():
        if shared and fields[: len(shared)] == shared:
            rest = "".join(f"{pprint.pformat(f, width=100)}, " for f in fields[len(shared) :])
            print(f"    {name!r}: (*_QUESTION, {rest}),")
        else:
            print(f"    {name!r}: {pprint.pformat(fields, width=100)},")
    print("}")


def _most_shared(models: list[tuple[Field, ...]]) -> tuple[Field, ...]:
    """The run of first fields that covers the most fields over all `models` that start so."""
    best: tuple[Field, ...] = ()
    best_cover = 0
    for fields in models:
        for length in range(1, len(fields) + 1):
            prefix = fields[:length]
            cover = length * sum(1 for other in models if other[:length] == prefix)
            if cover > best_cover:
                best, best_cover = prefix, cover
    return best


_QUESTION: tuple[Field, ...] = (
    ("id", ("str", 0, "^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"), True, None),
    ("prompt", ("str", 1, None), True, None),
    ("topic", ("any_of", (("str", 0, None), ("null",))), False, None),
    ("tags", ("array", ("str", 0, None), 0), False, []),
    ("points", ("number", 0, None), False, 1.0),
    ("difficulty", ("any_of", (("integer", 1, 3), ("null",))), False, None),
    ("hint", ("any_of", (("str", 0, None), ("null",))), False, None),
    ("explanation", ("any_of", (("str", 0, None), ("null",))), False, None),
    ("feedback", ("object", ("str", 0, None), None, 0), False, {}),
    ("source", ("any_of", (("ref", "Excerpt"), ("array", ("ref", "Excerpt"), 0))), False, []),
)
"""The first fields most questions share, in their order (each model that starts so)."""

SHAPES: dict[str, tuple[Field, ...]] = {
    "Bank": (
        ("casequiz", ("const", 1), True, None),
        ("id", ("str", 0, "^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"), True, None),
        ("title", ("str", 1, None), True, None),
        ("description", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("language", ("str", 0, None), False, "en"),
        ("sources", ("object", ("ref", "Source"), None, 0), False, {}),
        (
            "questions",
            (
                "array",
                (
                    "tagged",
                    {
                        "cloze": "ClozeQuestion",
                        "match": "MatchQuestion",
                        "multiple": "MultipleQuestion",
                        "numeric": "NumericQuestion",
                        "order": "OrderQuestion",
                        "short": "ShortQuestion",
                        "single": "SingleQuestion",
                        "true_false": "TrueFalseQuestion",
                    },
                    None,
                ),
                0,
            ),
            True,
            None,
        ),
    ),
    "ChoiceBlank": (
        ("points", ("number", 0, None), False, 1.0),
        ("feedback", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("type", ("const", "choice"), True, None),
        ("choices", ("array", ("str", 0, None), 0), True, None),
        ("answer", ("str", 0, None), True, None),
    ),
    "ClozeQuestion": (
        ("id", ("str", 0, "^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"), True, None),
        ("prompt", ("str", 1, None), True, None),
        ("topic", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("tags", ("array", ("str", 0, None), 0), False, []),
        ("difficulty", ("any_of", (("integer", 1, 3), ("null",))), False, None),
        ("hint", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("explanation", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("feedback", ("object", ("str", 0, None), None, 0), False, {}),
        ("source", ("any_of", (("ref", "Excerpt"), ("array", ("ref", "Excerpt"), 0))), False, []),
        ("type", ("const", "cloze"), True, None),
        ("text", ("str", 1, None), True, None),
        (
            "blanks",
            (
                "object",
                (
                    "tagged",
                    {"choice": "ChoiceBlank", "numeric": "NumericBlank", "short": "ShortBlank"},
                    "short",
                ),
                "^(?:[1-9][0-9]*|[a-z0-9]+(?:[-_.][a-z0-9]+)*)$",
                1,
            ),
            True,
            None,
        ),
        (
            "quotes",
            ("any_of", (("str", 0, "^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"), ("null",))),
            False,
            None,
        ),
    ),
    "Excerpt": (
        ("ref", ("str", 0, "^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"), True, None),
        ("quote", ("str", 1, None), True, None),
    ),
    "MatchQuestion": (
        *_QUESTION,
        ("type", ("const", "match"), True, None),
        ("pairs", ("object", ("str", 0, None), None, 2), True, None),
        ("distractors", ("array", ("str", 0, None), 0), False, []),
    ),
    "MultipleQuestion": (
        *_QUESTION,
        ("type", ("const", "multiple"), True, None),
        ("options", ("array", ("str", 0, None), 0), True, None),
        ("answers", ("array", ("str", 0, None), 0), True, None),
        ("scoring", ("enum", ("partial", "all")), False, "partial"),
    ),
    "NumericBlank": (
        ("points", ("number", 0, None), False, 1.0),
        ("feedback", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("type", ("const", "numeric"), True, None),
        ("answer", ("number", None, None), True, None),
        (
            "tolerance",
            ("any_of", (("number", None, 0), ("str", 0, "^\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*$"))),
            False,
            0.0,
        ),
        ("unit", ("any_of", (("str", 0, None), ("null",))), False, None),
    ),
    "NumericQuestion": (
        *_QUESTION,
        ("type", ("const", "numeric"), True, None),
        ("answer", ("number", None, None), True, None),
        (
            "tolerance",
            ("any_of", (("number", None, 0), ("str", 0, "^\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*$"))),
            False,
            0.0,
        ),
        ("unit", ("any_of", (("str", 0, None), ("null",))), False, None),
    ),
    "OrderQuestion": (
        *_QUESTION,
        ("type", ("const", "order"), True, None),
        ("items", ("array", ("str", 0, None), 2), True, None),
        ("scoring", ("enum", ("partial", "all")), False, "partial"),
    ),
    "ShortBlank": (
        ("points", ("number", 0, None), False, 1.0),
        ("feedback", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("type", ("const", "short"), False, "short"),
        ("answer", ("str", 1, None), True, None),
        ("accept", ("array", ("str", 0, None), 0), False, []),
        ("match", ("enum", ("normalized", "exact", "fuzzy")), False, "normalized"),
    ),
    "ShortQuestion": (
        *_QUESTION,
        ("type", ("const", "short"), True, None),
        ("answer", ("str", 1, None), True, None),
        ("accept", ("array", ("str", 0, None), 0), False, []),
        ("match", ("enum", ("normalized", "exact", "fuzzy")), False, "normalized"),
    ),
    "SingleQuestion": (
        *_QUESTION,
        ("type", ("const", "single"), True, None),
        ("options", ("array", ("str", 0, None), 0), True, None),
        ("answer", ("str", 0, None), True, None),
    ),
    "Source": (
        ("title", ("str", 1, None), True, None),
        ("outlet", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("author", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("published", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("url", ("any_of", (("str", 0, None), ("null",))), False, None),
        ("file", ("any_of", (("str", 0, None), ("null",))), False, None),
    ),
    "TrueFalseQuestion": (
        *_QUESTION,
        ("type", ("const", "true_false"), True, None),
        ("answer", ("boolean",), True, None),
    ),
}
"""Every model of the format by name (`Bank` the whole file), as `derive` reads the model."""
