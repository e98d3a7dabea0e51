"""The rubric as data: load a lesson's rubric TOML, evaluate it over one submission (pure).

A criterion's `check` names a registered check (nbkit.grade.checks; a lesson plugin's as
`<plugin>.<name>`) that measures something in the submission; its levels, highest first, turn
the measure into points and feedback. `[rubric] due` names the lesson's due key lateness is
measured against. `[[deliverables]]` (id, title, due, criteria) split the criteria into
assignments graded, dated and reported apart (docs/kit-shape.md, "Rubric deliverables"); a rubric
with none is one deliverable holding every criterion, due at `[rubric] due`. Every key is read strictly: a misspelled one is a ConfigError naming the file,
the key and the closest known key. Instructors change points, thresholds and wording in the
TOML; only a new kind of check needs Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import linear
from ..errors import ConfigError
from ..strict import check_keys, table_of, tables_of
from .checks import Context, get_check, parameters

CRITERION_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# gradebook.csv's own columns, around one column per criterion; a criterion may not take one.
GRADEBOOK_HEAD = ("student_id", "name")
GRADEBOOK_TAIL = ("total", "late", "hours_late", "status", "reason", "feedback_file")
RESERVED = set(GRADEBOOK_HEAD + GRADEBOOK_TAIL)
TOP_KEYS = (
    "rubric",
    "criteria",
    "deliverables",
    "late",
)  # [late]: the late policy, read by late.py
META_KEYS = ("id", "title", "version", "due")
CRITERION_KEYS = ("id", "title", "check", "levels")
LEVEL_KEYS = ("at_least", "points", "feedback")
DELIVERABLE_KEYS = ("id", "title", "due", "criteria")


@dataclass(frozen=True)
class Level:
    at_least: int
    points: float
    feedback: str


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    check: str
    levels: tuple[Level, ...]  # highest `at_least` first
    params: Mapping[str, Any]

    @property
    def max_points(self) -> float:
        return max((level.points for level in self.levels), default=0.0)


@dataclass(frozen=True)
class Deliverable:
    """One assignment of the rubric: its criteria are graded and dated together."""

    id: str
    title: str
    due: str  # the lesson's due key it is late after ("" = never late)
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    version: str
    due: str  # the lesson's due key that marks a submission late ("" = never late)
    criteria: tuple[Criterion, ...]
    digest: str  # sha256 of the file: a changed rubric re-grades everything
    path: Path
    deliverables: tuple[Deliverable, ...] = ()  # never empty once loaded (see load_rubric)

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.criteria)

    @property
    def due_keys(self) -> tuple[str, ...]:
        """Every lesson due key the rubric names, its own first."""
        keys = [self.due, *(d.due for d in self.deliverables)]
        return tuple(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    points: float
    max_points: float
    measure: int
    feedback: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DeliverableResult:
    """A deliverable's points for one student; `due` is its deadline as an ISO moment in the
    cohort's zone ("" when it has none), `late`/`hours_late` measured at the export time."""

    id: str
    title: str
    points: float
    max: float
    late: bool
    hours_late: float
    due: str


@dataclass(frozen=True)
class Evaluation:
    student_id: str
    name: str
    results: tuple[CriterionResult, ...]
    late: bool  # any deliverable late
    hours_late: float  # the latest deliverable's hours late
    deliverables: tuple[DeliverableResult, ...] = ()

    @property
    def total(self) -> float:
        return sum(r.points for r in self.results)

    def points(self) -> dict[str, float]:
        return {r.id: r.points for r in self.results}


def load_rubric(path: Path | str) -> Rubric:
    """Read and check a rubric file; problems raise ConfigError naming the key."""
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read rubric: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    check_keys(path, "", raw, TOP_KEYS)
    meta = table_of(path, "rubric", raw.get("rubric"))
    check_keys(path, "rubric", meta, META_KEYS)
    entries = tables_of(path, "criteria", raw.get("criteria"))
    if not entries:
        raise ConfigError(path, "criteria", "give at least one [[criteria]] table")
    criteria = tuple(_criterion(path, i, e) for i, e in enumerate(entries))
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise ConfigError(path, "criteria", "criterion ids must be unique")
    rubric_id, title = str(meta.get("id", path.stem)), str(meta.get("title", "Rubric"))
    due = str(meta.get("due", ""))
    declared = _deliverables(path, raw.get("deliverables"), ids, due)
    return Rubric(
        id=rubric_id,
        title=title,
        version=str(meta.get("version", "1")),
        due=due,
        criteria=criteria,
        digest=hashlib.sha256(raw_bytes).hexdigest(),
        path=path.resolve(),
        deliverables=declared or (Deliverable(rubric_id, title, due, tuple(ids)),),
    )


