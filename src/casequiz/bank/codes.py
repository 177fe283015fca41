"""Every diagnostic code a bank can earn, with the one-line meaning documented for teachers.

Codes are stable: tools and teachers grep for them, and `docs/authoring.md` documents each one
(a test keeps the two in step).
"""

from typing import Final

CODES: Final[dict[str, str]] = {
    # Reading the file
    "E100": "the file is not valid YAML",
    "E101": "the file is too large",
    "E102": "the file is not UTF-8 text",
    "E103": "the file is empty or its top level is not a mapping",
    "E104": "a YAML tag (such as !!python/object) that banks may not use",
    "E105": "a mapping has the same key twice",
    "E106": "aliases expand the file past the allowed size",
    "E107": "the file cannot be read",
    # The shape of the bank
    "E200": "unsupported or missing format version (`casequiz: 1`)",
    "E201": "unknown key",
    "E202": "a required field is missing",
    "E203": "a field has the wrong type",
    "E204": "text was expected, but YAML read a number, boolean, date or null",
    "E205": "unknown question type",
    "E206": "a value is not allowed here",
    "E207": "an id is not a lowercase slug",
    "E208": "the bank has no questions",
    # The meaning of the bank
    "E300": "two questions in a bank have the same id",
    "E301": "two loaded banks have the same id",
    "E302": "the answer is not one of the options",
    "E303": "an option is listed twice",
    "E304": "an `order` item is listed twice",
    "E305": "a `match` right-hand side repeats, or a distractor equals one",
    "E306": "a negative or malformed tolerance",
    "E307": "points must be greater than zero",
    "E308": "feedback is given for an option that does not exist",
    "E309": "a choice question needs at least two options",
    "E310": "a cloze text has a `{{` that opens no blank, or uses a blank twice",
    "E311": "a blank in a cloze text has no entry in `blanks`",
    "E312": "an entry in `blanks` is not used in the cloze text",
    "E313": "a cloze question is given points as a whole, not per blank",
    # Sources and excerpts
    "E400": "an excerpt names a source the bank does not define",
    "E401": "a source file path is absolute or leaves the bank's folder",
    "E402": "an excerpt is not found verbatim in its source text",
    "E403": "a source file named by the bank does not exist",
    "W400": "the source text is not available, so its excerpts were not checked",
    "W401": "a question has no source excerpt",
    "W402": "a source is defined but no excerpt uses it",
}
