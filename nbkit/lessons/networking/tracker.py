"""The networking tracker's extras on top of the core table editor (nbkit.widgets.table): the
conversations-held count, its own row checks (dates in an impossible order, a date far outside the
lesson's weeks), starting a row from a goal's plan, and the CSV / Excel downloads. A row with a
problem is not saved, and the form keeps what was typed (its draft)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import ipywidgets as w

from ...tables import is_date
from ...validate import Context
from ...widgets import shared
from ...widgets.base import ViewLike
from ...widgets.table import TableEditor
from .compose import chosen_goals, format_time, goal_title, plan_for

TABLE_ID = "tracker"
# The tracker's column keys: the /1 submissions and this plugin's views rely on them.
FIELDS = (
    "name",
    "company",
    "role",
    "goal",
    "how_met",
    "channel",
    "date_contacted",
    "time_options",
    "response_status",
    "meeting_date",
    "format",
    "questions",
    "notes",
    "takeaway",
    "follow_up",
    "follow_up_due",
    "thank_you_sent",
    "status",
)
HELD = ("met", "thanked", "follow_up_done")  # statuses that mean the conversation happened
# The columns the table view shows; the form edits all of them.
SHOWN = ("name", "company", "role", "goal", "channel", "date_contacted", "status", "takeaway")


def conversations_held(rows: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in rows if r.get("status") in HELD)


# A tracker date this far from the lesson's weeks is a slip of the year (2020 for 2026).
PLAUSIBLE = dt.timedelta(days=366)
DATES = {"date_contacted": "Date contacted", "meeting_date": "Meeting date",
         "follow_up_due": "Follow-up due"}  # fmt: skip
ORDER = (  # (earlier, later, the message when `later` comes first)
    ("date_contacted", "meeting_date", "Meeting date is before the date you contacted them."),
    ("date_contacted", "follow_up_due", "Follow-up due is before the date you contacted them."),
    ("meeting_date", "follow_up_due", "Follow-up due is before the meeting date."),
)


def tracker_problems(row: Mapping[str, Any], ctx: Context | None = None) -> list[str]:
    """The tracker's own checks, beyond what its columns declare: its dates in order, and (with
    the lesson's dates in `ctx`) none far outside the lesson's weeks."""
    days = {k: dt.date.fromisoformat(str(row[k])) for k in DATES if is_date(row.get(k))}
    out = [msg for a, b, msg in ORDER if a in days and b in days and days[b] < days[a]]
    return out + (_against_lesson(days, ctx) if ctx else [])


def _against_lesson(days: Mapping[str, dt.date], ctx: Context) -> list[str]:
    start = ctx.dates.get("week1_start", ctx.today)
    end = max([ctx.today, *(d for k, d in ctx.dates.items() if k.startswith("due:"))])
    out = []
    for key, day in days.items():
        if day < start - PLAUSIBLE or day > end + PLAUSIBLE:
            out.append(f"{DATES[key]} is {day:%d %B %Y}: check the year (the lesson runs "
                       f"{start:%B %Y} to {end:%B %Y}).")  # fmt: skip
    return out


def caption(rows: list[dict[str, Any]]) -> str:
    return f"{len(rows)} contact(s), {conversations_held(rows)} conversation(s) held."


def prefill_values(goal: str, values: Mapping[str, Any], timezone: str) -> dict[str, Any]:
    """A new tracker row from one goal's plan (contact, channel, times, questions)."""
    plan = plan_for(goal, values)
    return {
        "name": plan.contact_name,
        "role": plan.contact_role,
        "goal": goal,
        "channel": plan.channel or None,
        "time_options": "; ".join(format_time(t, timezone) for t in plan.time_options),
        "questions": "\n".join(plan.questions),
        "status": "identified",
    }


class Tracker:
    """The core table editor for the tracker, with "Start from my plan for" beside the picker."""

    def __init__(self, view: ViewLike) -> None:
        self.view = view
        self.from_goal = shared.make(
            w.Dropdown, description="Start from my plan for", style={"description_width": "initial"}
        )
        self.editor = TableEditor(
            view,
            TABLE_ID,
            noun="contact",
            shown=SHOWN,
            checks=lambda row: tracker_problems(row, view.ctx),
            caption=caption,
            empty="No contacts yet. Add the first person you plan to reach out to.",
            header=[self.from_goal],
        )
        self.from_goal.observe(lambda ch: self.prefill(ch["new"]), names="value")
        view.listen(lambda key: self._refresh_goals() if key.startswith("goals.") else None)
        self._refresh_goals()

    def prefill(self, goal: str | None) -> None:
        if not goal:
            return
        values = self.view.store.values()
        self.editor.fill(prefill_values(goal, values, self.view.config.timezone))
        self.from_goal.value = None

    def _refresh_goals(self) -> None:
        values = self.view.store.values("goals.")
        self.from_goal.options = [("", None)] + [
            (goal_title(g, values, self.view.lesson), g) for g in chosen_goals(values)
        ]
        self.from_goal.value = None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.editor.box)
