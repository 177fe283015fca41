"""Write a bank back as YAML: what an importer or an editor saves, and what a test reads again.

Only what differs from the defaults is written, in the model's field order with each question's
`id` and `type` first, so the file looks like one a teacher would write. Text that YAML would
read as something else (`no`, `1:30`, `2019-05-01`) is quoted by the dumper, so loading the
output gives the same bank.

The text is written by libyaml's emitter, PyYAML's own port of it being five times slower (a
Moodle export of ten thousand questions takes seconds to write). The two write every bank the
same, byte for byte, but for two things libyaml writes otherwise, both still read back alike: a
character beyond U+FFFF (an emoji, a rare CJK character), which libyaml escapes (`"\\U0001F600"`)
where PyYAML keeps it as typed, and a mapping key that holds a line break or is empty, which
one writes as a `? ` complex key and the other does not. A bank with either is written by
PyYAML's emitter, so a teacher's emoji stays readable, and every file is what the Python
emitter alone would write.
`tests/test_dump.py` holds the two emitters to the same bytes wherever libyaml is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from casequiz.bank.model import Bank

_ODD_BREAKS = frozenset("\r\x85\u2028\u2029")
_KEY_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_LAST_BMP = "\uffff"


def _represent_str(dumper: yaml.SafeDumper, value: str) -> Any:
    """Text holding a line break other than LF is double-quoted.

    With `allow_unicode`, PyYAML writes a NEL, LS or PS as it is inside single quotes, where a
    reader folds it into a space; inside double quotes it is escaped (`\\N`) and survives.
    """
    style = '"' if not _ODD_BREAKS.isdisjoint(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with `_represent_str`: PyYAML's emitter, written in Python."""


_Dumper.add_representer(str, _represent_str)

_CDumper: type | None = None
if hasattr(yaml, "CSafeDumper"):  # PyYAML built without libyaml has only the Python emitter

    class _LibyamlDumper(yaml.CSafeDumper):
        """`_Dumper` with libyaml's emitter."""

    _LibyamlDumper.add_representer(str, _represent_str)
    _CDumper = _LibyamlDumper


def libyaml_writes_alike(value: object) -> bool:
    """Whether libyaml's emitter writes `value` (the JSON-like data of a bank) byte for byte as
    PyYAML's does: no text beyond U+FFFF, and no mapping key that is empty or holds a line
    break."""
    if isinstance(value, str):
        return not value or max(value) <= _LAST_BMP
    if isinstance(value, list):
        return all(map(libyaml_writes_alike, value))
    if isinstance(value, dict):
        return all(
            isinstance(key, str)
            and key != ""
            and _KEY_BREAKS.isdisjoint(key)
            and libyaml_writes_alike(key)
            and libyaml_writes_alike(item)
            for key, item in value.items()
        )
    return True


def dump_data(data: object, *, fast: bool = True) -> str:
    """`data` as bank YAML: block style, keys in their order, text as typed. `fast` lets
    libyaml write it where it writes it alike (`libyaml_writes_alike`)."""
    dumper = _CDumper if fast and _CDumper is not None and libyaml_writes_alike(data) else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def dump_bank(bank: Bank) -> str:
    """The bank as the text of a YAML bank file."""
    data = bank.model_dump(mode="json", exclude_defaults=True)
    data["questions"] = [{"id": q.pop("id"), "type": q.pop("type"), **q} for q in data["questions"]]
    return dump_data(data)
