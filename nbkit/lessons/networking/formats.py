"""The networking lesson's extra export format: `networking.ics` (asked for as `--to ics`).

A calendar with the action step's due date and every call time the student offered, built from
the submission alone (so it works the same from a workspace or an imported submission).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...errors import ExportError
from ...store import parse_iso
from .compose import ics_calendar, lesson_events

if TYPE_CHECKING:
    from ...config import Config
    from ...content import Lesson
    from ...submission_types import Submission

DUE_KEY = "action_step"


def ics(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    due = document["cohort"]["due"].get(DUE_KEY)
    if due is None:
        raise ExportError(f"the cohort has no [due] {DUE_KEY} date for the calendar")
    values = {k: a["value"] for k, a in document["answers"].items()}
    events = lesson_events(values, dt.date.fromisoformat(due), document["cohort"]["timezone"])
    calendar = ics_calendar(events, parse_iso(document["exported_at"]))
    return "ics", calendar.encode("utf-8")
