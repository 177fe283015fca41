"""Load banks: from a path to a checked `Bank`, or to every diagnostic that explains why not.

This is the one entry point the rest of casequiz uses. The fast path is the cache; the cold
path reads YAML (`yamlread`), validates it against the model (`model`, `schema_errors`), or
without the model when it surely accepts the bank and no bank object is asked for (`accept`),
checks its meaning (`checks`) and its excerpts (`sources`), then stores what it found in the
cache.

A bank's file may be named by a `Path` or by text (`validate` names it by text, as `pathnames`
writes it, and need not import `pathlib`); a loaded bank's paths are `Path`s.
"""

from __future__ import annotations

import functools
import os
from stat import S_ISDIR, S_ISREG

from casequiz.bank.diagnostics import BankError, Diagnostic, Severity, sort_key
from casequiz.bank.limits import MAX_BYTES, too_large
from casequiz.bank.pathnames import parent, pathname

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path
    from typing import Any

    from casequiz.bank.accept import Fields
    from casequiz.bank.checks import Problem
    from casequiz.bank.excerpts import SourceText
    from casequiz.bank.model import Bank
    from casequiz.bank.pathnames import StrPath
    from casequiz.bank.summary import BankSummary
    from casequiz.bank.yamlread import YamlDocument

BANK_SUFFIXES = (".yaml", ".yml")


