"""Each student's feedback: a static HTML page and the file they import into their lesson.

The page is built from data with every student string escaped: no nbconvert call per student (it
costs seconds and renders Markdown live); no JavaScript; a Content-Security-Policy that forbids
scripts in case a browser ever finds markup anyway. The same scores, criterion feedback and
instructor comments also go into `<student>.feedback.json` (nbkit.feedback/1), which the student
imports with `nbkit feedback import` and reads beside the answers each criterion is about.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from .. import __version__
from ..answers import describe
from ..content import Lesson
from ..feedback import SCHEMA_ID, validate
from ..validate import is_empty
from .gradebook import Row, lateness_lines, write_text_atomic
from .report import MIN_GROUP, ScaleResult
from .rubric import Criterion, Evaluation, Rubric

CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.35rem;text-align:left;
vertical-align:top}.pre{white-space:pre-wrap}.late{color:#a40}.note{color:#555}"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _score_table(row: Row, evaluation: Evaluation) -> str:
    comments = dict(row.comments)
    lines = ["<table><tr><th>Criterion</th><th>Points</th><th>Feedback</th></tr>"]
    for r in evaluation.results:
        points = row.points.get(r.id, r.points)
        notes = "".join(f"<div class='note'>{_e(n)}</div>" for n in r.notes)
        if r.id in comments:
            notes += f"<div><b>Instructor:</b> {_e(comments[r.id])}</div>"
        elif points != r.points:
            notes += "<div><b>Instructor:</b> points adjusted.</div>"
        lines.append(
            f"<tr><td>{_e(r.title)}</td><td>{_points(points)} / {_points(r.max_points)}"
            f"</td><td>{_e(r.feedback)}{notes}</td></tr>"
        )
    lines.append(
        f"<tr><th>Total</th><th>{_points(row.total)} / "
        f"{_points(sum(r.max_points for r in evaluation.results))}</th><td></td></tr></table>"
    )
    return "\n".join(lines)


def scale_html(result: ScaleResult) -> str:
    """A student's score on one of the lesson's scales, placed within the cohort when there is one."""
    n, placement = len(result.question.items), result.placement
    if result.score is None:
        return "<p>Not complete: every statement needs an answer for a score.</p>"
    text = f"Score {result.score} ({n}..{5 * n}, midpoint {3 * n})."
    # place() gives no placement for fewer than MIN_GROUP scores; this guards the page itself.
    if placement is not None and placement.n >= MIN_GROUP:
        text += f" Cohort mean {placement.mean}, SD {placement.sd}, {placement.n} students."
    if placement is not None and placement.n >= MIN_GROUP and placement.z is not None:
        text += (
            f" z = {placement.z}, about the {placement.percentile:.0f}th percentile of the cohort."
        )
    return f"<p>{_e(text)} A typical level, not a fixed type.</p>"


def scales_html(results: Sequence[ScaleResult]) -> str:
    return "".join(f"<h3>{_e(r.question.label)}</h3>{scale_html(r)}" for r in results)


def answers_html(doc: Mapping[str, Any], lesson: Lesson) -> str:
    """Every answered question in lesson order, then every table, as escaped text."""
    answers = doc.get("answers", {})
    parts = []
    for question in lesson.questions():
        entry = answers.get(question.id)
        value = entry.get("value") if isinstance(entry, dict) else None
        if is_empty(value):
            continue
        lines = describe(question, value).splitlines()
        body = "".join(f"<div class='pre'>{_e(line)}</div>" for line in lines)
        parts.append(f"<h3>{_e(question.label)}</h3>{body}")
    for table_id, rows in (doc.get("tables") or {}).items():
        parts.append(_table_html(lesson, table_id, rows))
    return "\n".join(parts) or "<p><i>(no answers)</i></p>"


def _table_html(lesson: Lesson, table_id: str, rows: Any) -> str:
    table = lesson.tables.get(table_id)
    label = table.label if table else table_id
    rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    if not rows:
        return f"<h3>{_e(label)}</h3><i>(no rows)</i>"
    keys = [c.key for c in table.columns] if table else list(rows[0])
    titles = [c.label for c in table.columns] if table else keys
    head = "".join(f"<th>{_e(t)}</th>" for t in titles)
    body = "".join(
        "<tr>" + "".join(f"<td class='pre'>{_e(_cell(r.get(k)))}</td>" for k in keys) + "</tr>"
        for r in rows
    )
    return f"<h3>{_e(label)}</h3><table><tr>{head}</tr>{body}</table>"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def render(
    row: Row,
    evaluation: Evaluation,
    doc: Mapping[str, Any],
    lesson: Lesson,
    scales: Sequence[ScaleResult],
    rubric_title: str,
) -> str:
    tone = " class='late'" if row.late else ""
    late = "".join(f"<p{tone}>{_e(line)}</p>" for line in lateness_lines(row))
    scale_part = f"<h2>Self-assessment</h2>{scales_html(scales)}" if scales else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>Feedback: {_e(row.name)}</title><style>{CSS}</style></head><body>"
        f"<h1>Feedback for {_e(row.name)} ({_e(row.student_id)})</h1>"
        f"<p>{_e(rubric_title)}</p>{late}{_score_table(row, evaluation)}"
        f"{scale_part}<h2>Your answers</h2>{answers_html(doc, lesson)}"
        "</body></html>\n"
    )


# -- the file the student imports (nbkit.feedback/1) ---------------------------------------------


def criterion_refs(criterion: Criterion) -> list[str]:
    """The answer or table ids a criterion reads, from its check's parameters."""
    refs = []
    for key in ("question", "table", "field"):
        value = criterion.params.get(key)
        if isinstance(value, str) and value:
            refs.append(value.split(":", 1)[1] if ":" in value else value)
    return refs


