"""Late policy and extensions: how late each deliverable is and what that costs (pure but loading).

The rubric's `[late]` table holds the policy; an instructor's extensions CSV (student_id,
deliverable, due) moves one student's due date for one deliverable. Both are applied at grade
time from the current nbkit.toml, rubric and extensions, and nothing of them is stored: change a
due date, re-grade, and the penalty follows (nbgrader's stored penalties go stale, #723).

A hand-in within the grace period counts as on time. After it, every started unit (hour or day)
since the due date costs `penalty` percent of the deliverable's points, at most `cap` percent.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..strict import check_keys, table_of
from .roster import read_table
from .rubric import Deliverable as Part
from .rubric import Rubric

if TYPE_CHECKING:
    from ..config import Config

LATE_KEYS = ("per", "penalty", "cap", "grace_minutes")
UNIT_HOURS = {"hour": 1.0, "day": 24.0}
EXTENSION_COLUMNS = ("student_id", "deliverable", "due")


@dataclass(frozen=True)
class LatePolicy:
    per: str = "day"
    penalty: float = 0.0  # percent of the deliverable's points per started unit
    cap: float = 100.0  # the most percent a deliverable can lose
    grace_minutes: float = 0.0


@dataclass(frozen=True)
class Lateness:
    due: dt.datetime | None
    extended: bool
    hours_late: float  # after the due date, grace included; 0 when on time
    late: bool  # past the grace period
    penalty: float  # percent taken off the deliverable's points


def parts_of(rubric: Rubric) -> tuple[Part, ...]:
    """The rubric's deliverables; a rubric that declares none is one of every criterion."""
    everything = Part(rubric.id, rubric.title, rubric.due, tuple(c.id for c in rubric.criteria))
    return rubric.deliverables or (everything,)


def load_policy(rubric_path: Path) -> LatePolicy:
    """The rubric's [late] table, read strictly; no table means lateness is shown, not charged."""
    try:
        raw = tomllib.loads(Path(rubric_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(rubric_path, None, f"cannot read the rubric: {exc}") from None
    if "late" not in raw:
        return LatePolicy()
    table = table_of(rubric_path, "late", raw["late"])
    check_keys(rubric_path, "late", table, LATE_KEYS)
    per = table.get("per", "day")
    if per not in UNIT_HOURS:
        raise ConfigError(rubric_path, "late.per", 'must be "day" or "hour"')
    numbers = {k: _number(rubric_path, k, table[k]) for k in LATE_KEYS[1:] if k in table}
    for key in ("penalty", "cap"):
        if numbers.get(key, 0) > 100:
            raise ConfigError(rubric_path, f"late.{key}", "is a percent: 0 to 100")
    return LatePolicy(per=per, **numbers)


def _number(path: Path, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(path, f"late.{key}", "must be a number, 0 or more")
    return float(value)


def lateness(
    policy: LatePolicy, submitted: dt.datetime, due: dt.datetime | None, extended: bool = False
) -> Lateness:
    """How late `submitted` is against `due` and the percent the policy takes for it."""
    if due is None:
        return Lateness(None, extended, 0.0, False, 0.0)
    seconds = max((submitted - due).total_seconds(), 0.0)
    late = seconds > policy.grace_minutes * 60
    units = math.ceil(seconds / 3600 / UNIT_HOURS[policy.per]) if late else 0
    penalty = min(units * policy.penalty, policy.cap, 100.0)
    return Lateness(due, extended, round(seconds / 3600, 1), late, penalty)


def after_penalty(points: float, penalty: float) -> float:
    return round(points * (100.0 - penalty) / 100.0, 2)


Extensions = Mapping[tuple[str, str], dt.datetime]  # (casefolded student id, deliverable) -> due


def read_extensions(path: Path | str, config: Config, parts: tuple[Part, ...]) -> Extensions:
    """The extensions CSV: a due date (end of that day) or date and time, in the cohort's zone."""
    path = Path(path)
    known = {p.id for p in parts}
    out: dict[tuple[str, str], dt.datetime] = {}
    for line, row in read_table(path, EXTENSION_COLUMNS, "extensions"):
        if not any(row.values()):
            continue
        where = f"line {line}"
        if not row["student_id"]:
            raise ConfigError(path, where, "student_id is empty")
        if row["deliverable"] not in known:
            names = ", ".join(sorted(known))
            raise ConfigError(
                path, where, f"unknown deliverable {row['deliverable'][:40]!r} (known: {names})"
            )
        key = (row["student_id"].casefold(), row["deliverable"])
        out[key] = parse_due(row["due"], config, path, where)
    return out


def parse_due(text: str, config: Config, path: Path, where: str) -> dt.datetime:
    """`2026-03-09` is the end of that day; `2026-03-09 17:00` that time; both in the cohort's zone."""
    try:
        if len(text) == 10:
            return config.end_of_day(dt.date.fromisoformat(text))
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            path, where, f"due {text[:40]!r} must be a date like 2026-03-09 or 2026-03-09 17:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=config.tz)
