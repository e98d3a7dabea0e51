"""nbkit.toml -> a typed, validated Config, and the cohort calendar arithmetic.

Every date the lesson names ("Friday of Week 2", "Monday of Week 6") is a calendar date in the
cohort's IANA time zone; deadlines are the end of that day there, so a daylight-saving change
between Week 1 and Week 6 moves the UTC offset, never the date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

CONFIG_NAME = "nbkit.toml"
SECTIONS = ("start", "needs", "comfort", "goals", "tracker", "reflection")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LINK_KEYS = (
    "video",
    "article_introvert_extrovert",
    "article_introvert_first_job",
    "coaching_request",
    "office_hours",
)

# When each dated deliverable falls, as (week, weekday) counted from Monday of Week 1. The lesson
# fixes two ("Friday" of this week, Week 2; "Monday of Week 6"); nbkit.toml [due] may move any.
DEFAULT_DUE: dict[str, tuple[int, str]] = {
    "slack_reflection": (2, "friday"),
    "reflection_deliverable": (6, "monday"),
    "action_step": (6, "monday"),
}
DUE_FORMAT = re.compile(r"^week\s+(\d{1,2})\s+(\w+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Instructor:
    name: str
    slack: str
    role: str = ""


@dataclass(frozen=True)
class Config:
    path: Path
    cohort: str
    week1_start: dt.date
    timezone: str
    instructors: tuple[Instructor, ...]
    links: dict[str, str]
    minutes: dict[str, int]
    rubric: Path | None = None
    max_submission_mb: float = 5.0
    due: dict[str, tuple[int, str]] = field(default_factory=lambda: dict(DEFAULT_DUE))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def root(self) -> Path:
        return self.path.parent

    def day(self, week: int, weekday: str) -> dt.date:
        """The calendar date of e.g. ("friday", week 2), counted from Monday of Week 1."""
        return week_day(self.week1_start, week, weekday)

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """The last second of `day` in the cohort's zone, as an aware datetime."""
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=self.tz)

    def due_dates(self) -> dict[str, dt.date]:
        """The lesson's dated deliverables, keyed by a stable id."""
        return {key: self.day(week, weekday) for key, (week, weekday) in self.due.items()}

    def deadline(self, key: str = "action_step") -> dt.datetime:
        return self.end_of_day(self.due_dates()[key])

    def primary_instructor(self) -> Instructor | None:
        return self.instructors[0] if self.instructors else None


def week_day(week1_start: dt.date, week: int, weekday: str) -> dt.date:
    if week < 1:
        raise ValueError(f"week must be 1 or more, got {week}")
    offset = WEEKDAYS.index(weekday.lower())
    return week1_start + dt.timedelta(days=7 * (week - 1) + offset)


def find_config(start: Path | None = None) -> Path | None:
    """nbkit.toml in `start` or the nearest parent folder (notebooks run in notebooks/<lesson>/)."""
    env = os.environ.get("NBKIT_CONFIG")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def default_config_path() -> Path:
    return Path(__file__).parent / "default-nbkit.toml"


def load_config(path: Path | str | None = None) -> Config:
    """Load and validate; any problem raises ConfigError naming the file and the key."""
    path = Path(path) if path is not None else (find_config() or default_config_path())
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, None, "file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    return _parse(path, raw)


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    r = _Reader(path, raw)
    cohort = r.table("cohort")
    week1 = r.date(cohort, "cohort.week1_start")
    if week1.weekday() != 0:
        r.fail("cohort.week1_start", f"{week1} is a {WEEKDAYS[week1.weekday()]}; give the Monday")
    tz = r.string(cohort, "cohort.timezone")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail("cohort.timezone", f"unknown IANA time zone {tz!r} (e.g. 'America/Denver')")
    links = r.table("links", required=False)
    minutes = r.table("minutes", required=False)
    grading = r.table("grading", required=False)
    return Config(
        path=path,
        cohort=r.string(cohort, "cohort.name"),
        week1_start=week1,
        timezone=tz,
        instructors=tuple(r.instructors()),
        links={k: r.url(links, f"links.{k}") for k in LINK_KEYS},
        minutes={s: r.minutes(minutes, f"minutes.{s}") for s in SECTIONS},
        rubric=r.optional_path(grading, "grading.rubric"),
        max_submission_mb=r.number(grading, "grading.max_submission_mb", 5.0),
        due=DEFAULT_DUE | r.due(r.table("due", required=False)),
    )


class _Reader:
    """Typed look-ups that fail with the dotted key, so the message names what to fix."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path, self.raw = path, raw

    def fail(self, key: str, message: str) -> None:
        raise ConfigError(self.path, key, message)

    def table(self, key: str, required: bool = True) -> dict[str, Any]:
        value = self.raw.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(key, "missing table" if value is None else "must be a table, e.g. [cohort]")
        return value  # type: ignore[return-value]

    def _get(self, table: dict[str, Any], key: str) -> Any:
        return table.get(key.rsplit(".", 1)[-1])

    def string(self, table: dict[str, Any], key: str) -> str:
        value = self._get(table, key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "missing" if value is None else "must be a non-empty string")
        return value.strip()

    def date(self, table: dict[str, Any], key: str) -> dt.date:
        value = self._get(table, key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(
            key, "missing" if value is None else f"must be a date like 2026-11-16, got {value!r}"
        )
        raise AssertionError  # unreachable: fail() raises

    def url(self, table: dict[str, Any], key: str) -> str:
        value = self._get(table, key)
        if value is None or value == "":
            return ""
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            self.fail(key, f"must be an http(s) link or empty, got {value!r}")
        return value

    def minutes(self, table: dict[str, Any], key: str) -> int:
        value = self._get(table, key)
        if value is None:
            return 15
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            self.fail(key, f"must be a whole number of minutes between 1 and 600, got {value!r}")
        return value

    def number(self, table: dict[str, Any], key: str, default: float) -> float:
        value = self._get(table, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.fail(key, f"must be a positive number, got {value!r}")
        return float(value)

    def optional_path(self, table: dict[str, Any], key: str) -> Path | None:
        value = self._get(table, key)
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.fail(key, "must be a file path or empty")
        path = (self.path.parent / value).resolve()
        if not path.is_file():
            self.fail(key, f"file {path} not found")
        return path

    def due(self, table: dict[str, Any]) -> dict[str, tuple[int, str]]:
        out = {}
        for key, value in table.items():
            match = DUE_FORMAT.match(value.strip()) if isinstance(value, str) else None
            if not match or match[2].lower() not in WEEKDAYS or int(match[1]) < 1:
                self.fail(f"due.{key}", f'must read like "week 6 monday", got {value!r}')
            out[key] = (int(match[1]), match[2].lower())  # type: ignore[index]
        return out

    def instructors(self) -> list[Instructor]:
        raw = self.raw.get("instructors", [])
        if not isinstance(raw, list):
            self.fail("instructors", "must be a list of [[instructors]] tables")
        out = []
        for i, item in enumerate(raw):
            key = f"instructors[{i}]"
            if not isinstance(item, dict):
                self.fail(key, "must be a table with name and slack")
            name = self.string(item, f"{key}.name")
            slack = self.string(item, f"{key}.slack")
            out.append(Instructor(name=name, slack=slack, role=str(item.get("role", ""))))
        return out
