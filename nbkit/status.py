"""`nbkit status`: progress per section, time spent, the next due date (a plain dict for --json).

Everything named comes from the lesson (section titles, table labels, the [due] keys and their
labels), so the report reads the same for any lesson the kit runs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from .config import Config, load_config
from .content import Lesson, load_lesson
from .errors import StoreError
from .paths import Paths
from .progress import lesson_progress, validation_context
from .store import Store, broken_message


def lesson_status(paths: Paths, now: dt.datetime | None = None) -> dict[str, Any]:
    lesson = load_lesson(paths.need_lesson())
    config = load_config(paths.config, lesson)
    with Store(paths.home) as store:
        try:
            answers, events = store.answers(), store.events()
            rows = {table_id: len(store.rows(table_id)) for table_id in lesson.tables}
        except sqlite3.DatabaseError as exc:  # damage the open-time check could not see
            raise StoreError(broken_message(store.path, f"damaged ({exc})")) from None
    values = {k: a.value for k, a in answers.items()}
    ctx = validation_context(config, now)
    progress = lesson_progress(
        lesson, values, events, ctx, {k: a.updated_at for k, a in answers.items()}
    )
    sections = [
        {
            "id": p.section,
            "title": p.title,
            "answered": p.answered,
            "required": p.required,
            "complete": p.complete,
            "minutes_spent": p.minutes_spent,
            "minutes_budget": config.minutes.get(p.section),
            "missing": list(p.missing),
        }
        for p in progress
    ]
    return {
        "workspace": str(paths.home),
        "lesson": {"id": lesson.id, "title": lesson.title, "version": lesson.version},
        "cohort": config.cohort,
        "timezone": config.timezone,
        "profile_complete": profile_complete(lesson, values),
        "sections": sections,
        "tables": {
            tid: {"label": table.label, "rows": rows[tid]} for tid, table in lesson.tables.items()
        },
        "due": due_report(config, lesson, ctx.today),
    }


def profile_complete(lesson: Lesson, values: dict[str, Any]) -> bool:
    """Every required answer the submission's profile is built from has a value."""
    needed = [aid for aid in lesson.profile.values() if lesson.question(aid).required]
    return all(values.get(aid) not in (None, "", []) for aid in needed)


def due_report(config: Config, lesson: Lesson, today: dt.date) -> dict[str, Any]:
    days = sorted(config.due_dates().items(), key=lambda kv: (kv[1], kv[0]))
    upcoming = [(key, day) for key, day in days if day >= today]
    label = {key: declared.label for key, declared in lesson.due.items()}
    return {
        "dates": {key: day.isoformat() for key, day in days},
        "deadlines": {key: config.deadline(key).isoformat() for key, _ in days},
        "labels": {key: label.get(key, key) for key, _ in days},
        "next": (
            {"id": upcoming[0][0], "label": label.get(upcoming[0][0]), "date": str(upcoming[0][1])}
            if upcoming
            else None
        ),
    }


def format_status(report: dict[str, Any]) -> str:
    lesson = report["lesson"]
    lines = [f"nbkit - {lesson['title']} - cohort {report['cohort']} ({report['timezone']})", ""]
    for s in report["sections"]:
        mark = "done" if s["complete"] else "    "
        budget = f" of {s['minutes_budget']}" if s["minutes_budget"] else ""
        lines.append(
            f"  [{mark}] {s['title']:<40} {s['answered']:>2}/{s['required']:<2} answered   "
            f"{s['minutes_spent']:>5.1f}{budget} min"
        )
    if report["tables"]:
        lines.append("")
    for table in report["tables"].values():
        lines.append(f"  {table['label']}: {table['rows']} row(s)")
    due = report["due"]
    if due["dates"]:
        lines.append("")
    for key, day in due["dates"].items():
        lines.append(f"  Due: {due['labels'][key]} on {day} (end of day)")
    if due["next"]:
        lines.append(
            f"  Next: {due['next']['label'] or due['next']['id']} on {due['next']['date']}"
        )
    return "\n".join(lines)
