"""Read a Moodle XML file into bank questions: categories become topics, and every question
Moodle's importer would accept and casequiz can hold is imported."""

from __future__ import annotations

from casequiz.interop.from_moodle import import_all
from casequiz.interop.limits import decode, within_time
from casequiz.interop.moodle_xml.parse import XmlError, parse_xml, questions
from casequiz.interop.report import ReadResult


def read(data: bytes, file: str) -> ReadResult:
    """Every question of a Moodle XML file, imported or reported with its line."""
    result = ReadResult(file)
    if decode(data, result) is None and result.error and "UTF-8" not in result.error:
        return result
    result.error = None
    deadline = within_time(result)
    try:
        root, lines = parse_xml(data)
        import_all(result, questions(root, lines), deadline)
    except XmlError as exc:
        result.error = f"line {exc.args[1]}: {exc.args[0]}"
    return result
