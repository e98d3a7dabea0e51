"""What a rubric criterion measures in a submission: pure functions, one per `check` name.

Each check returns a Measure: a whole number the rubric's levels are compared against, and plain
notes for the student saying what was found or is missing. Checks never trust derived values in
the document (e.g. the exported IPIP score): they recompute from the answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class Context:
    """What a check needs besides the document: the due date and the instrument's items."""

    deadline: dt.datetime
    tz: ZoneInfo
    ipip_item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    value: int
    notes: tuple[str, ...] = field(default_factory=tuple)


Params = Mapping[str, Any]
Check = Callable[[Mapping[str, Any], Params, Context], Measure]


def field_value(doc: Mapping[str, Any], spec: str) -> Any:
    """`answers:<answer id>` reads an answer's value; otherwise a dotted path into the document."""
    if spec.startswith("answers:"):
        answer = doc.get("answers", {}).get(spec.removeprefix("answers:"))
        return answer.get("value") if isinstance(answer, dict) else None
    value: Any = doc
    for part in spec.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def words(text: Any) -> int:
    return len(WORD.findall(text)) if isinstance(text, str) else 0


def parse_stamp(stamp: str) -> dt.datetime:
    """An ISO time stamp as an aware datetime (naive stamps are taken as UTC)."""
    value = dt.datetime.fromisoformat(stamp)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _filled(items: Any, min_words: int, blank: re.Pattern[str] | None) -> tuple[int, list[str]]:
    if not isinstance(items, list):
        return 0, []
    count, notes = 0, []
    for n, item in enumerate(items, 1):
        if blank is not None and isinstance(item, str) and blank.search(item):
            notes.append(f"Item {n} still has a blank to fill.")
        elif words(item) < min_words:
            notes.append(f"Item {n} is too short to be specific ({min_words}+ words).")
        else:
            count += 1
    return count, notes


def _blank(params: Params) -> re.Pattern[str] | None:
    pattern = params.get("blank_pattern")
    return re.compile(pattern) if pattern else None


def likert_answered(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    responses = field_value(doc, params["field"])
    responses = responses if isinstance(responses, dict) else {}
    answered = sum(1 for i in ctx.ipip_item_ids if responses.get(i) in (1, 2, 3, 4, 5))
    return Measure(answered, (f"{answered} of {len(ctx.ipip_item_ids)} items answered.",))


def list_filled(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    items = field_value(doc, params["field"])
    count, notes = _filled(items, int(params.get("min_words", 1)), _blank(params))
    return Measure(count, tuple(notes))


def _goals(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    goals = doc.get("goals")
    return [g for g in goals if isinstance(g, dict)] if isinstance(goals, list) else []


def future_options(doc: Mapping[str, Any], goal: Mapping[str, Any], ctx: Context) -> int:
    """Time options later than when they were proposed and no later than the due date."""
    answer = doc.get("answers", {}).get(f"goals.{goal.get('id')}.time_options")
    proposed = answer.get("updated_at") if isinstance(answer, dict) else None
    since = parse_stamp(proposed or doc["exported_at"])
    count = 0
    for option in goal.get("time_options") or []:
        try:
            when = dt.datetime.fromisoformat(option).replace(tzinfo=ctx.tz)
        except (TypeError, ValueError):
            continue
        count += since < when <= ctx.deadline
    return count


def _goal_parts(
    doc: Mapping[str, Any], goal: Mapping[str, Any], params: Params, ctx: Context
) -> dict[str, bool]:
    contact = (goal.get("contact") or {}).get("name") or ""
    why_needed = goal.get("id") in params.get("why_required_for", ())
    times = future_options(doc, goal, ctx)
    minimum = int(params.get("min_time_options", 2))
    return {
        "a named contact": bool(contact.strip()),
        "why this person": bool(str(goal.get("why") or "").strip()) or not why_needed,
        f"{minimum} future time options before the due date ({times} given)": times >= minimum,
    }


def goal_ready(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    best: Measure = Measure(0, ("No goal chosen.",))
    for goal in _goals(doc):
        parts = _goal_parts(doc, goal, params, ctx)
        value = sum(parts.values())
        if value > best.value or best.notes == ("No goal chosen.",):
            missing = tuple(
                f"Goal '{goal.get('id')}': missing {p}." for p, ok in parts.items() if not ok
            )
            best = Measure(value, missing)
    return best


def goal_questions(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    best = Measure(0)
    for goal in _goals(doc):
        count, notes = _filled(
            goal.get("questions"), int(params.get("min_words", 1)), _blank(params)
        )
        if count >= best.value:
            best = Measure(count, tuple(notes))
    return best


def goal_message(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    longest = max((words(g.get("message")) for g in _goals(doc)), default=0)
    return Measure(longest, (f"Longest message: {longest} words.",))


def text_patterns(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    found, missing = 0, []
    for name, part in params["parts"].items():
        spec = part if isinstance(part, dict) else {"patterns": part}
        text = field_value(doc, str(spec.get("field", params["field"])))
        text = text if isinstance(text, str) else ""
        if any(re.search(p, text, re.IGNORECASE) for p in spec["patterns"]):
            found += 1
        else:
            missing.append(name.replace("_", "-"))
    notes = (f"Missing: {', '.join(missing)}.",) if missing else ()
    return Measure(found, notes)


def text_words(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    count = words(field_value(doc, params["field"]))
    return Measure(count, (f"{count} words.",))


def tracker_conversation(doc: Mapping[str, Any], params: Params, ctx: Context) -> Measure:
    held = set(params.get("held_statuses", ()))
    rows = [r for r in doc.get("tracker") or [] if isinstance(r, dict) and r.get("status") in held]
    if not rows:
        return Measure(0, ("No tracker row with a conversation held.",))
    best, notes = 0, tuple[str, ...]()
    for row in rows:
        parts = {k: bool(str(row.get(k) or "").strip()) for k in ("notes", "takeaway", "follow_up")}
        if sum(parts.values()) >= best:
            best = sum(parts.values())
            notes = tuple(
                f"Add {k.replace('_', '-')} to the tracker." for k, ok in parts.items() if not ok
            )
    return Measure(1 + best, notes)


CHECKS: dict[str, Check] = {
    "likert_answered": likert_answered,
    "list_filled": list_filled,
    "goal_ready": goal_ready,
    "goal_questions": goal_questions,
    "goal_message": goal_message,
    "text_patterns": text_patterns,
    "text_words": text_words,
    "tracker_conversation": tracker_conversation,
}
# The parameters each check cannot do without (the rubric loader reports a missing one).
REQUIRED: dict[str, tuple[str, ...]] = {
    "likert_answered": ("field",),
    "list_filled": ("field",),
    "text_patterns": ("field", "parts"),
    "text_words": ("field",),
}