def _deliverables(
    path: Path, raw: Any, criteria: list[str], default_due: str
) -> tuple[Deliverable, ...]:
    """The [[deliverables]], each criterion in exactly one of them (none declared: ())."""
    if raw is None:
        return ()
    out, owner = [], dict[str, str]()
    for i, entry in enumerate(tables_of(path, "deliverables", raw)):
        key = f"deliverables[{i}]"
        check_keys(path, key, entry, DELIVERABLE_KEYS)
        did, names = entry.get("id"), entry.get("criteria")
        if not isinstance(did, str) or not CRITERION_ID.match(did) or did in owner.values():
            raise ConfigError(path, f"{key}.id", f"{did!r} must be a unique lower_snake_case id")
        if not isinstance(names, list) or not names:
            raise ConfigError(path, f"{did}.criteria", "list the criterion ids it holds")
        for name in names:
            if name not in criteria:
                raise ConfigError(path, f"{did}.criteria", f"no criterion {name!r}")
            if name in owner:
                raise ConfigError(path, f"{did}.criteria", f"{name!r} is in {owner[name]!r} too")
            owner[name] = did
        out.append(Deliverable(did, str(entry.get("title", did)), str(entry.get("due", default_due)),
                               tuple(str(n) for n in names)))  # fmt: skip
    if out and (left := [c for c in criteria if c not in owner]):
        raise ConfigError(path, "deliverables", f"criteria in no deliverable: {', '.join(left)}")
    return tuple(out)


def _criterion(path: Path, index: int, entry: dict[str, Any]) -> Criterion:
    key = f"criteria[{index}]"
    cid = entry.get("id")
    if not isinstance(cid, str) or not CRITERION_ID.match(cid) or cid in RESERVED:
        raise ConfigError(
            path, f"{key}.id", f"{cid!r} must be lower_snake_case and not a column name"
        )
    name = entry.get("check")
    if not isinstance(name, str):
        raise ConfigError(path, f"{cid}.check", "name the check that measures this criterion")
    check = get_check(name, path, f"{cid}.check")
    allowed, needed = parameters(check)
    check_keys(path, cid, entry, (*CRITERION_KEYS, *sorted(allowed)))
    for param in sorted(needed - set(entry)):
        raise ConfigError(path, f"{cid}.{param}", f"the {name} check needs it")
    _check_patterns(path, cid, entry)
    levels = tuple(
        _level(path, f"{cid}.levels[{i}]", lv)
        for i, lv in enumerate(tables_of(path, f"{cid}.levels", entry.get("levels")))
    )
    if not levels:
        raise ConfigError(path, f"{cid}.levels", "give at least one level")
    return Criterion(
        id=cid,
        title=str(entry.get("title", cid)),
        check=name,
        levels=tuple(sorted(levels, key=lambda lv: lv.at_least, reverse=True)),
        params={k: v for k, v in entry.items() if k not in CRITERION_KEYS},
    )


def _level(path: Path, key: str, raw: dict[str, Any]) -> Level:
    check_keys(path, key, raw, LEVEL_KEYS)
    at_least, points = raw.get("at_least"), raw.get("points")
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 0:
        raise ConfigError(path, f"{key}.at_least", "must be a whole number, 0 or more")
    if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
        raise ConfigError(path, f"{key}.points", "must be a number, 0 or more")
    return Level(at_least, float(points), str(raw.get("feedback", "")))


def _check_patterns(path: Path, cid: str, entry: dict[str, Any]) -> None:
    patterns = [entry[k] for k in ("blank_pattern",) if k in entry]
    for part in (entry.get("parts") or {}).values():
        patterns += part.get("patterns", []) if isinstance(part, dict) else list(part)
    for pattern in patterns:
        # Student text is matched with RE2 (linear time): a pattern it cannot run is an error here.
        why = linear.problem(pattern) if isinstance(pattern, str) else "not text"
        if why:
            raise ConfigError(path, cid, f"bad pattern {pattern!r}: {why}")


def evaluate(rubric: Rubric, ctx: Context) -> Evaluation:
    """Score one (already validated) submission, seen through `ctx`, against the rubric."""
    results = []
    for criterion in rubric.criteria:
        measure = get_check(criterion.check)(ctx, **criterion.params)
        level = next((lv for lv in criterion.levels if measure.value >= lv.at_least), None)
        results.append(
            CriterionResult(
                id=criterion.id,
                title=criterion.title,
                points=level.points if level else 0.0,
                max_points=criterion.max_points,
                measure=measure.value,
                feedback=level.feedback if level else "",
                notes=measure.notes,
            )
        )
    parts = tuple(_deliverable(rubric, d, results, ctx) for d in rubric.deliverables)
    profile = ctx.document.get("profile", {})
    return Evaluation(
        student_id=str(profile.get("student_id", "")),
        name=str(profile.get("name", "")),
        results=tuple(results),
        late=any(p.late for p in parts),
        hours_late=max((p.hours_late for p in parts), default=0.0),
        deliverables=parts,
    )


def _deliverable(
    rubric: Rubric, part: Deliverable, results: list[CriterionResult], ctx: Context
) -> DeliverableResult:
    mine = [r for r in results if r.id in part.criteria]
    deadline = None
    if part.due:
        deadline = ctx.deadline if part.due == rubric.due else ctx.deadline_of(part.due)
    late_by = ctx.exported_at - deadline if deadline is not None else dt.timedelta(0)
    return DeliverableResult(
        id=part.id,
        title=part.title,
        points=sum(r.points for r in mine),
        max=sum(r.max_points for r in mine),
        late=late_by > dt.timedelta(0),
        hours_late=round(max(late_by.total_seconds(), 0.0) / 3600, 1),
        due=deadline.astimezone(ctx.tz).isoformat() if deadline is not None else "",
    )
