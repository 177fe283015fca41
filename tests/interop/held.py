"""What a bank looks like after a trip through a Moodle format: the bank with everything the
format cannot hold taken out, as docs/interop.md lists it. Round-trip tests compare against it."""

from __future__ import annotations

from typing import Any

from casequiz.bank.model import Bank
from casequiz.interop.from_moodle import topic_of
from casequiz.interop.text import held, one_line
from casequiz.interop.to_moodle import TOP


def _t(value: str) -> str:
    return held(value)


def _must(value: str) -> str:
    """A text that must survive: Moodle drops an empty answer, so none can be expected."""
    if not held(value):
        raise ValueError("nothing left of this text")
    return held(value)


def project(bank: Bank, fmt: str, bank_id: str, title: str) -> Bank:
    """`bank` as `fmt` ("gift" or "moodle-xml") gives it back, under a new id and title."""
    gift = fmt == "gift"
    data = bank.model_dump(mode="json", exclude_defaults=True)
    if gift:  # GIFT has no embedded answers, nor a `->` where it reads one as matching
        data["questions"] = [q for q in data["questions"] if not _beyond_gift(q)]
    cited = {e["ref"] for q in data["questions"] for e in q.get("source", [])}
    cited |= {q["quotes"] for q in data["questions"] if q.get("quotes")}
    sources = {}
    for ref, source in data.get("sources", {}).items():
        if ref in cited:
            source.pop("file", None)
            sources[ref] = {k: _t(v) for k, v in source.items() if _t(v)}
    questions = [_question(q, gift, bank) for q in data["questions"]]
    out: dict[str, Any] = {"casequiz": 1, "id": bank_id, "title": title, "questions": questions}
    if sources:
        out["sources"] = sources
    return Bank.model_validate(out)


def _beyond_gift(q: dict[str, Any]) -> bool:
    """What `bank export --to gift` leaves out, and says: a cloze, a short answer holding
    `->`, and an order item or a pair's left side holding it (both become matching)."""
    if q["type"] == "cloze":
        return True
    if q["type"] == "short":
        return any("->" in a for a in [q["answer"], *q.get("accept", [])])
    if q["type"] == "order":
        return any("->" in item for item in q["items"])
    if q["type"] == "match":
        return any("->" in left for left in q["pairs"])
    return False


def _question(q: dict[str, Any], gift: bool, bank: Bank) -> dict[str, Any]:
    kind = q["type"]
    out: dict[str, Any] = {"id": q["id"], "type": kind, "prompt": _t(q["prompt"])}
    # A topic is a category path: "/" separates levels, empty levels are dropped.
    path = one_line(q.get("topic", ""))
    if path and (topic := topic_of(f"{TOP}/{path}")):
        out["topic"] = topic
    tags = [one_line(t) for t in q.get("tags", [])]
    if gift and any(t.endswith("\\") for t in tags):
        raise ValueError("a GIFT [tag:...] mark cannot end in a backslash")
    if tags := list(dict.fromkeys(t for t in tags if t)):
        out["tags"] = tags
    if not gift and "points" in q:
        out["points"] = q["points"]
    if not gift and q.get("hint") and _t(q["hint"]):
        out["hint"] = _t(q["hint"])
    if q.get("explanation") and _t(q["explanation"]):
        out["explanation"] = _t(q["explanation"])
    if q.get("source"):
        out["source"] = [{"ref": e["ref"], "quote": _t(e["quote"])} for e in q["source"]]
    if kind in ("single", "multiple"):
        out["options"] = [_must(o) for o in q["options"]]
        if kind == "single":
            out["answer"] = _t(q["answer"])
        else:
            out["answers"] = [o for o in out["options"] if o in {_t(a) for a in q["answers"]}]
        feedback = {_t(k): _t(v) for k, v in q.get("feedback", {}).items() if _t(v)}
        if feedback:
            out["feedback"] = feedback
    elif kind == "true_false":
        out["answer"] = q["answer"]
    elif kind == "numeric":
        _numeric(q, out)
        if not gift and q.get("unit") and _t(q["unit"]):
            out["unit"] = _t(q["unit"])
    elif kind == "short":
        answers = list(dict.fromkeys(_must(a) for a in [q["answer"], *q.get("accept", [])]))
        if any("\\*" in a for a in answers):
            raise ValueError("Moodle reads \\* in a short answer as a literal asterisk")
        out["answer"], accept = answers[0], answers[1:]
        if accept:
            out["accept"] = accept
        if not gift and q.get("match") == "exact":
            out["match"] = "exact"
    elif kind == "order":
        out["items"] = [_must(i) for i in q["items"]]
        if not gift and q.get("scoring") == "all":
            out["scoring"] = "all"
    elif kind == "cloze":
        _cloze(q, out)
    elif kind == "match":
        pairs = [(_t(k), _must(v)) for k, v in q["pairs"].items()]
        distractors = [right for left, right in pairs if not left]
        out["pairs"] = {left: right for left, right in pairs if left}
        if distractors := distractors + [_must(d) for d in q.get("distractors", [])]:
            out["distractors"] = distractors
    return out


def _numeric(q: dict[str, Any], out: dict[str, Any]) -> None:
    """A numeric answer and its tolerance, a percentage made the absolute margin it is."""
    out["answer"] = q["answer"]
    tolerance = q.get("tolerance", 0.0)
    if isinstance(tolerance, str):
        tolerance = abs(q["answer"]) * float(tolerance.rstrip("%")) / 100
    if tolerance:
        out["tolerance"] = tolerance


def _cloze(q: dict[str, Any], out: dict[str, Any]) -> None:
    """A cloze through Moodle's embedded answers: whole-number marks, no units, no fuzzy
    matching, percentage tolerances made absolute; the passage quoted from a source is the
    excerpt of the general feedback and comes back as `quotes`."""
    from casequiz.interop.to_moodle_cloze import mark

    out["text"] = _t(q["text"])
    blanks: dict[str, Any] = {}
    for name, blank in q["blanks"].items():
        kind = blank.get("type", "short")
        kept: dict[str, Any] = {"type": kind}
        if kind == "short":
            answers = list(
                dict.fromkeys(_must(a) for a in [blank["answer"], *blank.get("accept", [])])
            )
            if any("\\*" in a for a in answers):
                raise ValueError("Moodle reads \\* in a short answer as a literal asterisk")
            kept["answer"] = answers[0]
            if answers[1:]:
                kept["accept"] = answers[1:]
            if blank.get("match") == "exact":
                kept["match"] = "exact"
        elif kind == "numeric":
            _numeric(blank, kept)
        else:
            kept["choices"] = [_must(c) for c in blank["choices"]]
            kept["answer"] = _t(blank["answer"])
        if mark(blank.get("points", 1.0)) != 1:
            kept["points"] = float(mark(blank["points"]))
        if blank.get("feedback") and _t(blank["feedback"]):
            kept["feedback"] = _t(blank["feedback"])
        blanks[name] = kept
    out["blanks"] = blanks
    if q.get("quotes"):
        out["quotes"] = q["quotes"]
