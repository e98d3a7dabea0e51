"""From accepted submissions to evaluations and gradebook rows (pure but for reading files).

Shared by the batch, the grade notebook and the cohort report's sample data, so all three give
the same points for the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gradebook import Row, graded_row, invalid_row
from .intake import Intake, find_submissions, read_one, resolve_duplicates
from .rubric import Evaluation, evaluate
from .settings import Settings

FEEDBACK_DIR = "feedback"


@dataclass(frozen=True)
class Graded:
    intake: Intake
    evaluation: Evaluation
    comfort: int | None
    goals: list[str]

    @property
    def document(self) -> dict[str, Any]:
        assert self.intake.document is not None
        return self.intake.document

    @property
    def feedback_file(self) -> str:
        return f"{FEEDBACK_DIR}/{self.evaluation.student_id}.html"


def intake_folder(
    folder: Path, settings: Settings, now: dt.datetime | None = None
) -> tuple[list[Intake], int]:
    now = now or dt.datetime.now(dt.UTC)
    intakes = [read_one(p, settings.max_bytes, now) for p in find_submissions(folder)]
    return resolve_duplicates(intakes)


def grade_document(intake: Intake, settings: Settings) -> Graded:
    doc = intake.document
    assert doc is not None
    return Graded(
        intake=intake,
        evaluation=evaluate(settings.rubric, doc, settings.context),
        comfort=settings.comfort_score(doc["assessment"]["responses"]),
        goals=[str(g.get("id")) for g in doc.get("goals", [])],
    )


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
