"""The networking lesson's rubric checks (registered as `networking.<name>`): goals, the student's
own words, the action step.

They read the plugin's view (`views.networking.goals`), the answers and the tracker table, and
recompute from what the student typed: a time option counts only when it was later than the
moment it was proposed and no later than its question's last date; what a goal requires (a
named contact, why this person, how many times) is what its questions in goals.toml require.
Text is judged by nbkit.validate (the notebook's own rules) and counted in the student's own
words: the kit's draft for that answer is recomputed from the same answers (compose.py, pure)
and its words do not count, so an unedited draft earns nothing whatever the file says about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...assess import score_question
from ...content import Question
from ...grade.checks import CheckResult, Context, good_items, good_text, parse_stamp, words
from ...validate import normal, own_words, text_problems, word_list
from . import compose
from .ids import COMFORT_ANSWER as ANSWER_ID

PLUGIN = "networking"
NO_GOAL = "No goal chosen."
CONVERSATION_PARTS = ("notes", "takeaway", "follow_up")
ACTION_DUE = "action_step"  # the lesson's [due] key the drafts and the time options end at
STILL_DRAFT = (
    "This is still the kit's draft, word for word. It was only a starting point: rewrite it "
    "in your own words and it will count."
)


def goals(ctx: Context) -> list[dict[str, Any]]:
    chosen = ctx.view(PLUGIN).get("goals")
    return [g for g in chosen if isinstance(g, dict)] if isinstance(chosen, list) else []


def _goal_question(ctx: Context, goal: Mapping[str, Any], name: str) -> Question | None:
    return ctx.question(f"goals.{goal.get('id')}.{name}")


def _last_moment(ctx: Context, question: Question | None) -> dt.datetime | None:
    """The end of the last day a dated question allows ("due:<key>"), else the rubric's."""
    expr = question.date_max if question is not None else ""
    return ctx.deadline_of(expr.removeprefix("due:")) if expr.startswith("due:") else ctx.deadline


def future_options(ctx: Context, goal: Mapping[str, Any]) -> int:
    """Time options later than when they were proposed and no later than the question allows."""
    proposed = ctx.answered_at(f"goals.{goal.get('id')}.time_options")
    since = parse_stamp(proposed) if proposed else ctx.exported_at
    last = _last_moment(ctx, _goal_question(ctx, goal, "time_options"))
    count = 0
    for option in goal.get("time_options") or []:
        try:
            when = dt.datetime.fromisoformat(option).replace(tzinfo=ctx.tz)
        except (TypeError, ValueError):
            continue
        count += since < when and (last is None or when <= last)
    return count


def _goal_parts(ctx: Context, goal: Mapping[str, Any]) -> dict[str, bool]:
    contact = (goal.get("contact") or {}).get("name") or ""
    named = words(contact) > 0
    why_q = _goal_question(ctx, goal, "why")
    why_text = str(goal.get("why") or "")
    if why_q is not None and why_q.required:
        why = good_text(why_q, why_text).value > 0
    else:  # optional: met with a named person, unless what was written is not acceptable
        why = named and (not why_text.strip() or good_text(why_q, why_text).value > 0)
    times_q = _goal_question(ctx, goal, "time_options")
    minimum = max(times_q.min_items if times_q is not None else 2, 1)
    times = future_options(ctx, goal)
    return {
        "a named contact": named,
        "why this person, in your own words": why,
        f"{minimum} future time options before the due date ({times} given)": times >= minimum,
    }


def goal_ready(ctx: Context) -> CheckResult:
    """Parts the best goal has: a named contact, why this person, enough future time options."""
    best = CheckResult(0, (NO_GOAL,))
    for goal in goals(ctx):
        parts = _goal_parts(ctx, goal)
        value = sum(parts.values())
        if value > best.value or best.notes == (NO_GOAL,):
            missing = tuple(
                f"Goal '{goal.get('id')}': missing {p}." for p, ok in parts.items() if not ok
            )
            best = CheckResult(value, missing)
    return best


def goal_questions(ctx: Context) -> CheckResult:
    """Questions for the call the notebook accepts (its own, no blanks, no copies, no repeats),
    of the goal with the most."""
    best = CheckResult(0, (NO_GOAL,))
    for goal in goals(ctx):
        question = _goal_question(ctx, goal, "questions")
        if question is None:
            continue
        found = good_items(question, goal.get("questions"))
        if found.value >= best.value:
            best = found
    return best


def kit_drafts(ctx: Context) -> dict[str, str]:
    """The texts the kit would draft from this student's answers, by answer id (empty when the
    answers cannot make one: a draft that cannot be computed is compared with nothing)."""
    values = ctx.values()
    makers = _draft_makers(ctx, values)
    out = {}
    for answer_id, make in makers.items():
        try:
            out[answer_id] = make()
        except (KeyError, ValueError, TypeError, AttributeError):
            out[answer_id] = ""
    return out


def _draft_makers(ctx: Context, values: dict[str, Any]) -> dict[str, Callable[[], str]]:
    lesson, zone = ctx.lesson, str(ctx.tz)
    last = ctx.deadline_of(ACTION_DUE)
    due = last.astimezone(ctx.tz).date() if last is not None else ctx.exported_at.date()
    makers = {f"goals.{g}.message": _message_maker(g, values, zone) for g in compose.GOAL_ORDER}
    makers["reflection.smart_goal"] = lambda: compose.smart_goal(values, due)
    makers["reflection.if_then"] = lambda: compose.if_then(values)
    if lesson is not None:
        band = score_question(lesson.question(ANSWER_ID), values.get(ANSWER_ID))
        makers["reflection.mix_it_up"] = lambda: compose.mix_it_up(
            values, lesson, band.band, band.score
        )
        makers["reflection.slack"] = lambda: compose.slack_draft(values, lesson, band.band)
    return makers


