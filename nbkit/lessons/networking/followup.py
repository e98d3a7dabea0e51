"""The networking lesson's follow-up rules for the cohort view (nbkit.grade.followup asks the
lesson's view): no goal chosen; low comfort with no goal (the students most likely to stall);
drafted texts handed in exactly as the kit drafted them. Pure over one submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ...assess import bands_of, score_question
from . import compose
from .ids import COMFORT_ANSWER as ANSWER_ID

DRAFTED = (
    "reflection.smart_goal",
    "reflection.if_then",
    "reflection.mix_it_up",
    "reflection.slack",
)
NO_GOAL = "No networking goal chosen"
LOW_NO_GOAL = "Low comfort and no goal: a short check-in may unblock them"
UNEDITED = "Drafted text handed in unedited: ask for their own words"


def followup(ctx: Any) -> list[tuple[str, str, str]]:
    """(rule, what to do, detail) for one graded submission, seen through the grading context."""
    doc = ctx.document
    values = {k: a.get("value") for k, a in doc.get("answers", {}).items() if isinstance(a, dict)}
    flags = []
    if not compose.chosen_goals(values):
        flags.append(("no_goal", NO_GOAL, ""))
        low = _low_comfort(ctx, values.get(ANSWER_ID))
        if low:
            flags.append(("low_comfort_no_goal", LOW_NO_GOAL, low))
    unedited = [qid for qid, draft in drafts(ctx, values).items() if _same(values.get(qid), draft)]
    if unedited:
        flags.append(("unedited_draft", UNEDITED, ", ".join(unedited)))
    return flags


def _low_comfort(ctx: Any, value: Any) -> str:
    if ctx.lesson is None:
        return ""
    question = ctx.lesson.question(ANSWER_ID)
    bands, result = bands_of(question), score_question(question, value)
    if bands and result.complete and result.band == bands[0].label:
        return f"comfort score {result.score} ({result.band})"
    return ""


def drafts(ctx: Any, values: dict[str, Any]) -> dict[str, str]:
    """What the kit's draft buttons would write from these answers ('' when it cannot)."""
    makers: dict[str, Callable[[], str]] = {
        "reflection.if_then": lambda: compose.if_then(values),
    }
    due = (ctx.document.get("cohort", {}).get("due") or {}).get("action_step")
    if isinstance(due, str):
        makers["reflection.smart_goal"] = lambda: compose.smart_goal(
            values, dt.date.fromisoformat(due)
        )
    if ctx.lesson is not None:
        band = score_question(ctx.lesson.question(ANSWER_ID), values.get(ANSWER_ID))
        makers["reflection.mix_it_up"] = lambda: compose.mix_it_up(
            values, ctx.lesson, band.band, band.score
        )
        makers["reflection.slack"] = lambda: compose.slack_draft(values, ctx.lesson, band.band)
    out = {}
    for qid, make in makers.items():
        try:
            out[qid] = make()
        except (KeyError, ValueError, TypeError, AttributeError):
            out[qid] = ""
    return out


def _same(answer: Any, draft: str) -> bool:
    return bool(draft.strip()) and isinstance(answer, str) and answer.split() == draft.split()
