"""How `casequiz stats` shows an item analysis: a terminal table, CSV, JSON or Markdown.

Figures are shown on Moodle's scales, so a grader can hold the two side by side: per question,
facility, SD, random guess score, weights, discrimination index and discriminative efficiency
are percentages (SD as a share of the question's points); for the whole test, mean, median, SD
and standard error are in marks (the terminal and Markdown add the percentage of the maximum),
CIC and error ratio are percentages, skewness and kurtosis plain numbers. Machine formats keep
full precision and name every percentage `_pct`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casequiz.grade import markdown
from casequiz.grade.analysis import BankAnalysis
from casequiz.grade.csvsafe import csv_text
from casequiz.grade.stats import QuestionStats, QuizStats
from casequiz.quiz.literal import visible_json

__all__ = ["QUESTION_COLUMNS", "question_rows", "render_stats"]

QUESTION_COLUMNS = (
    "bank",
    "question",
    "topic",
    "type",
    "n",
    "max_mark",
    "mean_mark",
    "facility_pct",
    "sd_pct",
    "random_guess_pct",
    "intended_weight_pct",
    "effective_weight_pct",
    "discrimination_index_pct",
    "discriminative_efficiency_pct",
    "flags",
    "reasons",
)

WHICH_TEXT = {
    "all": "all finished attempts",
    "first": "each student's first attempt",
    "last": "each student's last attempt",
    "best": "each student's best attempt",
}

BAR = "#"
BAR_WIDTH = 40


def _times100(value: float | None) -> float | None:
    return None if value is None else 100 * value


def question_rows(report: BankAnalysis) -> list[tuple[Any, ...]]:
    """One row per question, in `QUESTION_COLUMNS` order."""
    rows = []
    for q, topic, kind in zip(report.analysis.questions, report.topics, report.kinds, strict=True):
        rows.append(
            (
                report.bank.id,
                q.question,
                topic,
                kind,
                q.n,
                q.max_mark,
                q.mark_average,
                _times100(q.facility),
                _times100(q.sd_fraction),
                _times100(q.random_guess_score),
                q.intended_weight,
                q.effective_weight,
                q.discrimination_index,
                q.discriminative_efficiency,
                " ".join(f.code for f in q.flags),
                "; ".join(f.reason for f in q.flags),
            )
        )
    return rows


def _test_json(quiz: QuizStats) -> dict[str, Any]:
    return {
        "count": quiz.count,
        "max_total": quiz.max_total,
        "mean": quiz.mean,
        "median": quiz.median,
        "sd": quiz.sd,
        "skewness": quiz.skewness,
        "kurtosis": quiz.kurtosis,
        "cic_pct": quiz.cic,
        "error_ratio_pct": quiz.error_ratio,
        "standard_error": quiz.standard_error,
    }


def _question_json(row: tuple[Any, ...], q: QuestionStats) -> dict[str, Any]:
    data = dict(zip(QUESTION_COLUMNS[1:-2], row[1:-2], strict=True))
    data["flags"] = [{"code": str(f.code), "reason": f.reason} for f in q.flags]
    return data


def _bank_json(report: BankAnalysis) -> dict[str, Any]:
    chart = report.analysis.histogram()
    return {
        "bank": report.bank.id,
        "title": report.bank.title,
        "hashes": list(report.bank.hashes),
        "bank_file": _shown_path(report.bank.found) if report.bank.found else None,
        "attempts": report.attempts,
        "unverified_attempts": report.unverified,
        "students": report.students,
        "test": _test_json(report.analysis.quiz),
        "cic_note": report.cic_note,
        "questions": [
            _question_json(row, q)
            for row, q in zip(question_rows(report), report.analysis.questions, strict=True)
        ],
        "histogram": {"edges": list(chart.edges), "counts": list(chart.counts)},
    }


# -- text for people ---------------------------------------------------------------------------


def _f(value: float | None, decimals: int = 1, suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:.{decimals}f}{suffix}"


def _marks(value: float | None, quiz: QuizStats) -> str:
    if value is None:
        return "-"
    share = f" ({100 * value / quiz.max_total:.1f}%)" if quiz.max_total else ""
    return f"{markdown.number(value)} of {markdown.number(quiz.max_total)}{share}"


def test_figures(quiz: QuizStats, cic_note: str | None = None) -> list[tuple[str, str]]:
    """The whole-test figures as (label, text) pairs, in Moodle's order."""
    cic = _f(quiz.cic, 2, "%") if cic_note is None else f"- ({cic_note})"
    return [
        ("attempts", str(quiz.count)),
        ("mean", _marks(quiz.mean, quiz)),
        ("median", _marks(quiz.median, quiz)),
        ("standard deviation", _marks(quiz.sd, quiz)),
        ("skewness", _f(quiz.skewness, 3)),
        ("kurtosis", _f(quiz.kurtosis, 3)),
        ("CIC (Cronbach's alpha)", cic),
        ("error ratio", _f(quiz.error_ratio, 2, "%")),
        ("standard error", _marks(quiz.standard_error, quiz)),
    ]


_SHOWN = (
    ("question", None),
    ("type", None),
    ("n", None),
    ("facility", 1),
    ("SD", 1),
    ("guess", 1),
    ("intended", 2),
    ("effective", 2),
    ("discrim.", 2),
    ("disc.eff.", 2),
    ("flags", None),
)
"""The columns a person reads, with the decimals of each percentage."""


