"""The deliverable's content as plain data (pure): sections, prompts, tables and the views' blocks.

Everything here is built from the submission document and the lesson, so the HTML, the PDF and
the .ipynb outputs show the same thing whether the source is a live workspace or an imported
submission. The order and the titles are the lesson's; a plugin adds blocks through its view
(`blocks(document, lesson)`). Values stay plain strings; escaping is the template's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..answers import NOT_ANSWERED, describe
from ..assess import result_text, score_question
from ..content import Lesson, Question, Table, applies
from ..submission_types import Row, Submission
from ..validate import is_empty

LIST_KINDS = ("multi", "checklist", "list", "datetimes")
ROW_META = ("row_id", "created_at", "updated_at")
# More used columns than this do not fit an A4 page as a grid: each row becomes a card instead.
GRID_COLUMNS = 5
LEAD_TITLE = "At a glance"


@dataclass(frozen=True)
class Item:
    """One prompt and its answer: `entries` for list kinds, `rows` for a Likert grid and
    `result` its score and band (the scale's own reading, as the student saw it)."""

    id: str
    label: str
    answered: bool
    text: str = NOT_ANSWERED
    entries: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    result: str = ""


@dataclass(frozen=True)
class Picture:
    """An embedded picture (a data: URL: nothing is fetched) with its alt text."""

    url: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Block:
    """A plugin's part of the page: under `section` (or "" for the summary at the top).

    `claims` are answer ids the block shows itself, so the section's own list leaves them out."""

    title: str
    items: list[Item]
    section: str = ""
    lead: tuple[str, ...] = ()
    picture: Picture | None = None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableView:
    """`cards` when the table is too wide for a page: one label/value list per row."""

    id: str
    label: str
    head: list[str]
    rows: list[list[str]]

    @property
    def cards(self) -> bool:
        return len(self.head) > GRID_COLUMNS

    def card(self, row: list[str]) -> list[tuple[str, str]]:
        """A row's filled cells after the first (the card's heading) as (label, text)."""
        return [(h, c) for h, c in zip(self.head[1:], row[1:], strict=True) if c]


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    items: list[Item]
    blocks: list[Block] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    summary: list[Block]
    profile: list[Item]
    due: list[tuple[str, str]]
    progress: list[tuple[str, int, int]]
    sections: list[SectionView]


class BlockView(Protocol):
    def blocks(self, document: Submission, lesson: Lesson) -> list[Block]: ...


def page(document: Submission, lesson: Lesson, views: Sequence[BlockView] = ()) -> Page:
    """The whole deliverable as data; `views` are the lesson's plugin views that add blocks."""
    blocks = [b for v in views for b in v.blocks(document, lesson)]
    blocks += lead(document, lesson)
    return Page(
        summary=[b for b in blocks if not b.section],
        profile=profile(document, lesson),
        due=due_dates(document, lesson),
        progress=progress(document, lesson),
        sections=sections(document, lesson, blocks),
    )


def progress(document: Submission, lesson: Lesson) -> list[tuple[str, int, int]]:
    """(title, answered, required) per section in the lesson's order (JSON may sort keys)."""
    done = document["progress"]
    ids = [
        *(s.id for s in lesson.ordered() if s.id in done),
        *sorted(set(done) - set(lesson.sections)),
    ]
    titles = {s.id: s.title for s in lesson.ordered()}
    return [(titles.get(k, k), done[k]["answered"], done[k]["required"]) for k in ids]


def lead(document: Submission, lesson: Lesson) -> list[Block]:
    """The answers the lesson puts first (lesson.toml `lead`), as one block at the top."""
    if not lesson.lead:
        return []
    values = {k: a["value"] for k, a in document["answers"].items()}
    items = [item(lesson.question(a), values.get(a)) for a in lesson.lead]
    return [Block(LEAD_TITLE, items, section="", claims=lesson.lead)]


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
        reading = result_text(score_question(question, value))
        return Item(question.id, question.label, True, text, rows=rows, result=reading)
    if question.kind in LIST_KINDS:
        return Item(question.id, question.label, True, text, entries=_entries(question, value))
    return Item(question.id, question.label, True, text)


def _entries(question: Question, value: Any) -> tuple[str, ...]:
    # From the value itself: re-splitting describe()'s text cut an item holding ". " or a
    # line break ("Mr. Smith" became "Smith").
    items = value if isinstance(value, list) else [value]
    if question.kind == "list":
        return tuple(str(v) for v in items if v)
    return tuple(_lines(question, describe(question, items)))


def _lines(question: Question, text: str) -> list[str]:
    # describe() joins choices with "; " and other lists with newlines.
    return text.split("; ") if question.kind in ("multi", "checklist") else text.split("\n")


def ad_hoc(answer_id: str, label: str, value: Any) -> Item:
    """An answer the lesson does not declare: shown with a guessed kind, never dropped."""
    if isinstance(value, list):
        strings = [str(v) for v in value]
        if is_empty(strings):
            return Item(answer_id, label, answered=False)
        return Item(answer_id, label, True, "\n".join(strings), entries=tuple(strings))
    if isinstance(value, dict):
        value = "\n".join(f"{k}: {v}" for k, v in value.items())
    question = Question(id=answer_id, kind="long", label=label)
    return item(question, value if value is None else str(value))


def sections(
    document: Submission, lesson: Lesson, blocks: Sequence[Block] = ()
) -> list[SectionView]:
    """Each section's questions that apply (show_if; optional ones only when answered), then
    answers it does not declare; its tables; the plugin blocks placed in it. Profile answers head the page instead; private
    questions are not listed at all (their answers are not in the document)."""
    values = {k: a["value"] for k, a in document["answers"].items()}
    shown = set(lesson.profile.values()) | {c for b in blocks for c in b.claims}
    out = []
    for section in lesson.ordered():
        items = [
            item(q, values.get(q.id))
            for q in section.questions.values()
            if q.id not in shown and not lesson.is_private(q.id) and applies(q, values)
            and (q.required or not is_empty(values.get(q.id)))  # an empty optional: nothing missing
        ]  # fmt: skip
        items += [
            ad_hoc(k, k, v)
            for k, v in values.items()
            if k.startswith(section.id + ".") and k not in section.questions and k not in shown
        ]
        tables = [
            table_view(t, document["tables"].get(t.id, []))
            for t in lesson.tables.values()
            if t.section == section.id
        ]
        placed = [b for b in blocks if b.section == section.id]
        if items or tables or placed:
            out.append(SectionView(section.id, section.title, items, placed, tables))
    return out


def profile(document: Submission, lesson: Lesson) -> list[Item]:
    values = {k: a["value"] for k, a in document["answers"].items()}
    out = []
    for key, answer_id in lesson.profile.items():
        try:
            out.append(item(lesson.question(answer_id), values.get(answer_id)))
        except KeyError:
            out.append(ad_hoc(answer_id, key.replace("_", " ").capitalize(), values.get(answer_id)))
    return out


def due_dates(document: Submission, lesson: Lesson) -> list[tuple[str, str]]:
    """(label, day) in date order, then the lesson's order; labels are the lesson's."""
    due = document["cohort"]["due"]
    order = {k: n for n, k in enumerate(lesson.due)}
    keys = sorted(due, key=lambda k: (due[k], order.get(k, len(order)), k))
    return [
        (
            lesson.due[k].label if k in lesson.due else k,
            f"{dt.date.fromisoformat(due[k]):%A %d %B %Y}",
        )
        for k in keys
    ]


def table_view(table: Table, rows: Sequence[Row]) -> TableView:
    """Only the columns some row fills, in the lesson's order (then any others), with labels."""
    declared = {c.key: c for c in table.columns}
    extra = sorted({k for r in rows for k in r} - set(declared) - set(ROW_META))
    used = [c for c in (*declared, *extra) if any(not is_empty(r.get(c)) for r in rows)]
    head = [declared[c].label if c in declared else c.replace("_", " ").capitalize() for c in used]
    body = [[_cell(r.get(c), declared.get(c)) for c in used] for r in rows]
    return TableView(table.id, table.label, head, body)


def _cell(value: Any, column: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    return str(column.label_of(value)) if column is not None else str(value)


def exported_local(document: Mapping[str, Any], tz: dt.tzinfo) -> str:
    moment = dt.datetime.fromisoformat(document["exported_at"].replace("Z", "+00:00"))
    return f"{moment.astimezone(tz):%A %d %B %Y, %H:%M %Z}"
