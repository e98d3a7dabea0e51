"""The deliverable's content as plain data (pure): sections, prompts and the answers to show.

Everything here is built from the submission document and the lesson content, so the HTML, the
PDF and the .ipynb outputs show the same thing whether the source is a live workspace or an
imported submission. Values stay plain strings; escaping is the template's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..answers import NOT_ANSWERED, describe
from ..content import Lesson, Question
from ..validate import is_empty

GOAL_FIELDS = (
    ("contact_name", "Who"),
    ("contact_role", "Relationship or role"),
    ("channel", "How you will reach them"),
    ("why", "Why this person"),
    ("time_options", "Times you will offer"),
    ("questions", "Questions to send ahead"),
    ("message", "Your outreach message"),
    ("steps", "Steps done"),
    ("target_date", "Target date"),
)
DUE_LABELS = {
    "mix_it_up": "Mix It Up group discussion",
    "slack_reflection": "Friday Slack reflection question",
    "reflection_deliverable": "Reflection sheet: networking goal (Mod 1 deliverable)",
    "action_step": "Networking action step",
}
TRACKER_COLUMNS = (
    "name", "company", "role", "goal", "how_met", "channel", "date_contacted", "time_options",
    "response_status", "meeting_date", "format", "questions", "notes", "takeaway", "follow_up",
    "follow_up_due", "thank_you_sent", "status",
)  # fmt: skip
LIST_KINDS = ("multi", "checklist", "list", "datetimes")


@dataclass(frozen=True)
class Item:
    """One prompt and its answer: `entries` for list kinds, `rows` for a Likert grid."""

    id: str
    label: str
    answered: bool
    text: str = NOT_ANSWERED
    entries: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Block:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    items: list[Item]
    blocks: list[Block] = field(default_factory=list)


def item(question: Question, value: Any) -> Item:
    if is_empty(value):
        return Item(question.id, question.label, answered=False)
    text = describe(question, value)
    if question.kind == "likert" and isinstance(value, dict):
        scale = question.scale or ("1", "2", "3", "4", "5")
        rows = tuple(
            (i.text, scale[value[i.id] - 1] if value.get(i.id) in range(1, 6) else NOT_ANSWERED)
            for i in question.items
        )
        return Item(question.id, question.label, True, text, rows=rows)
    if question.kind in LIST_KINDS:
        prefix = question.kind == "list"
        lines = [line.split(". ", 1)[1] if prefix else line for line in _lines(question, text)]
        return Item(question.id, question.label, True, text, entries=tuple(lines))
    return Item(question.id, question.label, True, text)


def _lines(question: Question, text: str) -> list[str]:
    # describe() joins choices with "; " and other lists with newlines.
    return text.split("; ") if question.kind in ("multi", "checklist") else text.split("\n")


def ad_hoc(answer_id: str, label: str, value: Any) -> Item:
    """An answer the content does not declare: shown with a guessed kind, never dropped."""
    if isinstance(value, list):
        kind = "list"
    elif isinstance(value, dict):
        value = "\n".join(f"{k}: {v}" for k, v in value.items())
        kind = "long"
    else:
        kind = "long"
    question = Question(id=answer_id, kind=kind, label=label)
    if kind == "list":
        strings = [str(v) for v in value]
        if is_empty(strings):
            return Item(answer_id, label, answered=False)
        return Item(answer_id, label, True, "\n".join(strings), entries=tuple(strings))
    return item(question, value if value is None else str(value))


def sections(document: dict[str, Any], lesson: Lesson) -> list[SectionView]:
    values = {k: a["value"] for k, a in document["answers"].items()}
    out = []
    for section in lesson.ordered():
        if section.id == "start":
            continue  # the profile heads the page
        items = [
            item(q, values.get(q.id))
            for q in section.questions.values()
            if not _goal_field(q.id) and _applies(q.id, values)
        ]
        known = set(section.questions)
        items += [
            ad_hoc(k, k, v)
            for k, v in values.items()
            if k.startswith(section.id + ".") and k not in known and not _goal_field(k)
        ]
        blocks = goal_blocks(document, lesson) if section.id == "goals" else []
        out.append(SectionView(section.id, section.title, items, blocks))
    return out


def _goal_field(answer_id: str) -> bool:
    parts = answer_id.split(".")
    return parts[0] == "goals" and len(parts) == 3


def _applies(answer_id: str, values: dict[str, Any]) -> bool:
    return answer_id != "goals.own_title" or "own" in (values.get("goals.chosen") or [])


def goal_blocks(document: dict[str, Any], lesson: Lesson) -> list[Block]:
    values = {k: a["value"] for k, a in document["answers"].items()}
    blocks = []
    for goal in document["goals"]:
        items = []
        for name, label in GOAL_FIELDS:
            answer_id = f"goals.{goal['id']}.{name}"
            try:
                items.append(item(lesson.question(answer_id), values.get(answer_id)))
            except KeyError:
                items.append(ad_hoc(answer_id, label, values.get(answer_id)))
        blocks.append(Block(goal["title"], items))
    return blocks


def profile(document: dict[str, Any], lesson: Lesson) -> list[Item]:
    values = {k: a["value"] for k, a in document["answers"].items()}
    out = []
    for key in ("name", "student_id", "cohort", "slack"):
        answer_id = f"start.{key}"
        try:
            out.append(item(lesson.question(answer_id), values.get(answer_id)))
        except KeyError:
            out.append(ad_hoc(answer_id, key.replace("_", " ").capitalize(), values.get(answer_id)))
    return out


def due_dates(document: dict[str, Any]) -> list[tuple[str, str]]:
    due = document["cohort"]["due"]
    return [
        (DUE_LABELS.get(k, k), f"{dt.date.fromisoformat(v):%A %d %B %Y}")
        for k, v in sorted(due.items(), key=lambda kv: kv[1])
    ]


def tracker_table(rows: list[dict[str, Any]], lesson: Lesson) -> tuple[list[str], list[list[str]]]:
    """Only the columns some row fills, in the content's order (then any others), with labels."""
    section = lesson.sections.get("tracker")
    declared = {c["key"]: c for c in (section.data.get("columns", []) if section else [])}
    order = list(declared) or list(TRACKER_COLUMNS)
    extra = sorted({k for r in rows for k in r} - set(order) - _ROW_META)
    used = [c for c in (*order, *extra) if any(not is_empty(r.get(c)) for r in rows)]
    body = [[_cell(r.get(c), declared.get(c, {})) for c in used] for r in rows]
    head = [declared.get(c, {}).get("label") or c.replace("_", " ").capitalize() for c in used]
    return head, body


_ROW_META = {"row_id", "created_at", "updated_at"}


def _cell(value: Any, column: dict[str, Any]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    labels = {str(o.get("value")): str(o.get("label")) for o in column.get("options", [])}
    return "" if value is None else labels.get(str(value), str(value))


def exported_local(document: dict[str, Any], tz: dt.tzinfo) -> str:
    moment = dt.datetime.fromisoformat(document["exported_at"].replace("Z", "+00:00"))
    return f"{moment.astimezone(tz):%A %d %B %Y, %H:%M %Z}"
