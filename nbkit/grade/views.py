"""What the instructor notebooks show: thin, escaped views over the grading functions.

The notebooks stay a few short cells; the logic lives here, tested without a kernel. Student
text only ever reaches the page through html.escape (feedback.py) or as plain text.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from ..submission import read_submission
from . import feedback
from .evaluate import Graded, grade_document, rows_for
from .gradebook import Row, graded_row
from .intake import Intake
from .report import cohort_stats, comfort_summary, place, read_roster
from .settings import Settings, load_settings
from .simulate import make_submission, write_valid


def table_html(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


@dataclass
class GradeView:
    graded: Graded
    settings: Settings
    placement: Any

    @property
    def result(self) -> dict[str, Any]:
        """The notebook's machine-readable outcome (the benchmark compares it with gradebook.csv)."""
        e = self.graded.evaluation
        return {
            "student_id": e.student_id,
            "points": e.points(),
            "total": e.total,
            "late": e.late,
            "hours_late": e.hours_late,
            "comfort": self.graded.comfort,
        }

    def score_table(self) -> str:
        e = self.graded.evaluation
        rows = [
            [r.title, f"{r.points:g} / {r.max_points:g}", r.feedback, " ".join(r.notes)]
            for r in e.results
        ]
        rows.append(["Total", f"{e.total:g} / {self.settings.rubric.max_points:g}", "", ""])
        return table_html(["Criterion", "Points", "Feedback", "Notes"], rows)

    def answers(self) -> str:
        return feedback.answers_html(self.graded.document)

    def comfort(self) -> str:
        return feedback.comfort_html(self.placement)

    def page(self) -> str:
        row = graded_row(self.graded.evaluation, self.graded.feedback_file)
        return feedback.render(
            row,
            self.graded.evaluation,
            self.graded.document,
            self.placement,
            self.settings.rubric.title,
        )


def sample_submission(settings: Settings) -> Path:
    """A simulated complete submission in a temporary folder (the notebooks' default input)."""
    folder = Path(tempfile.mkdtemp(prefix="nbkit-sample-"))
    path = folder / "sample.json"
    path.write_text(
        json.dumps(make_submission(settings.config, "complete", "sample", "Sample Student")),
        encoding="utf-8",
    )
    return path


def grade_view(
    submission_path: str = "", rubric_path: str = "", config_path: str = "", cohort_path: str = ""
) -> GradeView:
    settings = load_settings(config_path or None, rubric_path or None)
    path = Path(submission_path) if submission_path else sample_submission(settings)
    doc = read_submission(path, settings.max_bytes)
    graded = grade_document(Intake(path, "", doc), settings)
    summary = json.loads(Path(cohort_path).read_text(encoding="utf-8")) if cohort_path else None
    return GradeView(graded, settings, place(graded.comfort, summary))


@dataclass
class ReportView:
    settings: Settings
    rows: list[dict[str, str]]
    stats: dict[str, Any]


def report_view(
    gradebook_path: str = "",
    cohort_path: str = "",
    roster_path: str = "",
    rubric_path: str = "",
    config_path: str = "",
) -> ReportView:
    settings = load_settings(config_path or None, rubric_path or None)
    if not gradebook_path:
        return _sample_report(settings)
    with Path(gradebook_path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    stats = json.loads(Path(cohort_path).read_text(encoding="utf-8")) if cohort_path else {}
    if roster_path:
        roster = read_roster(Path(roster_path))
        graded = {r["student_id"] for r in rows if r["status"] == "graded"}
        stats["missing"] = sorted([s, n] for s, n in roster.items() if s not in graded)
    return ReportView(settings, rows, stats)


def _sample_report(settings: Settings) -> ReportView:
    folder = Path(tempfile.mkdtemp(prefix="nbkit-sample-"))
    write_valid(folder, settings.config, 12)
    graded = {}
    intakes = []
    for path in sorted(folder.iterdir()):
        intake = Intake(path, "", read_submission(path))
        intakes.append(intake)
        graded[intake.student_id] = grade_document(intake, settings)
    rows: list[Row] = rows_for(intakes, graded)
    comfort = {sid: g.comfort for sid, g in graded.items() if g.comfort is not None}
    goals = {sid: g.goals for sid, g in graded.items()}
    stats = cohort_stats(rows, settings.rubric, comfort, goals, {"s999": "Not Handed In"})
    from .gradebook import to_csv

    table = list(csv.DictReader(to_csv(rows, settings.rubric).splitlines()))
    return ReportView(settings, table, stats)


__all__ = ["GradeView", "ReportView", "comfort_summary", "grade_view", "report_view", "table_html"]
