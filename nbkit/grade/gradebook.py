"""gradebook.csv (one row per submission) and the instructor's overrides.

The overrides file is the instructor's, never rewritten by a run (only created empty when
missing), so manual adjustments survive every re-run: they are applied after the rubric, and
the late penalty after them (`finish_rows`), so an override is never charged twice or spared.
The LMS layouts (Canvas, Moodle) are written from the same rows by nbkit.grade.lms.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks import parse_stamp
from .late import Part, after_penalty, lateness, parts_of
from .rubric import GRADEBOOK_HEAD, GRADEBOOK_TAIL, Evaluation, Rubric

if TYPE_CHECKING:
    from .settings import Settings

OVERRIDES_NAME = "overrides.csv"
OVERRIDE_COLUMNS = ("student_id", "criterion", "points", "comment")
# Spreadsheets run cells starting with these as formulas (CSV injection): quote them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Override:
    student_id: str
    criterion: str
    points: float
    comment: str


@dataclass(frozen=True)
class PartScore:
    """One deliverable of one student: its points, due date and what lateness cost."""

    id: str
    title: str
    points: float  # before the penalty, overrides included
    max_points: float
    due: str  # ISO moment in the cohort's zone, "" when the deliverable has no due date
    extended: bool
    late: bool
    hours_late: float
    penalty: float  # percent taken off

    @property
    def score(self) -> float:
        return after_penalty(self.points, self.penalty)


@dataclass(frozen=True)
class Row:
    student_id: str
    name: str
    points: dict[str, float]
    late: bool
    hours_late: float
    status: str  # graded | invalid
    reason: str
    feedback_file: str
    comments: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (criterion, comment)
    parts: tuple[PartScore, ...] = field(default_factory=tuple)  # set by finish_rows

    @property
    def total(self) -> float:
        """The points after every deliverable's late penalty."""
        taken = sum(p.points - p.score for p in self.parts)
        return round(sum(self.points.values()) - taken, 2)


def graded_row(evaluation: Evaluation, feedback_file: str, note: str = "") -> Row:
    return Row(
        evaluation.student_id,
        evaluation.name,
        evaluation.points(),
        evaluation.late,
        evaluation.hours_late,
        "graded",
        note,
        feedback_file,
    )


def invalid_row(student_id: str, file_name: str, reason: str) -> Row:
    return Row(student_id, "", {}, False, 0.0, "invalid", f"{file_name}: {reason}", "")


PART_COLUMNS = ("due", "hours late", "penalty %", "score")


def columns(rubric: Rubric) -> list[str]:
    """Criteria, then per deliverable its due date, lateness, penalty and score (the spaces keep
    them apart from criterion ids, which are lower_snake_case)."""
    parts = [f"{p.id} {c}" for p in parts_of(rubric) for c in PART_COLUMNS]
    return [*GRADEBOOK_HEAD, *(c.id for c in rubric.criteria), *parts, *GRADEBOOK_TAIL]


def number_text(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def _part_cells(row: Row, parts: Sequence[Part]) -> list[str]:
    by_id = {p.id: p for p in row.parts}
    cells = []
    for part in parts:
        got = by_id.get(part.id)
        if got is None or row.status != "graded":
            cells += [""] * len(PART_COLUMNS)
            continue
        due = got.due + (" (extension)" if got.extended else "")
        cells += [
            due,
            number_text(got.hours_late),
            number_text(got.penalty),
            number_text(got.score),
        ]
    return cells


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Row], rubric: Rubric) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns(rubric))
    parts = parts_of(rubric)
    for row in rows:
        graded = row.status == "graded"
        points = [number_text(row.points[c.id]) if graded else "" for c in rubric.criteria]
        writer.writerow(
            [
                safe_cell(row.student_id),
                safe_cell(row.name),
                *points,
                *_part_cells(row, parts),
                number_text(row.total) if graded else "",
                "yes" if row.late else "no",
                number_text(row.hours_late),
                row.status,
                safe_cell(row.reason),
                row.feedback_file,
            ]
        )
    return out.getvalue()


