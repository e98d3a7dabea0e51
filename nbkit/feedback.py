"""The instructor's feedback, back in the student's lesson: `nbkit feedback import FILE`.

`nbkit grade` writes one `feedback/<student>.feedback.json` (nbkit.feedback/1) per student. The
student imports it into their workspace; the lesson's `feedback()` cells show it next to the
answers each criterion is about. The file comes from outside the student's machine, so it is
read as DATA: size-capped, schema-validated (fastjsonschema, compiled once), checked against
the lesson and the student it names, and every string is escaped when shown. Nothing in it is
ever executed or rendered as Markdown/HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from .content import Lesson
from .errors import NbkitError

SCHEMA_ID = "nbkit.feedback/1"
MAX_BYTES = 1_000_000
FOLDER = "feedback"  # inside the workspace: one file per lesson id
CSS_CLASS = "nbkit-feedback"

_TEXT = {"type": "string", "maxLength": 20_000}
_ID = {"type": "string", "maxLength": 200}
_NUMBER = {"type": "number", "minimum": 0, "maximum": 1_000_000}
_CRITERION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "points", "max_points", "feedback", "notes", "comment", "section"],
    "properties": {
        "id": _ID,
        "title": _TEXT,
        "points": _NUMBER,
        "max_points": _NUMBER,
        "feedback": _TEXT,
        "notes": {"type": "array", "maxItems": 50, "items": _TEXT},
        "comment": _TEXT,
        "section": _ID,  # "" = about the whole lesson
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "schema",
        "returned_at",
        "lesson",
        "student",
        "rubric",
        "total",
        "max_points",
        "late",
        "hours_late",
        "criteria",
    ],  # fmt: skip
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "kit_version": _ID,
        "returned_at": _ID,
        "lesson": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {"id": _ID, "version": _ID, "title": _TEXT},
        },
        "student": {
            "type": "object",
            "additionalProperties": False,
            "required": ["student_id", "name"],
            "properties": {"student_id": _ID, "name": _TEXT},
        },
        "rubric": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title"],
            "properties": {"id": _ID, "title": _TEXT},
        },
        "total": _NUMBER,
        "max_points": _NUMBER,
        "late": {"type": "boolean"},
        "hours_late": _NUMBER,
        "late_note": _TEXT,
        "criteria": {"type": "array", "maxItems": 200, "items": _CRITERION},
    },
}
_validator: Any = None


class FeedbackError(NbkitError):
    """A feedback file that is not valid nbkit feedback for this lesson and student."""

    exit_code = 5


def validate(document: Any) -> dict[str, Any]:
    """The document itself when it is nbkit.feedback/1, else a FeedbackError saying why."""
    global _validator
    if _validator is None:
        import fastjsonschema

        _validator = fastjsonschema.compile(SCHEMA)
    try:
        _validator(document)
    except Exception as exc:  # fastjsonschema.JsonSchemaException, but keep the import lazy
        raise FeedbackError(f"not nbkit feedback: {str(exc)[:200]}") from None
    return dict(document)


def parse(raw: bytes) -> dict[str, Any]:
    """Bytes of a feedback file -> its validated document (pure)."""
    if len(raw) > MAX_BYTES:
        raise FeedbackError(f"the file is larger than {MAX_BYTES // 1000} kB")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FeedbackError("the file is not JSON (export it again from nbkit grade)") from None
    return validate(document)


def check_for(document: Mapping[str, Any], lesson_id: str, student_id: str | None) -> None:
    """Refuse feedback about another lesson, or about another student than the workspace's."""
    if document["lesson"]["id"] != lesson_id:
        raise FeedbackError(
            f"this feedback is for lesson {document['lesson']['id'][:80]!r}, "
            f"not {lesson_id!r} (import it where you worked on that lesson)"
        )
    named = document["student"]["student_id"]
    if student_id and named != student_id:
        raise FeedbackError(
            f"this feedback is for student {named[:80]!r}, but this workspace belongs to "
            f"{student_id[:80]!r}"
        )