class LoadedBank:
    """A valid bank with what it was loaded from: its file, its content hash, its source texts."""

    __slots__ = ("_texts", "bank", "digest", "path", "source_files")

    def __init__(
        self,
        bank: Bank,
        path: Path,
        digest: str,
        source_files: dict[str, Path] | None = None,
        texts: dict[str, SourceText] | None = None,
    ) -> None:
        self.bank = bank
        self.path = path
        self.digest = digest
        self.source_files: dict[str, Path] = source_files if source_files is not None else {}
        self._texts: dict[str, SourceText] = texts if texts is not None else {}

    def __repr__(self) -> str:
        return f"LoadedBank(bank={self.bank.id!r}, path={self.path!r}, digest={self.digest!r})"

    def source_text(self, ref: str) -> SourceText | None:
        """The text of a source, read on first use; None when it is not available."""
        if ref not in self._texts and ref in self.source_files:
            from casequiz.bank.excerpts import SourceText
            from casequiz.bank.files import read_regular

            try:
                raw = read_regular(self.source_files[ref])
                self._texts[ref] = SourceText(raw.decode("utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                return None
        return self._texts.get(ref)


class CheckResult:
    """What checking one bank file found.

    Plain classes here, not dataclasses: `validate` answered from the cache imports little more
    than this module, and `dataclasses` alone would cost it a tenth of its time.
    """

    __slots__ = ("bank_id", "diagnostics", "display", "loaded", "path", "questions", "summary")

    def __init__(
        self,
        path: StrPath,
        display: str,
        diagnostics: list[Diagnostic],
        bank_id: str | None = None,
        questions: int = 0,
        loaded: LoadedBank | None = None,
    ) -> None:
        self.path = path
        self.display = display
        self.diagnostics = diagnostics
        self.bank_id = bank_id
        self.questions = questions
        self.loaded = loaded
        self.summary: BankSummary | None = None
        """A valid bank's summary, when it was asked for (`need_summary`)."""

    def __repr__(self) -> str:
        return (
            f"CheckResult(display={self.display!r}, bank_id={self.bank_id!r}, "
            f"questions={self.questions}, diagnostics={self.diagnostics!r})"
        )

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def find_bank_files(paths: Iterable[StrPath]) -> list[StrPath]:
    """Bank files named, or found in the folders named (recursively, in a stable order).

    A file found is a `Path` in a folder named by a `Path`, else its text: a list of names stays
    one of names, whose duplicates `dict.fromkeys` can drop. (A folder is walked by `pathlib`,
    imported then; a bank named alone need not import it.)
    """
    found: list[StrPath] = []
    for path in paths:
        if os.path.isdir(path):
            from pathlib import Path

            walked = sorted(
                p
                for p in Path(path).rglob("*")
                if p.suffix in BANK_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            found.extend(walked if isinstance(path, Path) else [str(p) for p in walked])
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def check_file(
    path: StrPath,
    *,
    sources_dir: StrPath | None = None,
    use_cache: bool = True,
    need_bank: bool = False,
    need_summary: bool = False,
    display: str | None = None,
    light: bool = False,
) -> CheckResult:
    """Check one bank file; with `need_bank`, also return the loaded bank if it is valid, and
    with `need_summary` its summary (`summary.BankSummary`), from the cache without the model
    when the cache has the bank. With `light`, a bank from the cache is light records (`light`)
    rather than the model's objects, for a quiz, which then never imports pydantic."""
    display = display or str(path)
    try:
        status = os.stat(path)
        if not S_ISREG(status.st_mode):
            what = "a folder" if S_ISDIR(status.st_mode) else "a FIFO, a device or a socket"
            return CheckResult(
                path,
                display,
                [Diagnostic(display, 1, 1, "E107", f"cannot read the file: it is {what}")],
            )
        size = status.st_size
        if size > MAX_BYTES:
            return CheckResult(path, display, [Diagnostic(display, 1, 1, "E101", too_large(size))])
        key = None
        if use_cache:
            from casequiz.bank import cache  # here: `--no-cache` does no cache work at all

            key = cache.file_entry_key(path, sources_dir)
        if (
            key is not None
            and (hit := _from_cache(path, display, key, need_bank, need_summary, light)) is not None
        ):
            return hit
        from casequiz.bank.files import read_regular

        raw = read_regular(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        return CheckResult(
            path, display, [Diagnostic(display, 1, 1, "E107", f"cannot read the file: {reason}")]
        )
    from casequiz.bank.yamlread import collector_paused

    with collector_paused():  # a large bank makes millions of objects, none of them garbage
        result, valid, sources = _check_cold(
            path, display, raw, sources_dir, for_cache=use_cache, need_bank=need_bank, light=light
        )
    summary = None
    if valid is not None and (use_cache or need_summary):
        import json

        from casequiz.bank.summary import BankSummary, summary_data

        data = summary_data(valid)
        summary = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        if need_summary:
            from casequiz.bank import cache

            digest = result.loaded.digest if result.loaded is not None else cache.digest(raw)
            result.summary = BankSummary.read(data, path, digest)
    if use_cache:
        from casequiz.bank import cache

        # Keyed by the bytes just checked, should the file have changed since it was hashed.
        body = _body(valid) if valid is not None else None
        entry = cache.Entry(
            result.bank_id, result.questions, result.diagnostics, sources, body, summary
        )
        cache.write(cache.entry_key(raw, path, sources_dir), entry)
    return result


def _body(valid: Bank | Fields) -> bytes:
    """The bank's JSON, as the cache keeps it for `Bank.model_validate_json`."""
    if hasattr(valid, "model_dump_json"):
        return valid.model_dump_json().encode()
    from casequiz.bank.accept import body_json

    return body_json(valid)


def _from_cache(
    path: StrPath,
    display: str,
    key: str,
    need_bank: bool,
    need_summary: bool = False,
    light: bool = False,
) -> CheckResult | None:
    """The result the cache holds for `key`; None when it holds none that can be trusted."""
    from casequiz.bank import cache

    entry = cache.read(key, display, with_body=need_bank, with_summary=need_summary)
    if entry is None:
        return None
    result = CheckResult(path, display, entry.diagnostics, entry.bank_id, entry.questions)
    if need_summary and entry.summary is None and entry.bank_id and not result.errors:
        return None  # a valid bank's entry always has its summary: check the file again
    if need_summary and entry.summary is not None:
        import json

        from casequiz.bank.summary import BankSummary

        try:
            data = json.loads(entry.summary)
        except ValueError:
            return None
        result.summary = BankSummary.read(data, path, cache.file_digest(path) or "")
        if result.summary is None:
            return None  # an altered entry: check the file again
    if not need_bank or entry.body is None:
        return result
    import json

    from casequiz.bank.trusted import bank_from_cache

    try:
        bank = bank_from_cache(json.loads(entry.body), light=light)
    except ValueError:
        return None
    if bank is None:
        return None  # an altered entry: check the file again
    files = {ref: str(at) for ref, (at, sha) in entry.sources.items() if sha}
    result.loaded = _loaded(bank, path, cache.file_digest(path) or "", files)
    return result


def _loaded(
    bank: Any,
    path: StrPath,
    digest: str,
    source_files: dict[str, str],
    texts: dict[str, SourceText] | None = None,
) -> LoadedBank:
    """A loaded bank, its file and its source files named by `Path`s: a command that takes the
    bank goes on to use them as such (and has imported `pathlib` long since)."""
    from pathlib import Path

    files = {ref: Path(name) for ref, name in source_files.items()}
    return LoadedBank(bank, Path(path), digest, files, texts)


def _check_cold(
    path: StrPath,
    display: str,
    raw: bytes,
    sources_dir: StrPath | None,
    *,
    for_cache: bool = True,
    need_bank: bool = False,
    light: bool = False,
) -> tuple[CheckResult, Bank | Fields | None, dict[str, list[str | None]]]:
    """Check the bytes of a bank file: the result, the bank when it is valid (the model, or
    without `need_bank` or with `light` the fields `accept` took without building it), and for
    the cache (`for_cache`; `--no-cache` has no use for them) the digests of the source files
    read. With `need_bank` the result holds the loaded bank, with `light` as light records
    made from those fields when `accept` took them."""
    from casequiz.bank.yamlread import read_yaml

    try:
        document = read_yaml(display, raw)
    except BankError as exc:
        return CheckResult(path, display, sorted(exc.diagnostics, key=sort_key)), None, {}
    data = document.data
    bank_dir = parent(pathname(path))
    bank, problems = (
        validate_data(data, bank_dir, document.scalar_text)
        if need_bank and not light
        else quick_validate_data(data, bank_dir, document.scalar_text)
    )
    source_files: dict[str, str] = {}
    texts: dict[str, SourceText] = {}
    looked_at: dict[str, str] = {}
    version = data.get("casequiz", 1)  # a bank of another format is not read any further
    if version == 1 and not isinstance(version, bool):
        from casequiz.bank.sources import check_raw_sources, check_sources

        if bank is not None:
            checked = check_sources(bank, path, display, sources_dir, keep_texts=need_bank)
            source_files, texts = checked.files, checked.texts
        else:  # every problem at once: the excerpts are checked even in a bank with errors
            checked = check_raw_sources(data, path, sources_dir)
        problems.extend(checked.problems)
        looked_at = checked.looked_at
    diagnostics = sorted(_place(document, problems), key=sort_key)
    document.release()
    questions = data.get("questions")
    result = CheckResult(
        path,
        display,
        diagnostics,
        data.get("id") if isinstance(data.get("id"), str) else None,
        len(questions) if isinstance(questions, list) else 0,
    )
    valid = bank if bank is not None and not result.errors else None
    loaded: Any = None
    if valid is not None and hasattr(valid, "model_dump_json"):  # the model: for `need_bank`
        loaded = valid
    elif valid is not None and need_bank:  # `light`, and `accept` took the bank
        from casequiz.bank.accept import as_data
        from casequiz.bank.trusted import bank_from_cache

        loaded = bank_from_cache(as_data(valid), light=True)
        assert loaded is not None, "accepted fields have the shape of the model's"
    if loaded is not None:
        from casequiz.bank.cache import digest

        result.loaded = _loaded(loaded, path, digest(raw), source_files, texts)
    if not for_cache:
        return result, valid, {}
    from casequiz.bank.cache import file_digest

    return result, valid, {ref: [str(p), file_digest(p)] for ref, p in looked_at.items()}


def _place(document: YamlDocument, problems: Sequence[Problem]) -> list[Diagnostic]:
    placed: dict[tuple[int, int, str, str], Diagnostic] = {}
    for problem in problems:
        if problem.blank_at is not None:
            line, col = document.locate_brace(problem.path, problem.blank_at)
        else:
            line, col = document.locate(problem.path, at_key=problem.at_key)
        diagnostic = Diagnostic(document.file, line, col, problem.code, problem.message)
        placed.setdefault((line, col, problem.code, problem.message), diagnostic)
    return list(placed.values())


def validate_data(
    data: dict[str, Any],
    bank_dir: StrPath,
    raw_at: Callable[[Sequence[str | int]], str | None] = lambda path: None,
) -> tuple[Bank | None, list[Problem]]:
    """Validate loaded YAML data against the model, then check its meaning.

    `raw_at` gives the YAML text written at a path, to quote it back in messages.
    """
    from pydantic import ValidationError

    from casequiz.bank.checks import Problem, check_bank, check_question
    from casequiz.bank.model import Bank
    from casequiz.bank.schema_errors import errors_of, translate

    version = data.get("casequiz")
    if "casequiz" not in data:
        _, more = validate_data({**data, "casequiz": 1}, bank_dir, raw_at)
        return None, [
            Problem(
                (), "E200", "missing `casequiz: 1` (the format version) at the top of the bank"
            ),
            *more,
        ]
    if version != 1 or isinstance(version, bool):
        return None, [
            Problem(
                ("casequiz",),
                "E200",
                f"this casequiz reads bank format 1, not "
                f"{version!r}: write `casequiz: 1`, or update casequiz",
            )
        ]
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        problems = [translate(error, raw_at(error["loc"])) for error in errors_of(exc)]
        return None, problems + _check_valid_questions(data, bank_dir, check_question)
    return bank, list(check_bank(bank))


def quick_validate_data(
    data: dict[str, Any],
    bank_dir: StrPath,
    raw_at: Callable[[Sequence[str | int]], str | None] = lambda path: None,
) -> tuple[Bank | Fields | None, list[Problem]]:
    """`validate_data`, without the model for a bank it surely accepts (`accept`): then the
    bank is its accepted fields, and the meaning checks run on them. Any other bank goes to
    the model, which gives the same problems as ever."""
    from casequiz.bank.accept import accept

    fields = accept(data)
    if fields is None:
        return validate_data(data, bank_dir, raw_at)
    from casequiz.bank.checks import check_bank

    return fields, list(check_bank(fields))


@functools.cache
def _question_adapter() -> Any:
    """One `TypeAdapter(Question)` for the process: building it costs more than checking a
    small bank's questions with it, and leaves cycles behind each time."""
    from pydantic import TypeAdapter

    from casequiz.bank.model import Question

    return TypeAdapter(Question)


def _check_valid_questions(
    data: dict[str, Any], bank_dir: StrPath, check_question: Any
) -> list[Problem]:
    """Meaning checks for the questions that are well formed, in a bank that is not."""
    from pydantic import ValidationError

    from casequiz.bank.checks import Problem
    from casequiz.bank.schema_errors import QUESTION_MODELS

    questions, sources = data.get("questions"), data.get("sources")
    if not isinstance(questions, list):
        return []
    source_ids = (
        {key for key in sources if isinstance(key, str)} if isinstance(sources, dict) else set()
    )
    problems: list[Problem] = []
    adapter = _question_adapter()
    first: dict[str, int] = {}
    for index, raw in enumerate(questions):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            if raw["id"] in first:
                problems.append(
                    Problem(
                        ("questions", index, "id"),
                        "E300",
                        f"the question id {raw['id']!r} is already used by "
                        f"question {first[raw['id']] + 1}",
                    )
                )
            first.setdefault(raw["id"], index)
        kind = raw.get("type") if isinstance(raw, dict) else None
        model = QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            continue
        known = {key: value for key, value in raw.items() if key in model.model_fields}
        try:
            question = adapter.validate_python(known)
        except ValidationError:
            continue
        problems.extend(check_question(question, ("questions", index), source_ids))
    return problems


def check_paths(paths: Sequence[StrPath], **options: Any) -> list[CheckResult]:
    """Check every bank named or found; banks loaded together must have distinct ids."""
    from casequiz.bank.collector import collect_young

    results = []
    for path in find_bank_files(paths):
        results.append(result := check_file(path, **options))
        if result.errors:  # its garbage goes now, even with the collector paused
            collect_young()
    first: dict[str, CheckResult] = {}
    for result in results:
        if result.bank_id is None:
            continue
        if result.bank_id in first:
            other = first[result.bank_id]
            result.diagnostics.append(
                Diagnostic(
                    result.display,
                    1,
                    1,
                    "E301",
                    f"the bank id {result.bank_id!r} is already used by {other.display}",
                )
            )
            result.loaded = None
        first.setdefault(result.bank_id, result)
    return results


def load_banks(paths: Sequence[StrPath], **options: Any) -> list[LoadedBank]:
    """The valid banks at `paths`, or `BankError` with every problem of the invalid ones."""
    results = check_paths(paths, need_bank=True, **options)
    errors = [d for r in results for d in r.errors]
    if errors:
        raise BankError(errors)
    return [r.loaded for r in results if r.loaded is not None]
