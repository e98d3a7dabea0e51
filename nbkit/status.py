"""`nbkit status`: progress per section, time spent, the next due date (a plain dict for --json)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .content import load_lesson
from .progress import lesson_progress, validation_context
from .store import Store, default_home


def lesson_status(
    workspace: Path | None = None, config_path: Path | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    config = load_config(config_path)
    home = workspace or default_home(config.root)
    with Store(home) as store:
        answers, events = store.answers(), store.events()
        tracker_rows = len(store.tracker_rows())
    ctx = validation_context(config, now)
    sections = [
        {
            "id": p.section,
            "title": p.title,
            "answered": p.answered,
            "required": p.required,
            "complete": p.complete,
            "minutes_spent": p.minutes_spent,
            "minutes_budget": config.minutes.get(p.section, 15),
            "missing": list(p.missing),
        }
        for p in lesson_progress(
            load_lesson(),
            {k: a.value for k, a in answers.items()},
            events,
            ctx,
            {k: a.updated_at for k, a in answers.items()},
        )
    ]
    return {
        "workspace": str(home),
        "cohort": config.cohort,
        "timezone": config.timezone,
        "profile_complete": next((s["complete"] for s in sections if s["id"] == "start"), False),
        "sections": sections,
        "tracker_rows": tracker_rows,
        "due": _due(config, ctx.today),
    }


def _due(config: Config, today: dt.date) -> dict[str, Any]:
    dates = {k: v.isoformat() for k, v in sorted(config.due_dates().items(), key=lambda kv: kv[1])}
    upcoming = [(k, v) for k, v in config.due_dates().items() if v >= today]
    next_key, next_day = min(upcoming, key=lambda kv: kv[1]) if upcoming else (None, None)
    return {
        "dates": dates,
        "next": {"id": next_key, "date": next_day.isoformat()} if next_day else None,
        "action_step": config.due_dates()["action_step"].isoformat(),
        "action_step_deadline": config.deadline("action_step").isoformat(),
    }


LABELS = {
    "slack_reflection": "Friday Slack reflection",
    "reflection_deliverable": "Networking goal (Mod 1 deliverable)",
    "action_step": "Networking action step",
}


def format_status(report: dict[str, Any]) -> str:
    lines = [f"nbkit - cohort {report['cohort']} ({report['timezone']})", ""]
    for s in report["sections"]:
        mark = "done" if s["complete"] else "    "
        lines.append(
            f"  [{mark}] {s['title']:<40} {s['answered']:>2}/{s['required']:<2} answered   "
            f"{s['minutes_spent']:>5.1f} of {s['minutes_budget']} min"
        )
    lines.append(f"\n  Tracker: {report['tracker_rows']} contact(s) logged")
    nxt = report["due"]["next"]
    if nxt:
        lines.append(f"  Next due: {LABELS.get(nxt['id'], nxt['id'])} on {nxt['date']}")
    lines.append(f"  Networking action step due: {report['due']['action_step']} (end of day)")
    return "\n".join(lines)
