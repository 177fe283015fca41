"""Write a bank back as YAML: what an importer or an editor saves, and what a test reads again.

Only what differs from the defaults is written, in the model's field order with each question's
`id` and `type` first, so the file looks like one a teacher would write. Text that YAML would
read as something else (`no`, `1:30`, `2019-05-01`) is quoted by the dumper, so loading the
output gives the same bank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from casequiz.bank.model import Bank

_ODD_BREAKS = frozenset("\r\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """The safe dumper, except that text holding a line break other than LF is double-quoted.

    With `allow_unicode`, PyYAML writes a NEL, LS or PS as it is inside single quotes, where a
    reader folds it into a space; inside double quotes it is escaped (`\\N`) and survives.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> Any:
    style = '"' if not _ODD_BREAKS.isdisjoint(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_bank(bank: Bank) -> str:
    """The bank as the text of a YAML bank file."""
    data = bank.model_dump(mode="json", exclude_defaults=True)
    data["questions"] = [{"id": q.pop("id"), "type": q.pop("type"), **q} for q in data["questions"]]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
