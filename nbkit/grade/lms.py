"""The gradebook in a learning management system's own import layout (`nbkit grade --lms`).

One assignment column per deliverable, the score after its late penalty, the student matched by
the ids the roster gives (nbkit.grade.roster). Layouts, as each system documents its import:

- Canvas (Grades > Import): Student, ID, SIS User ID, SIS Login ID, Section, then one column
  per assignment named "Title (id)"; the second row, "Points Possible", gives each maximum.
  Canvas matches a row by ID (its user id: the roster's canvas_id), else SIS User ID (the
  roster's sis_user_id, else the kit's student_id), else SIS Login ID. A blank score leaves
  Canvas's grade as it is.
- Moodle (Grades > Import > CSV file): one row per student, the identifier columns "ID number"
  (sis_user_id, else student_id) and "Email address", then one grade column per deliverable;
  the instructor maps the identifier and each grade column in Moodle's import form.
- csv: the kit's own gradebook.csv only.

Invalid submissions and enrolled students who handed nothing in get a blank score, never a 0:
what counts as missing is the LMS's policy to apply, not a number this file invents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from .gradebook import Row, number_text, safe_cell, write_text_atomic
from .late import Part, parts_of
from .roster import Roster, Student
from .rubric import Rubric

LMS_NAMES = ("csv", "canvas", "moodle")
CANVAS_HEAD = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS = "    Points Possible"  # as Canvas's own export spells it
MOODLE_HEAD = ("ID number", "Email address", "Full name")


def file_name(lms: str) -> str:
    return "gradebook.csv" if lms == "csv" else f"gradebook-{lms}.csv"


def assignment(part: Part) -> str:
    return f"{part.title} ({part.id})"


def _students(rows: Iterable[Row], roster: Roster) -> list[tuple[Student, Row | None]]:
    """Graded students first (in gradebook order), then the enrolled who have no graded row."""
    seen: set[str] = set()
    out: list[tuple[Student, Row | None]] = []
    for row in rows:
        if row.status != "graded" or row.student_id.casefold() in seen:
            continue
        seen.add(row.student_id.casefold())
        known = roster.get(row.student_id)
        out.append((known or Student(row.student_id, name=row.name), row))
    for student in roster.students.values():
        if student.student_id.casefold() not in seen:
            out.append((student, None))
    return out


def _scores(row: Row | None, parts: Sequence[Part]) -> list[str]:
    by_id = {p.id: p for p in row.parts} if row else {}
    return [number_text(by_id[p.id].score) if p.id in by_id else "" for p in parts]


def canvas_csv(
    rows: Iterable[Row], parts: Sequence[Part], maxima: Sequence[float], roster: Roster
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CANVAS_HEAD, *(assignment(p) for p in parts)])
    writer.writerow([CANVAS_POINTS, "", "", "", "", *(number_text(m) for m in maxima)])
    for student, row in _students(rows, roster):
        ids = [student.canvas_id, student.sis_user_id or student.student_id, student.sis_login_id]
        name = student.name or (row.name if row else "")
        writer.writerow(
            [
                safe_cell(name),
                *(safe_cell(i) for i in ids),
                safe_cell(student.section),
                *_scores(row, parts),
            ]
        )
    return out.getvalue()


def moodle_csv(rows: Iterable[Row], parts: Sequence[Part], roster: Roster) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*MOODLE_HEAD, *(assignment(p) for p in parts)])
    for student, row in _students(rows, roster):
        name = student.name or (row.name if row else "")
        cells = [student.sis_user_id or student.student_id, student.email, name]
        writer.writerow([*(safe_cell(c) for c in cells), *_scores(row, parts)])
    return out.getvalue()


def maxima(rubric: Rubric, parts: Sequence[Part]) -> list[float]:
    points = {c.id: c.max_points for c in rubric.criteria}
    return [sum(points.get(c, 0.0) for c in p.criteria) for p in parts]


def write_lms(
    out_dir: Path, lms: str, rows: Sequence[Row], rubric: Rubric, roster: Roster
) -> tuple[Path | None, list[str]]:
    """Write the chosen layout next to gradebook.csv; the problems an instructor should fix."""
    if lms == "csv":
        return None, []
    parts = parts_of(rubric)
    if lms == "canvas":
        text = canvas_csv(rows, parts, maxima(rubric, parts), roster)
    else:
        text = moodle_csv(rows, parts, roster)
    path = out_dir / file_name(lms)
    write_text_atomic(path, text)
    problems = [
        f"{lms}: {r.student_id!r} is not on the roster, so the LMS may not match the row"
        for r in rows
        if r.status == "graded" and len(roster) and roster.get(r.student_id) is None
    ]
    return path, problems
