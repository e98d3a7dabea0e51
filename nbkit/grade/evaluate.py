"""From accepted submissions to evaluations and gradebook rows (pure but for reading files).

Shared by the batch, the grade notebook and the cohort report's sample data, so all three give
the same points for the same document.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..assess import score_question
from .checks import Context
from .gradebook import Row, graded_row, invalid_row
from .intake import Intake, find_submissions, read_one, resolve_duplicates
from .report import choice_counts, scale_stats, scale_summaries
from .rubric import Evaluation, evaluate
from .settings import Settings

FEEDBACK_DIR = "feedback"


@dataclass(frozen=True)
class Graded:
    intake: Intake
    evaluation: Evaluation
    scores: dict[str, int]  # likert question id -> scale score (complete scales only)
    choices: dict[str, list[str]]  # choice question id -> the values chosen

    @property
    def document(self) -> dict[str, Any]:
        assert self.intake.document is not None
        return self.intake.document

    @property
    def feedback_file(self) -> str:
        return f"{FEEDBACK_DIR}/{self.evaluation.student_id}.html"


def intake_folder(
    folder: Path, max_bytes: int, now: dt.datetime | None = None
) -> tuple[list[Intake], int]:
    now = now or dt.datetime.now(dt.UTC)
    intakes = [read_one(p, max_bytes, now) for p in find_submissions(folder)]
    return resolve_duplicates(intakes)


def lesson_of(intake: Intake) -> str:
    return str((intake.document or {}).get("lesson", {}).get("id", ""))


def main_lesson(intakes: list[Intake]) -> str:
    """The lesson most valid submissions name (the first one named, on a tie); '' when none."""
    counts = Counter(lesson_of(i) for i in intakes if i.valid)
    return counts.most_common(1)[0][0] if counts else ""


def keep_lesson(intakes: list[Intake], lesson_id: str) -> list[Intake]:
    """Submissions of another lesson are refused: one run grades one lesson with one rubric."""
    return [
        i.refuse(
            f"lesson {lesson_of(i)[:60]!r}; this run grades {lesson_id!r} (grade it separately)"
        )
        if i.valid and lesson_of(i) != lesson_id
        else i
        for i in intakes
    ]


def grade_document(intake: Intake, settings: Settings) -> Graded:
    doc = intake.document
    assert doc is not None
    return Graded(
        intake=intake,
        evaluation=evaluate(settings.rubric, context_for(doc, settings)),
        scores=scale_scores(doc, settings),
        choices=chosen(doc, settings),
    )


def context_for(doc: Mapping[str, Any], settings: Settings) -> Context:
    """The run's context for one document, with the end of every due day the rubric names, so
    each deliverable is dated by its own key (the rubric's own keeps the student's extension)."""
    ctx = settings.context(doc)
    deadlines = {key: settings.config.deadline(key) for key in settings.rubric.due_keys}
    if settings.rubric.due and ctx.deadline is not None:
        deadlines[settings.rubric.due] = ctx.deadline
    return replace(ctx, deadlines=deadlines)


def _value(doc: Mapping[str, Any], answer_id: str) -> Any:
    entry = doc.get("answers", {}).get(answer_id)
    return entry.get("value") if isinstance(entry, dict) else None


def scale_scores(doc: Mapping[str, Any], settings: Settings) -> dict[str, int]:
    """Recomputed from the answers; a score the document carries is never trusted."""
    scores = {}
    for question in settings.scales:
        result = score_question(question, _value(doc, question.id))
        if result.score is not None:
            scores[question.id] = result.score
    return scores


def chosen(doc: Mapping[str, Any], settings: Settings) -> dict[str, list[str]]:
    out = {}
    for question in settings.choices:
        value = _value(doc, question.id)
        values = value if isinstance(value, list) else [value] if value else []
        out[question.id] = [str(v) for v in values]
    return out


def rows_for(intakes: list[Intake], graded: dict[str, Graded]) -> list[Row]:
    """One row per refused file and per graded student, in file order."""
    rows = []
    for intake in intakes:
        if intake.valid:
            g = graded[intake.student_id]
            rows.append(graded_row(g.evaluation, g.feedback_file))
        else:
            rows.append(invalid_row(intake.student_id, intake.path.name, intake.reason))
    return rows


def scale_summaries_of(graded: Mapping[str, Graded], settings: Settings) -> dict[str, Any]:
    """What a grade notebook needs to place one student on each scale (written as scales.json)."""
    return scale_summaries(
        {s: g.scores for s, g in graded.items()}, [q.id for q in settings.scales]
    )


def report_parts(
    graded: Mapping[str, Graded], settings: Settings
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cohort report's lesson parts, generic: (scales, choices) keyed by question id."""
    summaries = scale_summaries_of(graded, settings)
    scales = {q.id: scale_stats(q, summaries[q.id]) for q in settings.scales}
    choices = {
        q.id: choice_counts(q, (g.choices for g in graded.values())) for q in settings.choices
    }
    return scales, choices
