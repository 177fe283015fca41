"""Imported questions into one bank: ids made unique, sources gathered, every question checked
with the bank's own validator (a question it refuses is reported, not written)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casequiz.interop.report import Imported, ReadResult, Skipped
from casequiz.interop.slugs import Slugs, is_slug, slugify


@dataclass(slots=True)
class Built:
    """The bank's data, each question's notes by id, and what was not carried over."""

    data: dict[str, Any]
    notes: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


def _id_for(item: Imported) -> str:
    if item.idnumber and is_slug(item.idnumber):
        return item.idnumber
    return slugify(item.idnumber or item.name or item.data.get("prompt", "")[:60])


def build(results: Sequence[ReadResult], bank_id: str, title: str) -> Built:
    """The bank holding every importable question of `results`, in file order."""
    slugs = Slugs()
    sources: dict[str, dict[str, Any]] = {}
    questions: list[dict[str, Any]] = []
    built = Built({})
    origin: dict[int, tuple[str, Imported]] = {}
    for result in results:
        built.skipped.extend(result.skipped)
        for item in result.questions:
            qid = slugs.take(_id_for(item))
            question = {
                "id": qid,
                "type": item.data["type"],
                **{k: v for k, v in item.data.items() if k != "type"},
            }
            for ref, source in item.sources.items():
                if sources.setdefault(ref, source) != source:
                    item.notes.append(
                        f"the source {ref!r} is described differently elsewhere: "
                        "the first description is kept"
                    )
            for excerpt in question.get("source", []):
                if excerpt["ref"] not in sources:
                    sources[excerpt["ref"]] = {"title": excerpt["ref"]}
                    item.notes.append(
                        f"the source {excerpt['ref']!r} is not described: its title is its id"
                    )
            origin[len(questions)] = (result.file, item)
            questions.append(question)
            if item.notes:
                built.notes[qid] = list(item.notes)
    built.data = {"casequiz": 1, "id": bank_id, "title": title}
    if sources:
        built.data["sources"] = sources
    built.data["questions"] = _valid(questions, origin, built)
    return built


def _valid(
    questions: list[dict[str, Any]], origin: dict[int, tuple[str, Imported]], built: Built
) -> list[dict[str, Any]]:
    """The questions the bank validator accepts; the others are reported at their line."""
    from pydantic import TypeAdapter, ValidationError

    from casequiz.bank.checks import check_question
    from casequiz.bank.model import Question

    adapter: TypeAdapter[Any] = TypeAdapter(Question)
    kept = []
    known = set(built.data.get("sources", {}))
    for index, question in enumerate(questions):
        file, item = origin[index]
        try:
            model = adapter.validate_python(question)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"][1:])
            built.skipped.append(Skipped(file, item.line, f"{where}: {error['msg']}"))
            built.notes.pop(question["id"], None)
            continue
        problems = [p for p in check_question(model, (), known) if p.code.startswith("E")]
        if problems:
            built.skipped.append(Skipped(file, item.line, problems[0].message))
            built.notes.pop(question["id"], None)
            continue
        kept.append(question)
    return kept


def default_id(paths: Sequence[Path]) -> str:
    """A bank id from the first file's name."""
    return slugify(paths[0].stem if paths else "imported", "imported")


def import_files(
    files: Sequence[tuple[str, bytes]], format_name: str, bank_id: str, title: str
) -> tuple[Built, list[ReadResult]]:
    """Read each (name, data) in one format and build one bank of them."""
    from casequiz.interop.formats import FORMATS

    reader = FORMATS[format_name].read()
    results = [reader(data, name) for name, data in files]
    return build(results, bank_id, title), results