def write_text_atomic(path: Path, text: str) -> None:
    """Write next to the target, then rename: a crash never leaves half a gradebook."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def read_overrides(path: Path, rubric: Rubric) -> tuple[list[Override], list[str]]:
    """Parse the overrides file; bad lines are reported (and skipped), never fatal."""
    if not path.exists():
        write_text_atomic(path, ",".join(OVERRIDE_COLUMNS) + "\n")
        return [], []
    maxima = {c.id: c.max_points for c in rubric.criteria}
    overrides, problems = [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name} line {line}"
            criterion = (record.get("criterion") or "").strip()
            if criterion not in maxima:
                problems.append(f"{where}: unknown criterion {criterion[:40]!r}")
                continue
            try:
                points = float((record.get("points") or "").strip())
            except ValueError:
                problems.append(f"{where}: points must be a number")
                continue
            if not 0 <= points <= maxima[criterion]:
                problems.append(f"{where}: points must be 0..{number_text(maxima[criterion])}")
                continue
            overrides.append(
                Override(
                    (record.get("student_id") or "").strip(),
                    criterion,
                    points,
                    (record.get("comment") or "").strip(),
                )
            )
    return overrides, problems


def apply_overrides(
    rows: Sequence[Row], overrides: Sequence[Override]
) -> tuple[list[Row], list[str]]:
    """The instructor's points replace the rubric's; later lines win. Unknown students reported."""
    by_id = {r.student_id: i for i, r in enumerate(rows) if r.status == "graded"}
    out, problems = list(rows), []
    for o in overrides:
        index = by_id.get(o.student_id)
        if index is None:
            problems.append(f"overrides: no graded submission for student {o.student_id[:40]!r}")
            continue
        row = out[index]
        comments = tuple(c for c in row.comments if c[0] != o.criterion)
        comments += ((o.criterion, o.comment),) if o.comment else ()
        out[index] = replace(row, points={**row.points, o.criterion: o.points}, comments=comments)
    return out, problems


def finish_rows(
    rows: Sequence[Row], documents: Mapping[str, Mapping[str, Any]], settings: Settings
) -> tuple[list[Row], list[str]]:
    """Each graded row's deliverables with the late policy and extensions applied, computed now
    from the current config (never stored), and a flag on submissions from another cohort."""
    out, problems = [], []
    for row in rows:
        doc = documents.get(row.student_id)
        if row.status != "graded" or doc is None:
            out.append(row)
            continue
        parts = part_scores(row, doc, settings)
        late = [p for p in parts if p.late]
        row = replace(
            row,
            parts=parts,
            late=bool(late),
            hours_late=max((p.hours_late for p in late), default=0.0),
        )
        flag = other_cohort(doc, settings.config.cohort)
        if flag:
            row = replace(row, reason="; ".join(r for r in (row.reason, flag) if r))
            problems.append(f"flagged {row.student_id!r}: {flag}")
        out.append(row)
    return out, problems


def part_scores(row: Row, document: Mapping[str, Any], settings: Settings) -> tuple[PartScore, ...]:
    submitted = parse_stamp(str(document["exported_at"]))
    maxima = {c.id: c.max_points for c in settings.rubric.criteria}
    scores = []
    for part in settings.parts:
        due, extended = settings.due_for(row.student_id, part)
        lt = lateness(settings.late, submitted, due, extended)
        scores.append(
            PartScore(
                part.id,
                part.title,
                round(sum(row.points.get(c, 0.0) for c in part.criteria), 2),
                sum(maxima.get(c, 0.0) for c in part.criteria),
                due.isoformat() if due else "",
                extended,
                lt.late,
                lt.hours_late,
                lt.penalty,
            )
        )
    return tuple(scores)


def other_cohort(document: Mapping[str, Any], cohort: str) -> str:
    """'' when the submission names this run's cohort, else why it is flagged."""
    named = document.get("cohort", {})
    theirs = str(named.get("name", "")) if isinstance(named, dict) else ""
    if theirs.strip().casefold() == cohort.strip().casefold():
        return ""
    return f"exported for cohort {theirs[:60]!r}, not this run's {cohort[:60]!r}"


def lateness_lines(row: Row) -> list[str]:
    """Plain sentences for the student's feedback: when each deliverable was due, how late it
    came and what the late policy took (callers escape them)."""
    if not row.parts:
        if row.late:
            return [f"Handed in {number_text(row.hours_late)} hours after the due date."]
        return ["Handed in on time."]
    lines = []
    for p in row.parts:
        name = p.title if len(row.parts) > 1 else "Handed in"
        due = _when(p.due) + (", your extended date" if p.extended else "")
        if not p.late:
            lines.append(f"{name}: on time (due {due})." if p.due else f"{name}: on time.")
            continue
        line = f"{name}: {number_text(p.hours_late)} hours after the due date ({due})."
        if p.penalty:
            line += (
                f" The late policy takes {number_text(p.penalty)}% off: "
                f"{number_text(p.score)} points instead of {number_text(p.points)}."
            )
        lines.append(line)
    return lines


def _when(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso)
    return moment.strftime("%a %d %b %Y, %H:%M")