def stored_path(home: Path, lesson_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", lesson_id).strip(".-")[:120] or "lesson"
    return home / FOLDER / f"{safe}.json"


def import_feedback(
    path: Path | str, workspace: Path | str | None = None, config: Path | str | None = None
) -> tuple[dict[str, Any], Path]:
    """Validate a feedback file and keep it in the workspace (replacing earlier feedback for the
    same lesson, e.g. after a re-grade). Returns the document and where it was kept."""
    from .content import load_lesson
    from .paths import resolve_paths
    from .store import Store

    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise FeedbackError(f"cannot read {source}: {exc.strerror or exc}") from None
    document = parse(raw)
    paths = resolve_paths(
        config=Path(config) if config else None, home=Path(workspace) if workspace else None
    )
    lesson = load_lesson(paths.need_lesson())
    with Store(paths.home) as store:
        student = store.get(lesson.profile.get("student_id", ""))
    check_for(document, lesson.id, student if isinstance(student, str) else None)
    target = stored_path(paths.home, lesson.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)
    return document, target


def load_stored(home: Path, lesson_id: str) -> dict[str, Any] | None:
    """The feedback kept for this lesson, re-validated (None when there is none or it is bad)."""
    try:
        document = parse(stored_path(home, lesson_id).read_bytes())
    except (OSError, FeedbackError):
        return None
    return document if document["lesson"]["id"] == lesson_id else None


# -- showing it (pure: document -> escaped HTML) ------------------------------------------------


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def placed(document: Mapping[str, Any], lesson: Lesson) -> set[str]:
    """Criterion ids shown beside a section of this lesson (the rest show in the overview)."""
    return {c["id"] for c in document["criteria"] if c["section"] in lesson.sections}


def _criterion_html(c: Mapping[str, Any]) -> str:
    notes = "".join(f"<div style='color:#555'>{_e(n)}</div>" for n in c["notes"])
    comment = (
        f"<div class='nbkit-feedback-comment'><b>Your instructor:</b> {_e(c['comment'])}</div>"
        if c["comment"]
        else ""
    )
    return (
        f"<tr><td>{_e(c['title'])}</td><td>{_points(c['points'])} / {_points(c['max_points'])}"
        f"</td><td style='white-space:pre-wrap'>{_e(c['feedback'])}{notes}{comment}</td></tr>"
    )


def _table(criteria: Sequence[Mapping[str, Any]]) -> str:
    rows = "".join(_criterion_html(c) for c in criteria)
    style = "text-align:left;vertical-align:top"
    return (
        f"<table style='{style}'><tr><th style='{style}'>Criterion</th><th style='{style}'>Points"
        f"</th><th style='{style}'>Feedback</th></tr>{rows}</table>"
    )


def _returned(document: Mapping[str, Any]) -> str:
    try:
        return (
            f"{dt.datetime.fromisoformat(document['returned_at'].replace('Z', '+00:00')):%d %B %Y}"
        )
    except ValueError:
        return ""


def overview_html(document: Mapping[str, Any] | None, lesson: Lesson) -> str:
    """The whole grade: total, lateness, and the criteria not shown beside a section."""
    if document is None:
        return (
            f"<div class='{CSS_CLASS}'><i>No feedback yet. When your instructor returns your "
            "feedback file, run <code>nbkit feedback import FILE</code> in a terminal, then run "
            "this cell again.</i></div>"
        )
    here = placed(document, lesson)
    rest = [c for c in document["criteria"] if c["id"] not in here]
    if document.get("late_note"):
        late = f"<p>{_e(document['late_note'])}</p>"
    elif document["late"]:
        late = f"<p>Handed in {_points(document['hours_late'])} hours after the due date.</p>"
    else:
        late = "<p>Handed in on time.</p>"
    when = _returned(document)
    return (
        f"<div class='{CSS_CLASS}'><h3>Feedback from your instructor</h3>"
        f"<p>{_e(document['rubric']['title'])}{' (returned ' + _e(when) + ')' if when else ''}: "
        f"<b>{_points(document['total'])} / {_points(document['max_points'])}</b> points.</p>"
        f"{late}{_table(rest) if rest else ''}"
        + ("<p>Feedback on each part is shown next to your answers there.</p>" if here else "")
        + "</div>"
    )


def section_html(document: Mapping[str, Any] | None, section_id: str) -> str:
    """The criteria about this section's answers ('' when there are none, or no feedback)."""
    if document is None:
        return ""
    criteria = [c for c in document["criteria"] if c["section"] == section_id]
    if not criteria:
        return ""
    return f"<div class='{CSS_CLASS}'><h4>Feedback on this part</h4>{_table(criteria)}</div>"