def criterion_section(criterion: Criterion, lesson: Lesson) -> str:
    """The section whose answers a criterion is about ('' when it reads none, or several)."""
    sections = set()
    for ref in criterion_refs(criterion):
        if ref in lesson.tables:
            sections.add(lesson.tables[ref].section)
        elif ref.split(".", 1)[0] in lesson.sections and "." in ref:
            sections.add(ref.split(".", 1)[0])
    return sections.pop() if len(sections) == 1 else ""


def feedback_document(
    row: Row,
    evaluation: Evaluation,
    lesson: Lesson,
    rubric: Rubric,
    returned_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """What the student imports: points after overrides, feedback, notes and comments (pure)."""
    comments = dict(row.comments)
    criteria = {c.id: c for c in rubric.criteria}
    items = []
    for r in evaluation.results:
        points = row.points.get(r.id, r.points)
        comment = comments.get(r.id, "")
        if not comment and points != r.points:
            comment = "Points adjusted."
        section = criterion_section(criteria[r.id], lesson) if r.id in criteria else ""
        items.append({
            "id": r.id, "title": r.title, "points": points, "max_points": r.max_points,
            "feedback": r.feedback, "notes": list(r.notes), "comment": comment, "section": section,
        })  # fmt: skip
    moment = returned_at or dt.datetime.now(dt.UTC)
    return validate({
        "schema": SCHEMA_ID,
        "kit_version": __version__,
        "returned_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "lesson": {"id": lesson.id, "version": lesson.version, "title": lesson.title},
        "student": {"student_id": row.student_id, "name": row.name},
        "rubric": {"id": rubric.id, "title": rubric.title},
        "total": row.total,
        "max_points": sum(r.max_points for r in evaluation.results),
        "late": row.late,
        "hours_late": row.hours_late,
        "late_note": " ".join(lateness_lines(row)),  # due dates, extensions, the late policy
        "criteria": items,
    })  # fmt: skip


def feedback_json_name(html_file: str) -> str:
    """feedback/<student>.html -> feedback/<student>.feedback.json (beside the page)."""
    return html_file.removesuffix(".html") + ".feedback.json"


def write_feedback(
    out: Path,
    row: Row,
    evaluation: Evaluation,
    doc: Mapping[str, Any],
    lesson: Lesson,
    scales: Sequence[ScaleResult],
    rubric: Rubric,
) -> None:
    """The student's page and the file they import, both from the same row (after overrides)."""
    page = render(row, evaluation, doc, lesson, scales, rubric.title)
    write_text_atomic(out / row.feedback_file, page)
    document = feedback_document(row, evaluation, lesson, rubric)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    write_text_atomic(out / feedback_json_name(row.feedback_file), text)
