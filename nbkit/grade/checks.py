"""What a rubric criterion measures in a submission: the generic checks, and how any check is found.

A check is a pure function `check(ctx, **params) -> CheckResult`: a whole number the rubric's
levels are compared against, and plain notes for the student saying what was found or missing.
Its keyword parameters are exactly the keys a criterion may give it (the rubric loader reads
them from the signature, so a misspelled parameter is an error, not a silent default).

Checks come from the `nbkit.checks` registry: the generic ones below under bare names (this
module knows questions, answers, tables and texts, never a lesson), a lesson plugin's as
`<plugin>.<name>`. Checks read the submission only through the Context's accessors and never
trust derived values in it: they recompute from the answers.

A check given a lesson `question` judges it with nbkit.validate, the same rules and numbers the
notebook shows next to the control: an answer or list item the notebook flags earns nothing here,
and the notebook's message is the note that says why.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .. import linear, validate

if TYPE_CHECKING:
    from ..content import Lesson, Question

# Letters and digits, with an inner apostrophe ("I'll"): no nested repetition, so linear.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
NOT_YOURS = "Not counted yet: {why}"


@dataclass(frozen=True)
class CheckResult:
    value: int
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Context:
    """A check's view of one submission (`nbkit.submission/2`) and of the cohort's dates.

    `deadline` is the end of the due day the rubric measures lateness against (None when the
    rubric names none); `deadlines` the same per lesson [due] key (the rubric's own key may
    carry a student's extension); `tz` is the cohort's zone, in which students type times.
    """

    document: Mapping[str, Any]
    deadline: dt.datetime | None
    tz: ZoneInfo
    lesson: Lesson | None = None
    deadlines: Mapping[str, dt.datetime] = field(default_factory=dict)

    def deadline_of(self, due_key: str) -> dt.datetime | None:
        """The end of the day lesson [due] key `due_key` falls on; the rubric's deadline when the
        run gave no per-key dates."""
        return self.deadlines.get(due_key, self.deadline)

    def question(self, question_id: str) -> Question | None:
        if self.lesson is None:
            return None
        try:
            return self.lesson.question(question_id)
        except KeyError:
            return None

    def values(self) -> dict[str, Any]:
        """Every answer's value by answer id."""
        answers = _dict(self.document.get("answers"))
        return {k: v.get("value") for k, v in answers.items() if isinstance(v, dict)}

    def answer(self, answer_id: str) -> Any:
        entry = _dict(self.document.get("answers")).get(answer_id)
        return entry.get("value") if isinstance(entry, dict) else None

    def answered_at(self, answer_id: str) -> str | None:
        entry = _dict(self.document.get("answers")).get(answer_id)
        stamp = entry.get("updated_at") if isinstance(entry, dict) else None
        return stamp if isinstance(stamp, str) else None

    def table(self, table_id: str) -> list[dict[str, Any]]:
        rows = _dict(self.document.get("tables")).get(table_id)
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    def view(self, plugin: str) -> dict[str, Any]:
        return _dict(_dict(self.document.get("views")).get(plugin))

    @property
    def exported_at(self) -> dt.datetime:
        return parse_stamp(str(self.document["exported_at"]))

    def field(self, spec: str) -> Any:
        """`answers:<id>` an answer's value, `tables:<id>` a table's rows, else a dotted path."""
        if spec.startswith("answers:"):
            return self.answer(spec.removeprefix("answers:"))
        if spec.startswith("tables:"):
            return self.table(spec.removeprefix("tables:"))
        value: Any = self.document
        for part in spec.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


Check = Callable[..., CheckResult]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def words(text: Any) -> int:
    return len(WORD.findall(text)) if isinstance(text, str) else 0


def parse_stamp(stamp: str) -> dt.datetime:
    """An ISO time stamp as an aware datetime (naive stamps are taken as UTC)."""
    value = dt.datetime.fromisoformat(stamp)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def good_items(question: Question, items: Any) -> CheckResult:
    """List items the notebook accepts (each counted once), with its message per item that is
    not: a blank left, a copy of a suggested prompt, too short, filler, a repeat."""
    good, notes = validate.acceptable_items(question, items)
    return CheckResult(len(good), tuple(notes))


def good_text(question: Question | None, text: Any, measure: int | None = None) -> CheckResult:
    """`measure` (default: the words) of a text the notebook does not fault; 0, with the
    notebook's own messages as notes, for one it does (filler, a blank left, too long). A text
    under the question's min_words still counts its words, so rubric levels can give partial
    credit below the minimum the notebook asks for (and full credit from it)."""
    text = text if isinstance(text, str) else ""
    if not text.strip():
        return CheckResult(0, ("Not answered yet.",))
    faults = validate.text_faults(question, text) if question is not None else []
    if faults:
        return CheckResult(0, tuple(NOT_YOURS.format(why=p) for p in faults))
    count = words(text) if measure is None else measure
    need = question.min_words if question is not None else 0
    if words(text) < need:
        return CheckResult(count, (f"{count} words; the lesson asks for {need}.",))
    return CheckResult(count, (f"{count} words.",))


# -- the generic checks (registered under bare names in pyproject.toml) -------------------------


def answered(ctx: Context, *, field: str) -> CheckResult:
    """1 when the field holds something (text, a choice, a list item, a row), else 0."""
    value = ctx.field(field)
    empty = value is None or value == "" or (isinstance(value, list | dict) and not value)
    return CheckResult(0, ("Not answered yet.",)) if empty else CheckResult(1)


def text_words(ctx: Context, *, field: str = "", question: str = "") -> CheckResult:
    """Words in a text. Given the lesson `question` (whose answer is the default field), only a
    text the notebook accepts counts: one it flags earns 0, with the notebook's message."""
    value = ctx.field(field or f"answers:{question}")
    if not question:
        count = words(value)
        return CheckResult(count, (f"{count} words.",))
    return good_text(_question(ctx, question), value)


def list_filled(ctx: Context, *, question: str, field: str = "") -> CheckResult:
    """Items of the lesson's list `question` (read from `field`, default its answer) that the
    notebook accepts, each counted once (see `good_items`)."""
    q = _question(ctx, question)
    items = ctx.field(field or f"answers:{question}")
    if q is None:
        return CheckResult(0, (f"The lesson has no question {question!r}.",))
    return good_items(q, items)


def _question(ctx: Context, question_id: str) -> Question | None:
    return ctx.question(question_id)


def likert_answered(ctx: Context, *, question: str, field: str = "") -> CheckResult:
    """Items of the lesson's likert `question` answered 1..5 (read from `field`, default the
    question's own answer): a scale is complete when this reaches its number of items."""
    items = _likert_items(ctx, question)
    responses = ctx.field(field or f"answers:{question}")
    responses = responses if isinstance(responses, dict) else {}
    count = sum(1 for i in items if responses.get(i) in (1, 2, 3, 4, 5))
    return CheckResult(count, (f"{count} of {len(items)} items answered.",))


def _likert_items(ctx: Context, question: str) -> tuple[str, ...]:
    if ctx.lesson is None:
        return ()
    try:
        return tuple(i.id for i in ctx.lesson.question(question).items)
    except KeyError:
        return ()


def text_patterns(ctx: Context, *, parts: Mapping[str, Any], field: str = "") -> CheckResult:
    """Parts found: each part is a list of case-insensitive patterns (or a table with its own
    `field` and `patterns`); a part counts when any of its patterns matches."""
    found, missing = 0, []
    for name, part in parts.items():
        spec = part if isinstance(part, dict) else {"patterns": part}
        text = ctx.field(str(spec.get("field", field)))
        text = text if isinstance(text, str) else ""
        if any(linear.search(p, text, ignore_case=True) for p in spec["patterns"]):
            found += 1
        else:
            missing.append(name.replace("_", "-"))
    return CheckResult(found, (f"Missing: {', '.join(missing)}.",) if missing else ())


def table_rows(
    ctx: Context,
    *,
    table: str,
    where: Mapping[str, Sequence[Any]] | None = None,
    required: Sequence[str] = (),
) -> CheckResult:
    """Rows of `table` whose columns hold one of the `where` values and whose `required`
    columns are all filled in."""
    conditions = where or {}
    count = 0
    for row in ctx.table(table):
        if not all(row.get(k) in allowed for k, allowed in conditions.items()):
            continue
        count += all(str(row.get(k) or "").strip() for k in required)
    noun = "row" if count == 1 else "rows"
    return CheckResult(count, (f"{count} {noun} that count.",))


# -- finding checks and their parameters ---------------------------------------------------------


def get_check(name: str, source: Path | str | None = None, key: str | None = None) -> Check:
    """The check registered as `name`; a ConfigError naming it (and where it was written, the
    closest known name and all of them) when none is."""
    from .. import registry

    return registry.checks.get(name, source, key)


def parameters(check: Check) -> tuple[set[str], set[str]]:
    """(every parameter a criterion may give the check, the ones it must give)."""
    params = [
        p
        for p in list(inspect.signature(check).parameters.values())[1:]  # the first one is ctx
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    return {p.name for p in params}, {p.name for p in params if p.default is p.empty}
