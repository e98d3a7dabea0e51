"""Each student's feedback page: static HTML built from data, every student string escaped.

No nbconvert call per student (it costs seconds and renders Markdown live); no JavaScript; a
Content-Security-Policy that forbids scripts in case a browser ever finds markup anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from .gradebook import Row
from .report import Placement
from .rubric import Evaluation

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


def comfort_html(placement: Placement | None) -> str:
    if placement is None:
        return "<p>Comfort assessment: not complete.</p>"
    text = (
        f"Comfort score {placement.score} (10..50, midpoint 30). Cohort mean "
        f"{placement.mean}, SD {placement.sd}, {placement.n} students."
    )
    if placement.z is not None:
        text += (
            f" z = {placement.z}, about the {placement.percentile:.0f}th percentile of the cohort."
        )
    return f"<p>{_e(text)} A typical level, not a fixed type.</p>"


def answers_html(doc: Mapping[str, Any]) -> str:
    items: list[tuple[str, Any]] = []
    questions = doc.get("answers", {}).get("needs.questions", {}).get("value")
    items.append(("Your questions about the tech industry", questions or []))
    for goal in doc.get("goals", []):
        items.append(
            (
                f"Goal: {goal.get('title', '')} with {goal.get('contact', {}).get('name', '')}",
                [goal.get("message", ""), *goal.get("questions", [])],
            )
        )
    reflection = doc.get("reflection", {})
    for key, label in (
        ("smart_goal", "Goal statement"),
        ("if_then", "If-then plan"),
        ("slack", "Friday Slack answer"),
    ):
        items.append((label, reflection.get(key, "")))
    parts = []
    for label, value in items:
        values = value if isinstance(value, list) else [value]
        body = "".join(f"<div class='pre'>{_e(v)}</div>" for v in values if v) or "<i>(none)</i>"
        parts.append(f"<h3>{_e(label)}</h3>{body}")
    return "\n".join(parts)


def render(
    row: Row,
    evaluation: Evaluation,
    doc: Mapping[str, Any],
    placement: Placement | None,
    rubric_title: str,
) -> str:
    late = (
        f"<p class='late'>Handed in {_points(row.hours_late)} hours after the due date.</p>"
        if row.late
        else "<p>Handed in on time.</p>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>Feedback: {_e(row.name)}</title><style>{CSS}</style></head><body>"
        f"<h1>Feedback for {_e(row.name)} ({_e(row.student_id)})</h1>"
        f"<p>{_e(rubric_title)}</p>{late}{_score_table(row, evaluation)}"
        f"<h2>Comfort level</h2>{comfort_html(placement)}<h2>Your answers</h2>{answers_html(doc)}"
        "</body></html>\n"
    )
