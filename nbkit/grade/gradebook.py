"""gradebook.csv (one row per submission, ready for an LMS import) and the instructor's overrides.

The overrides file is the instructor's, never rewritten by a run (only created empty when
missing), so manual adjustments survive every re-run: they are applied after the rubric.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .rubric import GRADEBOOK_HEAD, GRADEBOOK_TAIL, Evaluation, Rubric

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

    @property
    def total(self) -> float:
        return sum(self.points.values())


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


def columns(rubric: Rubric) -> list[str]:
    return [*GRADEBOOK_HEAD, *(c.id for c in rubric.criteria), *GRADEBOOK_TAIL]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Row], rubric: Rubric) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns(rubric))
    for row in rows:
        graded = row.status == "graded"
        points = [_number(row.points[c.id]) if graded else "" for c in rubric.criteria]
        writer.writerow(
            [
                _cell(row.student_id),
                _cell(row.name),
                *points,
                _number(row.total) if graded else "",
                "yes" if row.late else "no",
                _number(row.hours_late),
                row.status,
                _cell(row.reason),
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
                problems.append(f"{where}: points must be 0..{_number(maxima[criterion])}")
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
