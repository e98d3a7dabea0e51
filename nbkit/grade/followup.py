"""The cohort view's follow-up list: whom to contact, and why (pure but for the CSV text).

Generic rules read only what the lesson declares: who on the roster handed nothing in (overdue
once the due date has passed, else not started), a submission with no answer at all, a file that
could not be graded, a self-assessment scale in its lowest declared band. A lesson plugin adds its
own rules through its view (`nbkit.views`): a view with `followup(ctx) -> [(rule, label, detail)]`
is asked about each graded submission (docs/kit-shape.md lists the bundled lesson's rules). Each flag names a student because acting
on it means writing to them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..assess import bands_of, score_question
from ..validate import is_empty
from .evaluate import Graded
from .intake import Intake
from .settings import Settings

FOLLOWUP_NAME = "followup.csv"
COLUMNS = ("student_id", "name", "rule", "what", "detail")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # spreadsheets run these as formulas
RULES = {
    "overdue": "Nothing handed in, and the due date has passed",
    "not_started": "Nothing handed in yet",
    "empty": "Handed in without a single answer",
    "invalid_file": "The file could not be graded: ask for a new export",
    "low_scale": "Self-assessment in its lowest band: check in",
}


@dataclass(frozen=True)
class Flag:
    student_id: str
    name: str
    rule: str  # a RULES key, or "<plugin>.<rule>"
    what: str
    detail: str = ""


def followup(
    intakes: Sequence[Intake],
    graded: Mapping[str, Graded],
    settings: Settings,
    roster: Mapping[str, str],
    now: dt.datetime | None = None,
) -> list[Flag]:
    """Every flag, roster order first then file order; a student may have several."""
    now = now or dt.datetime.now(dt.UTC)
    flags = _missing(graded, settings, roster, now) + _invalid(intakes, graded)
    for sid, g in graded.items():
        flags += _about(sid, g, settings)
    return flags


def _missing(
    graded: Mapping[str, Graded], settings: Settings, roster: Mapping[str, str], now: dt.datetime
) -> list[Flag]:
    deadline = settings.deadline
    rule = "overdue" if deadline is not None and now > deadline else "not_started"
    due = f"due {deadline:%Y-%m-%d %H:%M %Z}" if deadline is not None else ""
    return [
        Flag(sid, name, rule, RULES[rule], due) for sid, name in roster.items() if sid not in graded
    ]


def _invalid(intakes: Iterable[Intake], graded: Mapping[str, Graded]) -> list[Flag]:
    """A refused file, unless the same student has a graded one (an older duplicate, say)."""
    return [
        Flag(i.student_id, "", "invalid_file", RULES["invalid_file"], f"{i.path.name}: {i.reason}")
        for i in intakes
        if not i.valid and not (i.student_id and i.student_id in graded)
    ]


def _about(sid: str, g: Graded, settings: Settings) -> list[Flag]:
    name, doc = g.evaluation.name, g.document
    values = [a.get("value") for a in doc.get("answers", {}).values() if isinstance(a, dict)]
    if all(is_empty(v) for v in values) and not any(doc.get("tables", {}).values()):
        return [Flag(sid, name, "empty", RULES["empty"])]
    flags = []
    for question in settings.scales:
        bands = bands_of(question)
        entry = doc.get("answers", {}).get(question.id)
        result = score_question(question, entry.get("value") if isinstance(entry, dict) else None)
        if bands and result.complete and result.band == bands[0].label:
            detail = f"{question.label}: {result.score} ({result.band})"
            flags.append(Flag(sid, name, "low_scale", RULES["low_scale"], detail))
    return flags + _plugin_flags(sid, name, g, settings)


def _plugin_flags(sid: str, name: str, g: Graded, settings: Settings) -> list[Flag]:
    from ..registry import views

    flags = []
    for plugin in settings.lesson.plugins:
        if plugin not in views.names():
            continue
        rules = getattr(views.get(plugin), "followup", None)
        if rules is None:
            continue
        for rule, what, detail in rules(settings.context(g.document)):
            flags.append(Flag(sid, name, f"{plugin}.{rule}", what, detail))
    return flags


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(flags: Iterable[Flag]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in flags:
        writer.writerow([_cell(f.student_id), _cell(f.name), f.rule, f.what, _cell(f.detail)])
    return out.getvalue()


def as_rows(flags: Iterable[Flag]) -> list[dict[str, Any]]:
    """The flags as plain data (cohort.json, the report notebook)."""
    return [
        dict(zip(COLUMNS, (f.student_id, f.name, f.rule, f.what, f.detail), strict=True))
        for f in flags
    ]


def own_questions(graded: Mapping[str, Graded], settings: Settings) -> dict[str, list[str]]:
    """Student id -> the items of every list question they answered (their own questions)."""
    ids = [q.id for q in settings.lesson.questions() if q.kind == "list"]
    out: dict[str, list[str]] = {}
    for sid, g in graded.items():
        answers = g.document.get("answers", {})
        for qid in ids:
            entry = answers.get(qid)
            value = entry.get("value") if isinstance(entry, dict) else None
            if isinstance(value, list):
                out.setdefault(sid, []).extend(str(v) for v in value if isinstance(v, str))
    return out


def section_answers(doc: Mapping[str, Any], settings: Settings) -> dict[str, dict[str, int]]:
    """Answered and required per section, recomputed from the answers (the file's own
    `progress` is the student's machine's opinion, and /1 files have none)."""
    from ..progress import section_progress, validation_context

    answers = {k: a for k, a in doc.get("answers", {}).items() if isinstance(a, dict)}
    values = {k: a.get("value") for k, a in answers.items()}
    written = {k: str(a.get("updated_at", "")) for k, a in answers.items() if a.get("updated_at")}
    ctx = validation_context(settings.config)
    out = {}
    for section in settings.lesson.ordered():
        answered, required, _missing = section_progress(section, values, ctx, written)
        out[section.id] = {"answered": answered, "required": required}
    return out


def cohort_view(
    intakes: Sequence[Intake],
    graded: Mapping[str, Graded],
    rows: Sequence[Any],
    settings: Settings,
    roster: Mapping[str, str],
    now: dt.datetime | None = None,
) -> tuple[dict[str, Any], list[Flag]]:
    """The report's actionable parts: follow-up flags, score distributions per criterion,
    completion per section and the themes of the students' own questions (cohort.json keys)."""
    from .report import score_distributions, section_completion
    from .themes import as_data, themes

    flags = followup(intakes, graded, settings, roster, now)
    sections = {s.id: s.title for s in settings.lesson.ordered()}
    progress = [section_answers(g.document, settings) for g in graded.values()]
    parts = {
        "followup": as_rows(flags),
        "distributions": score_distributions(rows, settings.rubric),
        "sections": section_completion(progress, sections),
        "themes": as_data(themes(own_questions(graded, settings))),
    }
    return parts, flags


def write_cohort_view(
    out: Path,
    intakes: Sequence[Intake],
    graded: Mapping[str, Graded],
    rows: Sequence[Any],
    settings: Settings,
    roster: Mapping[str, str],
) -> dict[str, Any]:
    """followup.csv in `out`, and the cohort view's parts for cohort.json."""
    from .gradebook import write_text_atomic

    parts, flags = cohort_view(intakes, graded, rows, settings, roster)
    write_text_atomic(out / FOLLOWUP_NAME, to_csv(flags))
    return parts
