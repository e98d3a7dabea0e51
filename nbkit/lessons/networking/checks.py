"""The networking lesson's rubric checks (registered as `networking.<name>`): goals and tracker.

They read the plugin's view (`views.networking.goals`) and the lesson's tracker table, and
recompute from what the student typed: a time option counts only when it was later than the
moment it was proposed and no later than the rubric's due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ...grade.checks import CheckResult, Context, filled_items, parse_stamp, words

PLUGIN = "networking"
NO_GOAL = "No goal chosen."
CONVERSATION_PARTS = ("notes", "takeaway", "follow_up")


def goals(ctx: Context) -> list[dict[str, Any]]:
    chosen = ctx.view(PLUGIN).get("goals")
    return [g for g in chosen if isinstance(g, dict)] if isinstance(chosen, list) else []


def future_options(ctx: Context, goal: Mapping[str, Any]) -> int:
    """Time options later than when they were proposed and no later than the due date."""
    proposed = ctx.answered_at(f"goals.{goal.get('id')}.time_options")
    since = parse_stamp(proposed) if proposed else ctx.exported_at
    count = 0
    for option in goal.get("time_options") or []:
        try:
            when = dt.datetime.fromisoformat(option).replace(tzinfo=ctx.tz)
        except (TypeError, ValueError):
            continue
        count += since < when and (ctx.deadline is None or when <= ctx.deadline)
    return count


def _goal_parts(
    ctx: Context, goal: Mapping[str, Any], why_required_for: Sequence[str], minimum: int
) -> dict[str, bool]:
    contact = (goal.get("contact") or {}).get("name") or ""
    why_needed = goal.get("id") in why_required_for
    times = future_options(ctx, goal)
    return {
        "a named contact": bool(contact.strip()),
        "why this person": bool(str(goal.get("why") or "").strip()) or not why_needed,
        f"{minimum} future time options before the due date ({times} given)": times >= minimum,
    }


def goal_ready(
    ctx: Context, *, min_time_options: int = 2, why_required_for: Sequence[str] = ()
) -> CheckResult:
    """Parts the best goal has: a named contact, why this person, enough future time options."""
    best = CheckResult(0, (NO_GOAL,))
    for goal in goals(ctx):
        parts = _goal_parts(ctx, goal, why_required_for, int(min_time_options))
        value = sum(parts.values())
        if value > best.value or best.notes == (NO_GOAL,):
            missing = tuple(
                f"Goal '{goal.get('id')}': missing {p}." for p, ok in parts.items() if not ok
            )
            best = CheckResult(value, missing)
    return best


def goal_questions(ctx: Context, *, min_words: int = 1, blank_pattern: str = "") -> CheckResult:
    """Filled questions for the call, of the goal with the most."""
    best = CheckResult(0)
    for goal in goals(ctx):
        count, notes = filled_items(goal.get("questions"), int(min_words), blank_pattern)
        if count >= best.value:
            best = CheckResult(count, tuple(notes))
    return best


def goal_message(ctx: Context) -> CheckResult:
    """Words in the longest outreach message."""
    longest = max((words(g.get("message")) for g in goals(ctx)), default=0)
    return CheckResult(longest, (f"Longest message: {longest} words.",))


def tracker_conversation(
    ctx: Context, *, held_statuses: Sequence[str] = (), table: str = "tracker"
) -> CheckResult:
    """0 when no tracker row shows a conversation held; else 1 + the most of notes, takeaway
    and follow-up one such row has."""
    held = set(held_statuses)
    rows = [r for r in ctx.table(table) if r.get("status") in held]
    if not rows:
        return CheckResult(0, ("No tracker row with a conversation held.",))
    best, notes = 0, tuple[str, ...]()
    for row in rows:
        parts = {k: bool(str(row.get(k) or "").strip()) for k in CONVERSATION_PARTS}
        if sum(parts.values()) >= best:
            best = sum(parts.values())
            notes = tuple(
                f"Add {k.replace('_', '-')} to the tracker." for k, ok in parts.items() if not ok
            )
    return CheckResult(1 + best, notes)
