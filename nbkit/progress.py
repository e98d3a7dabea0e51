"""Progress and time spent per section, derived from the store (pure over its data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .config import Config
from .content import Lesson, Section, applies
from .store import Event, parse_iso
from .validate import Context, is_answered

# Time spent counts active minutes only: two events of a section (an answer saved, a row saved,
# the section opened) closer than ACTIVE_GAP are one stretch of work and the gap between them
# counts; a longer gap is a break and counts nothing (capping it instead counted every break as
# minutes of work: "41 min" after about 3). Saving a long answer keeps adding events while the
# student types (nbkit.widgets.base splits its history every BURST_SPLIT), so typing is active.
ACTIVE_GAP = dt.timedelta(minutes=5)
BURST_SPLIT = dt.timedelta(minutes=2)
# A lesson table's unsaved form is kept as a draft in the table "<table id>.draft" (never exported);
# typing it is time spent in the table's section.
DRAFT_SUFFIX = ".draft"


@dataclass(frozen=True)
class SectionProgress:
    section: str
    title: str
    answered: int
    required: int
    minutes_spent: float
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.answered >= self.required


def validation_context(config: Config, now: dt.datetime | None = None) -> Context:
    """Today, now and the named dates (due:<key>, week1_start) in the cohort's time zone."""
    local = (now or dt.datetime.now(dt.UTC)).astimezone(config.tz)
    dates = {f"due:{k}": v for k, v in config.due_dates().items()}
    dates["week1_start"] = config.week1_start
    names = {f"due:{k}": config.label("due", k) for k in config.due}
    return Context(
        today=local.date(), now=local.replace(tzinfo=None), dates=dates, tz=config.tz, names=names
    )


def section_progress(
    section: Section,
    values: Mapping[str, Any],
    ctx: Context,
    written: Mapping[str, str] | None = None,
) -> tuple[int, int, list[str]]:
    """Answered of required; `written` (answer id -> saved-at) judges each answer as of then."""
    written = written or {}
    required = [q for q in section.required if applies(q, values)]
    missing = [
        q.id for q in required if not is_answered(q, values.get(q.id), ctx.as_of(written.get(q.id)))
    ]
    return len(required) - len(missing), len(required), missing


def minutes_spent(events: Iterable[Event], section: str, lesson: Lesson | None = None) -> float:
    """Active minutes in `section`: the gaps between its consecutive events that are at most
    ACTIVE_GAP (longer ones are breaks: 0). A row's events count for the section that declares
    its table (needs `lesson`)."""
    tables = {t.id: t.section for t in lesson.tables.values()} if lesson else {}
    stamps = sorted(parse_iso(e.at) for e in events if section_of(e, tables) == section)
    total = sum(
        (b - a for a, b in zip(stamps, stamps[1:], strict=False) if b - a <= ACTIVE_GAP),
        dt.timedelta(),
    )
    return round(total.total_seconds() / 60, 1)


def section_of(event: Event, tables: Mapping[str, str]) -> str:
    """The section an event belongs to: an answer's `<section>.`, a visit's section, a row's
    table's section (`tables`: table id -> section id)."""
    if event.kind == "row":
        table_id = event.key.split(":", 1)[0].removesuffix(DRAFT_SUFFIX)
        return tables.get(table_id, table_id)
    return event.key.split(".", 1)[0]


def lesson_progress(
    lesson: Lesson,
    values: Mapping[str, Any],
    events: list[Event],
    ctx: Context,
    written: Mapping[str, str] | None = None,
) -> list[SectionProgress]:
    out = []
    for section in lesson.ordered():
        answered, required, missing = section_progress(section, values, ctx, written)
        out.append(
            SectionProgress(
                section.id,
                section.title,
                answered,
                required,
                minutes_spent(events, section.id, lesson),
                tuple(missing),
            )
        )
    return out
