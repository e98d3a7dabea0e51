"""What the instructor notebooks show: thin, escaped views over the grading functions.

The notebooks stay a few short cells; the logic lives here, tested without a kernel. Student
text only ever reaches the page through html.escape (feedback.py) or as plain text.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from ..submission import read_submission
from . import feedback
from .evaluate import Graded, grade_document, report_parts, rows_for
from .followup import cohort_view
from .gradebook import Row, graded_row, to_csv
from .intake import Intake
from .report import MIN_GROUP, ScaleResult, cohort_stats, read_roster, scale_results
from .sample import sample_document
from .settings import Settings, load_settings


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
    scale_results: list[ScaleResult]

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
            "scores": self.graded.scores,
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
        return feedback.answers_html(self.graded.document, self.settings.lesson)

    def scales(self) -> str:
        return (
            feedback.scales_html(self.scale_results)
            or "<p>This lesson has no self-assessment scale.</p>"
        )

    def page(self) -> str:
        row = graded_row(self.graded.evaluation, self.graded.feedback_file)
        return feedback.render(
            row,
            self.graded.evaluation,
            self.graded.document,
            self.settings.lesson,
            self.scale_results,
            self.settings.rubric.title,
        )


def grade_view(
    submission_path: str = "",
    rubric_path: str = "",
    config_path: str = "",
    cohort_path: str = "",
    lesson_path: str = "",
) -> GradeView:
    """One submission graded for the grade notebook; with no path, a sample of the lesson."""
    settings = load_settings(config_path or None, rubric_path or None, lesson_path or None)
    if submission_path:
        path = Path(submission_path)
        submission = read_submission(path, settings.max_bytes)
        doc: dict[str, Any] = dict(submission)
        lesson_id = submission["lesson"]["id"]
        if not lesson_path and lesson_id != settings.lesson.id:
            settings = load_settings(config_path or None, rubric_path or None, lesson_id=lesson_id)
    else:
        path, doc = Path("sample.json"), dict(sample_document(settings))
    graded = grade_document(Intake(path, "", doc), settings)
    summaries = json.loads(Path(cohort_path).read_text(encoding="utf-8")) if cohort_path else {}
    return GradeView(graded, settings, scale_results(graded.scores, summaries, settings.scales))


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
    lesson_path: str = "",
) -> ReportView:
    settings = load_settings(config_path or None, rubric_path or None, lesson_path or None)
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


def _sample_report(settings: Settings, students: int = 12) -> ReportView:
    graded, intakes = {}, []
    for n in range(students):
        doc = dict(sample_document(settings, n, f"Sample Student {n}"))
        intake = Intake(Path(f"sample{n:02d}.json"), "", doc)
        intakes.append(intake)
        graded[intake.student_id] = grade_document(intake, settings)
    rows: list[Row] = rows_for(intakes, graded)
    roster = {"s999": "Not Handed In"}
    stats = cohort_stats(rows, settings.rubric, *report_parts(graded, settings), roster)
    stats |= cohort_view(intakes, graded, rows, settings, roster)[0]
    table = list(csv.DictReader(to_csv(rows, settings.rubric).splitlines()))
    return ReportView(settings, table, stats)


def count_text(n: int) -> str:
    """A count shown in the report: 1 to 4 students read "fewer than 5" (a cell that small
    points at a person; 0 does not)."""
    return str(n) if n == 0 or n >= MIN_GROUP else f"fewer than {MIN_GROUP}"


def choices_html(choice: dict[str, Any]) -> str:
    rows = [[answer, count_text(n)] for answer, n in choice["counts"].items()]
    return f"<h4>{escape(choice['label'])}</h4>" + table_html(["Answer", "Students"], rows)


def followup_html(stats: dict[str, Any]) -> str:
    rows = [[f["student_id"], f["name"], f["what"], f["detail"]] for f in stats.get("followup", [])]
    if not rows:
        return "<p>Nobody to follow up.</p>"
    return table_html(["Student id", "Name", "Why", "Detail"], rows)


def distributions_html(stats: dict[str, Any]) -> str:
    """One row per criterion: how many students got each level's points."""
    parts = stats.get("distributions") or {}
    if not parts:
        return f"<p>{escape(stats.get('hidden') or 'No graded students.')}</p>"
    rows = [
        [d["title"], ", ".join(f"{p} pts: {count_text(n)}" for p, n in d["counts"].items())]
        for d in parts.values()
    ]
    return table_html(["Criterion", "Students per points"], rows)


def sections_html(stats: dict[str, Any]) -> str:
    parts = stats.get("sections") or {}
    if not parts:
        return f"<p>{escape(stats.get('hidden') or 'No graded students.')}</p>"
    rows = [[s["title"], f"{s['complete']:.0%}"] for s in parts.values()]
    return table_html(["Section", "Everything required answered"], rows)


def themes_html(stats: dict[str, Any]) -> str:
    """Each theme with its size and a few quotes, escaped; themes of fewer than 5 are never made."""
    found = stats.get("themes") or []
    if not found:
        return "<p>No theme is shared by five or more students yet.</p>"
    return "".join(
        f"<h4>{escape(t['label'])} ({t['students']} students, {t['questions']} questions)</h4>"
        + "<ul>"
        + "".join(f"<li>{escape(q)}</li>" for q in t["quotes"])
        + "</ul>"
        for t in found
    )


__all__ = [
    "GradeView",
    "ReportView",
    "choices_html",
    "count_text",
    "distributions_html",
    "followup_html",
    "grade_view",
    "report_view",
    "sections_html",
    "table_html",
    "themes_html",
]
