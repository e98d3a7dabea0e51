"""nbkit.toml -> a typed, validated Config, and the cohort calendar arithmetic.

nbkit.toml sets cohort values only (docs/kit-shape.md section 2): which lesson, the cohort, its
instructors, grading, and values for the [links], [due] and [minutes] keys the lesson declares;
each overrides the lesson's default. Keys are checked strictly: a misspelling is exit 3.

Every date the lesson names ("Friday of Week 2", "Monday of Week 6") is a calendar date in the
cohort's IANA time zone; deadlines are the end of that day there, so a daylight-saving change
between Week 1 and Week 6 moves the UTC offset, never the date.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content import DECLARED_GROUPS, Lesson, declared_problem, load_lesson, parse_due
from .errors import ConfigError
from .strict import check_keys, read_toml, table_of

CONFIG_NAME = "nbkit.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The keys nbkit.toml itself may hold; [links], [due] and [minutes] take the lesson's declared keys.
_TOP_KEYS = ("lesson", "cohort", "instructors", "links", "due", "minutes", "grading", "handin")
_TABLE_KEYS = {
    "lesson": ("id", "folder"),
    "cohort": ("name", "week1_start", "timezone"),
    "grading": ("rubric", "max_submission_mb", "file_seconds", "file_memory_mb"),
    "handin": ("inbox",),
}
_INSTRUCTOR_KEYS = ("name", "slack", "role")


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
    # Reading one submission may take at most this long and this much memory (grade/budget.py).
    file_seconds: float = 30.0
    file_memory_mb: float = 2048.0
    due: dict[str, tuple[int, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    lesson_id: str = ""
    lesson_folder: Path | None = None  # [lesson] folder resolved against this file, if given
    labels: dict[str, str] = field(default_factory=dict)  # "due.<key>" etc. -> the lesson's label
    inbox: Path | None = None  # [handin] inbox: the cohort's hand-in folder (nbkit.inbox)

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
        """The lesson's dated deliverables, keyed by the lesson's [due] keys."""
        return {key: self.day(week, weekday) for key, (week, weekday) in self.due.items()}

    def deadline(self, key: str) -> dt.datetime:
        """The end of the day the lesson's [due] `key` falls on, in the cohort's zone."""
        if key not in self.due:
            known = ", ".join(self.due) or "none"
            raise ConfigError(self.path, f"due.{key}", f"not a due date of the lesson ({known})")
        return self.end_of_day(self.due_dates()[key])

    def label(self, group: str, key: str) -> str:
        """The lesson's label for a declared key, e.g. label("due", key) for a [due] key."""
        return self.labels.get(f"{group}.{key}", key.replace("_", " "))

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
    """The sample cohort used when there is no nbkit.toml; it names the kit's default lesson."""
    return Path(__file__).parent / "default-nbkit.toml"


def load_config(path: Path | str | None = None, lesson: Lesson | None = None) -> Config:
    """Load and validate against `lesson` (default: the lesson nbkit.toml names); any problem
    raises ConfigError naming the file and the key."""
    path = Path(path) if path is not None else (find_config() or default_config_path())
    raw = read_toml(path)
    check_keys(path, "", raw, _TOP_KEYS)
    for name, known in _TABLE_KEYS.items():
        check_keys(path, name, table_of(path, name, raw.get(name)), known)
    return _parse(path, raw, lesson or lesson_for(path, raw))


def lesson_for(path: Path, raw: dict[str, Any]) -> Lesson:
    """The lesson nbkit.toml names: [lesson] folder, else the installed lesson with [lesson] id;
    a file without [lesson] (written before lessons were folders) means the default lesson."""
    table = table_of(path, "lesson", raw.get("lesson"))
    folder = table.get("folder")
    if folder:
        lesson_dir = path.parent / str(folder)
        if not (lesson_dir / "lesson.toml").is_file():
            raise ConfigError(path, "lesson.folder", f"no lesson.toml in {lesson_dir.resolve()}")
        return load_lesson(lesson_dir)
    default = load_lesson()
    lesson_id = table.get("id")
    if lesson_id is None or lesson_id == default.id:
        return default
    from .catalog import find_lesson  # the installed lessons (bundled and entry points)

    return load_lesson(find_lesson(str(lesson_id)).dir)


def _parse(path: Path, raw: dict[str, Any], lesson: Lesson) -> Config:
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
    grading = r.table("grading", required=False)
    values = {g: _declared_values(r, lesson, g) for g in DECLARED_GROUPS}
    lesson_table = r.table("lesson", required=False)
    folder = lesson_table.get("folder")
    return Config(
        path=path,
        cohort=r.string(cohort, "cohort.name"),
        week1_start=week1,
        timezone=tz,
        instructors=tuple(r.instructors()),
        links=values["links"],
        minutes=values["minutes"],
        rubric=r.optional_path(grading, "grading.rubric"),
        max_submission_mb=r.number(grading, "grading.max_submission_mb", 5.0),
        file_seconds=r.number(grading, "grading.file_seconds", 30.0),
        file_memory_mb=r.number(grading, "grading.file_memory_mb", 2048.0),
        due={k: parse_due(v) or (0, "") for k, v in values["due"].items()},
        lesson_id=lesson.id,
        lesson_folder=(path.parent / str(folder)).resolve() if folder else None,
        labels={
            f"{g}.{k}": d.label for g in DECLARED_GROUPS for k, d in getattr(lesson, g).items()
        },
        inbox=r.folder(r.table("handin", required=False), "handin.inbox"),
    )


def _declared_values(r: _Reader, lesson: Lesson, group: str) -> dict[str, Any]:
    """The lesson's defaults for one group, overridden by nbkit.toml; only declared keys."""
    declared = getattr(lesson, group)
    table = r.table(group, required=False) if _sets_lesson(r.raw, lesson) else {}
    check_keys(r.path, group, table, declared)
    out = {}
    for key, entry in declared.items():
        value = table.get(key, entry.default)
        problem = declared_problem(group, value)
        if problem:
            r.fail(f"{group}.{key}", problem)
        out[key] = value
    return out


def _sets_lesson(raw: dict[str, Any], lesson: Lesson) -> bool:
    """Whether nbkit.toml's [links]/[due]/[minutes] are this lesson's: they belong to the lesson
    its [lesson] id names, so another lesson run under the same cohort (the second lesson of a
    checkout, whose kernel finds the root nbkit.toml) keeps its own defaults."""
    table = raw.get("lesson")
    named = table.get("id") if isinstance(table, dict) else None
    return named is None or named == lesson.id


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

    def folder(self, table: dict[str, Any], key: str) -> Path | None:
        """A folder path relative to this file (~ allowed); it need not exist yet."""
        value = self._get(table, key)
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.fail(key, "must be a folder path or empty")
        return (self.path.parent / Path(value).expanduser()).resolve()

    def instructors(self) -> list[Instructor]:
        raw = self.raw.get("instructors", [])
        if not isinstance(raw, list):
            self.fail("instructors", "must be a list of [[instructors]] tables")
        out = []
        for i, item in enumerate(raw):
            key = f"instructors[{i}]"
            if not isinstance(item, dict):
                self.fail(key, "must be a table with name and slack")
            check_keys(self.path, key, item, _INSTRUCTOR_KEYS)
            name = self.string(item, f"{key}.name")
            slack = self.string(item, f"{key}.slack")
            out.append(Instructor(name=name, slack=slack, role=str(item.get("role", ""))))
        return out
