"""How the home screen's lists name things: a bank, an unfinished attempt; and the number boxes.

Bank titles and student names come from outside, so they pass through `plain`; labels wrap
rather than crop, so a bank's name is never cut off at 80 columns.
"""

from __future__ import annotations

from textual.content import Content

from casequiz.bank.load import LoadedBank
from casequiz.records import AttemptRecord
from casequiz.tui.text import plain


def bank_label(bank: LoadedBank) -> Content:
    """Title, then question count and topics on a second, dimmer line."""
    count = len(bank.bank.questions)
    about = f"{count} question{'s' if count != 1 else ''}"
    topics = bank.bank.topics()
    details = plain(f"{about} · {', '.join(topics)}" if topics else about, "$text-muted")
    return Content.assemble(plain(bank.bank.title, "bold"), "\n", details)


def attempt_label(record: AttemptRecord) -> Content:
    """The bank's title (it wraps, never cropped), then `Ada · exam · 3/10 · 01-02 10:00`."""
    titles = ", ".join(bank.get("title") or bank.get("id", "?") for bank in record.banks)
    started = record.started_at[5:16].replace("T", " ")
    return Content.assemble(
        plain(titles, "bold"),
        "\n",
        Content.assemble(
            plain(record.student),
            f" · {record.mode} · {len(record.answers)}/{len(record.plan)} · {started}",
        ).stylize("$text-muted"),
    )


def whole_number(text: str) -> int | None:
    """A whole number typed in a box, or None when the box is empty."""
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None
