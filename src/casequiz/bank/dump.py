"""Write a bank back as YAML: what an importer or an editor saves, and what a test reads again.

Only what differs from the defaults is written, in the model's field order with each question's
`id` and `type` first, so the file looks like one a teacher would write. Text that YAML would
read as something else (`no`, `1:30`, `2019-05-01`) is quoted by the dumper, so loading the
output gives the same bank.

The text is written by libyaml's emitter, PyYAML's own port of it being five times slower (a
Moodle export of ten thousand questions takes seconds to write), wherever the two write the
same bytes: text that PyYAML writes plain or in single quotes, under keys short enough for both
to write them as simple keys. libyaml writes otherwise what PyYAML writes in double quotes (a
tab, a CR, a control character, a space beside a line break, a character beyond U+FFFF, which
libyaml also escapes where PyYAML keeps it as typed): it folds a long one at other places. It
also writes a long key (from 123 characters, or from 129 bytes) as a simple key where PyYAML
writes `? key`, or the other way round, and an empty key too. A bank with any of these is
written by PyYAML's emitter alone, so every file is what it alone would write.
`tests/test_dump.py` holds the two to the same bytes wherever libyaml is used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from casequiz.bank.model import Bank

_ODD_BREAKS = frozenset("\r\x85\u2028\u2029")

_DOUBLE_QUOTED = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]| \n|\n "
)
"""What makes PyYAML write a text in double quotes (`Emitter.analyze_scalar`, and
`_represent_str` for NEL, LS and PS): a character it must escape, or a space beside a line
break."""


def _keyed_alike(key: str) -> bool:
    """Whether both write `key` as a simple `key:`, or both as `? key`: PyYAML counts 5 for the
    implicit `!!str` tag and wants under 128 characters, libyaml wants at most 128 UTF-8 bytes."""
    return (len(key) <= 122) == (len(key.encode("utf-8", "surrogatepass")) <= 128)


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
    PyYAML's does: no text PyYAML would double-quote, and no key that is empty, holds a line
    break or is written as a simple key by one and as `? key` by the other."""
    if isinstance(value, str):
        return _DOUBLE_QUOTED.search(value) is None
    if isinstance(value, list):
        return all(map(libyaml_writes_alike, value))
    if isinstance(value, dict):
        return all(
            isinstance(key, str)
            and key != ""
            and "\n" not in key
            and _keyed_alike(key)
            and _DOUBLE_QUOTED.search(key) is None
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
