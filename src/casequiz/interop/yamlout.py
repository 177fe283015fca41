"""An imported bank as YAML a teacher would have written: block style, the model's field order,
and a comment above each question that was converted or lost something on the way."""

from __future__ import annotations

from casequiz.bank.dump import dump_bank
from casequiz.bank.model import Bank


def _comment(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def bank_yaml(bank: Bank, notes: dict[str, list[str]], header: list[str]) -> str:
    """The bank file: `header` lines as a comment on top, a blank line between questions, and
    each question's notes as comments above its `- id:` line."""
    ids = iter(q.id for q in bank.questions)
    out = [f"# {_comment(line)}\n" for line in header]
    in_questions = False
    for line in dump_bank(bank).splitlines(keepends=True):
        if line.startswith("questions:"):
            in_questions = True
        elif in_questions and line.startswith("- "):
            if not out[-1].startswith("questions:"):
                out.append("\n")
            out.extend(f"# {_comment(note)}\n" for note in notes.get(next(ids), []))
        out.append(line)
    return "".join(out)