def _shown_rows(report: BankAnalysis) -> list[list[str]]:
    rows = []
    for row in question_rows(report):
        question, kind, n, flags = row[1], row[3], row[4], row[14]
        figures = [
            _f(value, decimals, "" if name == "discrim." else "%")
            for value, (name, decimals) in zip(row[7:14], _SHOWN[3:10], strict=True)
        ]
        rows.append([question, kind or "?", str(n), *figures, flags.replace(" ", ",")])
    return rows


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def histogram_lines(report: BankAnalysis, bins: int = 10) -> list[str]:
    """Total scores as plain-text bars, one line per bin of marks."""
    chart = report.analysis.histogram(bins)
    top = max(chart.counts, default=0)
    labels = [
        f"{markdown.number(lo)}-{markdown.number(hi)}"
        for lo, hi in zip(chart.edges, chart.edges[1:], strict=False)
    ]
    width = max(map(len, labels), default=0)
    lines = []
    for label, count in zip(labels, chart.counts, strict=True):
        bar = BAR * (round(BAR_WIDTH * count / top) if top else 0)
        if count and not bar:
            bar = BAR
        lines.append(f"{label.rjust(width)} | {bar + ' ' if bar else ''}{count}")
    return lines


FEW = 10
"""Below this many attempts at a question, its flags come with a word of caution."""


def _few(q: QuestionStats) -> str:
    if q.n >= FEW:
        return ""
    return f" (only {q.n} attempt{'' if q.n == 1 else 's'} drew it: too few to be sure)"


def _shown_path(path: str) -> str:
    """A bank file's path, relative to the working folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def _heading(report: BankAnalysis) -> list[str]:
    who = (
        f"{report.attempts} attempt{'s' if report.attempts != 1 else ''} by "
        f"{report.students} student{'s' if report.students != 1 else ''} "
        f"({WHICH_TEXT[report.which]})"
    )
    if report.bank.found:
        found = f"questions read from {_shown_path(report.bank.found)}"
    elif report.bank.invalid:
        shown = _shown_path(report.bank.invalid)
        found = (
            f"bank file {shown} has errors (see `casequiz validate {shown}`): no question "
            "types or random guess scores, questions by id"
        )
    else:
        found = "bank file not found: no question types or random guess scores, questions by id"
    lines = [who, found]
    if report.unverified:
        lines.append(
            f"UNVERIFIED: {report.unverified} of these attempts were imported without their "
            "bank, so their scores are the result files' own (casequiz results list shows which)"
        )
    return lines


def _text(reports: Sequence[BankAnalysis]) -> str:
    out: list[str] = []
    for report in reports:
        title = (
            f"{report.bank.id}: {report.bank.title}"
            if report.bank.title != report.bank.id
            else report.bank.id
        )
        out += [title, "=" * len(title), *_heading(report), "", "Whole test"]
        figures = test_figures(report.analysis.quiz, report.cic_note)
        width = max(len(label) for label, _ in figures)
        out += [f"  {label.ljust(width)}  {value}" for label, value in figures]
        out += ["", "Questions (percentages; SD as a share of the question's points)"]
        header = [name for name, _ in _SHOWN]
        out += [
            "  " + line for line in _aligned(header, _shown_rows(report), numeric=set(range(2, 10)))
        ]
        flagged = [q for q in report.analysis.questions if q.flags]
        if flagged:
            out += ["", "To review"]
            for q in flagged:
                out += [f"  {q.question}: {flag.reason}{_few(q)}" for flag in q.flags]
        noun = "attempt" if report.attempts == 1 else "attempts"
        out += ["", f"Total scores (marks, {report.attempts} {noun})"]
        out += ["  " + line for line in histogram_lines(report)]
        out.append("")
    return "\n".join(out)


def _markdown(reports: Sequence[BankAnalysis]) -> str:
    out = ["# Item analysis", ""]
    for report in reports:
        out += [f"## {markdown.escape(report.bank.id)}: {markdown.escape(report.bank.title)}", ""]
        out += [markdown.escape(line) + "." for line in _heading(report)]
        out += ["", "### Whole test", ""]
        out.append(
            markdown.table(["figure", "value"], test_figures(report.analysis.quiz, report.cic_note))
        )
        out += ["### Questions", ""]
        header = [name for name, _ in _SHOWN]
        out.append(markdown.table(header, _shown_rows(report)))
        flagged = [q for q in report.analysis.questions if q.flags]
        if flagged:
            out += ["### To review", ""]
            for q in flagged:
                out += [
                    f"- **{markdown.escape(q.question)}**: {markdown.escape(f.reason + _few(q))}"
                    for f in q.flags
                ]
            out.append("")
        out += ["### Total scores", "", "```", *histogram_lines(report), "```", ""]
    return "\n".join(out)


def render_stats(reports: Sequence[BankAnalysis], fmt: str, *, which: str = "all") -> str:
    """The analyses in `fmt`: table (terminal), csv, json or md."""
    if fmt == "table":
        return _text(reports)
    if fmt == "md":
        return _markdown(reports)
    if fmt == "csv":
        return csv_text(QUESTION_COLUMNS, [row for r in reports for row in question_rows(r)])
    if fmt == "json":
        data = {"attempts": which, "banks": [_bank_json(r) for r in reports]}
        return visible_json(data, indent=1) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
