"""The networking lesson's view of a submission (`views.networking`): assessment, goals, reflection.

The shapes are exactly the ones `nbkit.submission/1` had at its top level, so grading reads the
same data as before and a migrated /1 file grades identically. The view also gives the deliverable
its blocks: the goal first, the comfort result (score, band, picture) and one block per goal plan.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from ...assess import Result, score_question
from ...content import Lesson
from ...export.view import Block, Item, Picture, ad_hoc, item
from ...submission_types import Submission, ViewSource
from ...validate import is_empty
from .followup import followup as followup_rules

NAME = "networking"
INSTRUMENT = "ipip-bfm-extraversion-10"
ASSESSMENT_ID = "comfort.ipip"
GOAL_IDS = ("mentor", "community", "existing", "own")
REFLECTION_KEYS = ("smart_goal", "if_then", "mix_it_up", "slack")
GOAL_FIELDS = (
    ("contact_name", "Who"),
    ("contact_role", "Relationship or role"),
    ("connection", "How you are connected"),
    ("channel", "How you will reach them"),
    ("contact_timezone", "Their time zone"),
    ("topic", "What you want to talk about"),
    ("why", "Why this person"),
    ("time_options", "Times you will offer"),
    ("questions", "Questions to send ahead"),
    ("message", "Your outreach message"),
    ("steps", "Steps done"),
    ("target_date", "Target date"),
    ("takeaway", "Your takeaway"),
    ("thank_you", "Your thank-you message"),
)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def assessment(source: ViewSource) -> dict[str, Any]:
    result = _result(source.lesson, source.values().get(ASSESSMENT_ID))
    raw = source.values().get(ASSESSMENT_ID)
    responses = {
        k: v for k, v in (raw if isinstance(raw, dict) else {}).items() if isinstance(v, int)
    }
    takes = [
        {"taken_at": e["at"], "score": e["value"]["score"]}
        for e in source.events
        if e["kind"] == "take" and e["key"] == ASSESSMENT_ID and isinstance(e["value"], dict)
        and isinstance(e["value"].get("score"), int)
    ]  # fmt: skip
    return {
        "instrument": INSTRUMENT,
        "complete": result.complete if result else False,
        "responses": responses,
        "score": result.score if result else None,
        "mean": result.mean if result else None,
        "band": result.band if result else None,
        "takes": takes,
    }


def _result(lesson: Lesson, value: Any) -> Result | None:
    try:
        question = lesson.question(ASSESSMENT_ID)
    except KeyError:
        return None
    return score_question(question, value)


def chosen_goals(values: dict[str, Any]) -> list[str]:
    chosen = values.get("goals.chosen")
    return [g for g in GOAL_IDS if isinstance(chosen, list) and g in chosen]


def goal_title(goal: str, values: dict[str, Any], lesson: Lesson) -> str:
    own = values.get("goals.own_title")
    if goal == "own" and isinstance(own, str) and own.strip():
        return own.strip()[:2000]
    section = lesson.sections.get("goals")
    titles = section.data.get("goals", {}) if section else {}
    if isinstance(titles.get(goal), str):
        return str(titles[goal])
    try:
        return lesson.question("goals.chosen").option_label(goal)
    except KeyError:
        return goal


def goal(goal_id: str, values: dict[str, Any], lesson: Lesson) -> dict[str, Any]:
    def get(name: str, default: Any) -> Any:
        value = values.get(f"goals.{goal_id}.{name}")
        return value if value is not None else default

    return {
        "id": goal_id,
        "title": goal_title(goal_id, values, lesson),
        "contact": {
            "name": _text(get("contact_name", "")),
            "role": _text(get("contact_role", "")),
            "channel": get("channel", None),
        },
        "why": _text(get("why", "")),
        "time_options": list(get("time_options", [])),
        "questions": list(get("questions", [])),
        "message": _text(get("message", "")),
        "steps": list(get("steps", [])),
        "target_date": get("target_date", None),
    }


class NetworkingView:
    """Registered under the `nbkit.views` entry point group as `networking`."""

    name = NAME
    # The cohort view's follow-up rules for this lesson (nbkit.grade.followup asks each view).
    followup = staticmethod(followup_rules)

    @property
    def schema(self) -> dict[str, Any]:
        return SCHEMA

    def build(self, source: ViewSource) -> dict[str, Any]:
        values = source.values()
        return {
            "assessment": assessment(source),
            "goals": [goal(g, values, source.lesson) for g in chosen_goals(values)],
            "reflection": {k: _text(values.get(f"reflection.{k}")) for k in REFLECTION_KEYS},
        }

    def blocks(self, document: Submission, lesson: Lesson) -> list[Block]:
        """The deliverable's networking blocks: the goal first, the result, each goal's plan."""
        part = document["views"].get(NAME)
        if part is None:
            return []
        values = {k: a["value"] for k, a in document["answers"].items()}
        return [
            _summary(part["goals"]),
            _result_block(part["assessment"]),
            *(_goal_block(g, values, lesson) for g in part["goals"]),
        ]


VIEW = NetworkingView()


def _summary(goals: list[dict[str, Any]]) -> Block:
    items = [Item(f"goal.{g['id']}", g["title"], True, _goal_line(g)) for g in goals] or [
        Item("goal.none", "Your networking goal", answered=False)
    ]
    return Block("Your networking goal", items, section="")


def _goal_line(g: dict[str, Any]) -> str:
    who = ", ".join(p for p in (g["contact"]["name"], g["contact"]["role"]) if p)
    when = _day(g["target_date"])
    parts = [f"With {who}" if who else "", f"by {when}" if when else ""]
    return " ".join(p for p in parts if p) or "Plan not filled in yet"


def _day(text: Any) -> str:
    try:
        return f"{dt.date.fromisoformat(text):%A %d %B %Y}"
    except (TypeError, ValueError):
        return ""


def _result_block(a: dict[str, Any]) -> Block:
    title = "Where you are on the introversion-extroversion spectrum"
    if not a["complete"]:
        missing = f"{len(a['responses'])} of 10 statements answered"
        return Block(title, [Item("comfort.result", "Your result", False)], "comfort",
                     lead=(f"The assessment is not complete: {missing}.",))  # fmt: skip
    lead = (
        f"Score {a['score']} of 50 (item mean {a['mean']}): {a['band']}.",
        "A typical level right now, not a fixed type: it moves with circumstances.",
    )
    picture = Picture(
        spectrum_svg_url(int(a["score"]), [t["score"] for t in a["takes"]]),
        f"Your score {a['score']} on a line from 10 (introverted) to 50 (extraverted)",
        "Items: IPIP, ipip.ori.org",
    )
    return Block(title, [], "comfort", lead=lead, picture=picture)


def spectrum_svg_url(score: int, earlier: list[int]) -> str:
    """The spectrum picture as an inline SVG data: URL: numbers only (no student text), drawn
    without matplotlib so an export does not pay its import. An <img> never runs SVG script."""

    def x(value: int) -> float:
        return 40 + (min(max(value, 10), 50) - 10) * 14  # 10..50 -> 40..600

    marks = "".join(f'<circle cx="{x(s):.0f}" cy="50" r="5" fill="#9ecae1"/>' for s in earlier[:50])
    ticks = "".join(
        f'<line x1="{x(v):.0f}" y1="44" x2="{x(v):.0f}" y2="56" stroke="#555"/>'
        f'<text x="{x(v):.0f}" y="74" font-size="12" text-anchor="middle">{v}</text>'
        for v in range(10, 51, 10)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="110" viewBox="0 0 640 110">'
        '<rect width="640" height="110" fill="#fff"/>'
        '<line x1="40" y1="50" x2="600" y2="50" stroke="#08519c" stroke-width="3"/>'
        f"{ticks}{marks}"
        f'<circle cx="{x(score):.0f}" cy="50" r="9" fill="#d9822b"/>'
        f'<text x="{x(score):.0f}" y="30" font-size="14" text-anchor="middle">You: {score}</text>'
        '<text x="40" y="98" font-size="13">Introverted</text>'
        '<text x="600" y="98" font-size="13" text-anchor="end">Extraverted</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _goal_block(g: dict[str, Any], values: dict[str, Any], lesson: Lesson) -> Block:
    items = []
    for name, label in GOAL_FIELDS:
        answer_id = f"goals.{g['id']}.{name}"
        try:
            question = lesson.question(answer_id)
        except KeyError:
            items.append(ad_hoc(answer_id, label, values.get(answer_id)))
            continue
        if question.required or not is_empty(values.get(answer_id)):  # empty optional: skip
            items.append(item(question, values.get(answer_id)))
    claims = tuple(f"goals.{g['id']}.{name}" for name, _ in GOAL_FIELDS)
    return Block(f"Goal: {g['title']}", items, "goals", claims=claims)


_STAMP = {"type": "string", "format": "date-time", "maxLength": 40}
_TEXT = {"type": "string", "maxLength": 2000000}
_SHORT = {"type": "string", "maxLength": 2000}
SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "views.networking: the nbkit.submission/1 assessment, goals and reflection",
    "type": "object", "additionalProperties": False,
    "required": ["assessment", "goals", "reflection"],
    "properties": {
        "assessment": {
            "type": "object", "additionalProperties": False,
            "required": ["instrument", "complete", "responses", "score", "mean", "band", "takes"],
            "properties": {
                "instrument": _SHORT,
                "complete": {"type": "boolean"},
                "responses": {"type": "object", "maxProperties": 100, "additionalProperties":
                              {"type": "integer", "minimum": 1, "maximum": 5}},
                "score": {"type": ["integer", "null"], "minimum": 0, "maximum": 500},
                "mean": {"type": ["number", "null"], "minimum": 1, "maximum": 5},
                "band": {"type": ["string", "null"], "maxLength": 200},
                "takes": {"type": "array", "maxItems": 500, "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["taken_at", "score"],
                    "properties": {"taken_at": _STAMP,
                                   "score": {"type": "integer", "minimum": 0, "maximum": 500}}}},
            },
        },
        "goals": {
            "type": "array", "maxItems": 10,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "title", "contact", "why", "time_options", "questions",
                             "message", "steps", "target_date"],
                "properties": {
                    "id": {"enum": list(GOAL_IDS)},
                    "title": _SHORT,
                    "contact": {"type": "object", "additionalProperties": False,
                                "required": ["name", "role", "channel"],
                                "properties": {"name": _SHORT, "role": _SHORT,
                                               "channel": {"type": ["string", "null"], "maxLength": 40}}},
                    "why": _TEXT,
                    "time_options": {"type": "array", "maxItems": 20, "items": {
                        "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$"}},
                    "questions": {"type": "array", "maxItems": 200, "items": _TEXT},
                    "message": _TEXT,
                    "steps": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 40}},
                    "target_date": {"type": ["string", "null"], "format": "date", "maxLength": 10},
                },
            },
        },
        "reflection": {
            "type": "object", "additionalProperties": False,
            "required": list(REFLECTION_KEYS),
            "properties": {k: _TEXT for k in REFLECTION_KEYS},
        },
    },
}  # fmt: skip