def _message_maker(goal: str, values: dict[str, Any], zone: str) -> Callable[[], str]:
    return lambda: compose.outreach_message(compose.plan_for(goal, values), values, zone)


def _own(ctx: Context, answer_id: str, text: Any, drafts: Mapping[str, str]) -> CheckResult:
    """The words of an answer the notebook accepts that are not the kit's draft."""
    text = text if isinstance(text, str) else ""
    draft = drafts.get(answer_id, "")
    mine = own_words(text, draft)
    found = good_text(ctx.question(answer_id), text, measure=mine)
    if found.value == 0 and text.strip() and draft and not mine:
        return CheckResult(0, (STILL_DRAFT,))
    if found.value and draft and mine < words(text):
        plural = "s" * (mine != 1)
        own = f"{mine} word{plural} of your own: the words kept from the kit's draft do not count."
        return CheckResult(mine, (own, *found.notes[1:]))
    return found


def answer_text(ctx: Context, answer_id: str) -> Any:
    """An answer's value; a reflection answer of a migrated /1 file lives in the view only."""
    value = ctx.answer(answer_id)
    if value is None and answer_id.startswith("reflection."):
        reflection = ctx.view(PLUGIN).get("reflection")
        if isinstance(reflection, dict):
            return reflection.get(answer_id.removeprefix("reflection."))
    return value


def own_text(ctx: Context, *, question: str) -> CheckResult:
    """Words of the student's own in the answer to `question` (see module docstring)."""
    return _own(ctx, question, answer_text(ctx, question), kit_drafts(ctx))


def goal_message(ctx: Context) -> CheckResult:
    """Own words in the best outreach message the notebook accepts."""
    drafts = kit_drafts(ctx)
    best = CheckResult(0, (NO_GOAL,))
    for goal in goals(ctx):
        found = _own(ctx, f"goals.{goal.get('id')}.message", goal.get("message"), drafts)
        if found.value >= best.value:
            best = found
    return best


def goal_statement(
    ctx: Context,
    *,
    question: str,
    if_then: str = "",
    people: Sequence[str] = (),
    times: Sequence[str] = (),
    actions: Sequence[str] = (),
) -> CheckResult:
    """0 until the goal statement is accepted and in the student's own words (at least its
    question's min_words of them); then 1, plus one for each of: a person (a contact named in a
    goal plan, or one of `people`), a time (a number, or one of `times`), an action (one of
    `actions`), an if-then plan (`if_then`, accepted and mostly the student's own)."""
    drafts = kit_drafts(ctx)
    text = answer_text(ctx, question)
    found = _own(ctx, question, text, drafts)
    q = ctx.question(question)
    if found.value == 0 or found.value < (q.min_words if q else 0):
        notes = found.notes if found.value == 0 else ("Say more of it in your own words.",)
        return CheckResult(0, notes)
    said = f" {normal(text)} "
    names = [str((g.get("contact") or {}).get("name") or "") for g in goals(ctx)]
    parts = {
        "who you will talk to": _any(said, [*people, *(n for n in names if words(n))]),
        "when (a day or date)": any(w.isdigit() for w in word_list(text)) or _any(said, times),
        "what you will do": _any(said, actions),
    }
    if if_then:
        plan_text = answer_text(ctx, if_then)
        plan = _own(ctx, if_then, plan_text, drafts)
        q_plan = ctx.question(if_then)
        enough = plan.value >= (q_plan.min_words if q_plan else 1)
        parts["an if-then plan in your own words"] = (
            enough and " if " in f" {normal(str(plan_text))} "
        )
    missing = [p for p, ok in parts.items() if not ok]
    notes = (f"Your goal could also say: {', '.join(missing)}.",) if missing else ()
    return CheckResult(1 + sum(parts.values()), notes)


def _any(said: str, phrases: Sequence[str]) -> bool:
    """Any phrase, as whole words, in the normalised text `said` (padded with spaces)."""
    return any(f" {normal(p)} " in said for p in phrases if normal(p))


def action_step(
    ctx: Context, *, held_statuses: Sequence[str] = (), table: str = "tracker"
) -> CheckResult:
    """0 when nothing shows the conversation happened; 1 when a goal's steps or a tracker row
    say it did; 2 when a takeaway is written down in the student's own words, in the goal's
    takeaway answer or a held tracker row (the tracker is optional: the seed only suggests it)."""
    held_goals = [g for g in goals(ctx) if "conversation_held" in (g.get("steps") or [])]
    held = set(held_statuses)
    rows = [r for r in ctx.table(table) if r.get("status") in held]
    if not held_goals and not rows:
        return CheckResult(0, ("Nothing shows the conversation has happened yet.",))
    texts = [(f"goals.{g.get('id')}.takeaway", ctx.answer(f"goals.{g.get('id')}.takeaway"))
             for g in goals(ctx)]  # fmt: skip
    rule = next((q for q in (ctx.question(a) for a, _ in texts) if q is not None), None)
    texts += [("", " ".join(str(r.get(k) or "") for k in ("takeaway", "notes"))) for r in rows]
    for answer_id, text in texts:
        q = ctx.question(answer_id) if answer_id else rule
        if isinstance(text, str) and text.strip() and (q is None or not text_problems(q, text)):
            return CheckResult(2)
    return CheckResult(
        1, ("Write down your one takeaway from the conversation, in a sentence or two.",)
    )


def tracker_conversation(
    ctx: Context, *, held_statuses: Sequence[str] = (), table: str = "tracker"
) -> CheckResult:
    """0 when no tracker row shows a conversation held; else 1 + the most of notes, takeaway
    and follow-up one such row has. (Kept for rubrics written before `action_step`.)"""
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
