"""A lesson folder as data: lesson.toml and its sections/*.toml -> typed sections and questions.

A lesson is a folder (docs/kit-shape.md section 1): lesson.toml names its sections in order, the
keys a cohort may set ([minutes.*], [links.*], [due.*] with label and default), the profile, the
private answers and the rubric; each section file holds its questions, tables and text blocks.
Answer ids are `<section>.<name>` and are the stable keys of the store and the submission.
Every file is read strictly (nbkit.strict): a misspelled key is an error, never ignored.
Text blocks are Markdown written by the lesson's author (trusted); they may use {placeholders}.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import toml_cache
from .errors import ConfigError
from .strict import check_keys, table_of, tables_of

LESSON_FILE = "lesson.toml"
KINDS = ("short", "long", "single", "multi", "likert", "date", "datetimes", "checklist", "list")
COLUMN_KINDS = ("short", "long", "single", "date", "bool")
DECLARED_GROUPS = ("minutes", "links", "due")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUE_FORMAT = re.compile(r"^week\s+(\d{1,2})\s+(\w+)$", re.IGNORECASE)
ID = re.compile(r"^[a-z][a-z0-9_]*$")

_LESSON_KEYS = (
    "id",
    "version",
    "title",
    "plugins",
    "rubric",
    "private",
    "lead",
    "math",
    "profile",
    "sections",
    *DECLARED_GROUPS,
)
_SECTION_ENTRY_KEYS = ("id", "title", "notebook", "content")
_SECTION_FILE_KEYS = ("section", "text", "questions", "tables")
_FIELDS = (
    "label",
    "help",
    "required",
    "placeholder",
    "min_words",
    "max_chars",
    "min_items",
    "max_items",
    "date_min",
    "date_max",
)
# Keys a question may carry beyond its fields, read by the checks (validate.py, assess.py).
_EXTRA_KEYS = ("pattern", "pattern_help", "reject_bank_copies", "bands")
_QUESTION_KEYS = (
    "id",
    "kind",
    *_FIELDS,
    "options",
    "items",
    "scale",
    "bank",
    "show_if",
    *_EXTRA_KEYS,
)
_COLUMN_KEYS = ("key", "label", "kind", "required", "options", "help")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class LikertItem:
    id: str
    text: str
    key: str  # "+" scored as answered, "-" reversed (6 - x)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    help: str = ""
    required: bool = True
    placeholder: str = ""
    min_words: int = 0
    max_chars: int = 20_000
    min_items: int = 0
    max_items: int = 50
    options: tuple[Option, ...] = ()
    items: tuple[LikertItem, ...] = ()
    scale: tuple[str, ...] = ()
    bank: tuple[str, ...] = ()
    date_min: str = ""  # "today", "week1_start", "due:<key>" or an ISO date
    date_max: str = ""
    # answer id -> value: the question counts only while that answer equals / contains the value
    show_if: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "short"  # short | long | single | date | bool
    options: tuple[Option, ...] = ()
    required: bool = False
    help: str = ""

    def label_of(self, value: Any) -> str:
        return next((o.label for o in self.options if o.value == value), str(value or ""))


@dataclass(frozen=True)
class Table:
    """Repeatable rows with typed columns, kept in the store under `id` (a stable key)."""

    id: str
    label: str
    section: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Declared:
    """A key the cohort's nbkit.toml may set ([minutes], [links] or [due]), with its default."""

    label: str
    default: Any


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    notebook: str
    order: int
    questions: dict[str, Question]
    blocks: dict[str, str]
    data: dict[str, Any]  # the section's own tables for its plugin, named in [section] data
    tables: dict[str, Table] = field(default_factory=dict)
    path: Path = Path()  # the file its questions come from, for messages

    @property
    def required(self) -> list[Question]:
        return [q for q in self.questions.values() if q.required]


@dataclass(frozen=True)
class Lesson:
    id: str
    version: str
    title: str
    sections: dict[str, Section]
    dir: Path = Path()
    plugins: tuple[str, ...] = ()
    rubric: Path | None = None
    private: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()  # answer ids the deliverable shows first, before the sections
    math: bool = False  # the notebooks hold LaTeX math: JupyterLab loads MathJax (launch.py)
    profile: dict[str, str] = field(default_factory=dict)
    minutes: dict[str, Declared] = field(default_factory=dict)
    links: dict[str, Declared] = field(default_factory=dict)
    due: dict[str, Declared] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)

    def question(self, answer_id: str) -> Question:
        section = self.sections.get(answer_id.split(".", 1)[0])
        if section is None or answer_id not in section.questions:
            raise KeyError(f"no question {answer_id!r} in the lesson content")
        return section.questions[answer_id]

    def questions(self) -> list[Question]:
        return [q for s in self.ordered() for q in s.questions.values()]

    def ordered(self) -> list[Section]:
        return sorted(self.sections.values(), key=lambda s: s.order)

    def is_private(self, answer_id: str) -> bool:
        """The student keeps this answer: it is never exported."""
        return any(fnmatch.fnmatchcase(answer_id, pattern) for pattern in self.private)


def applies(question: Question, values: Mapping[str, Any]) -> bool:
    """Whether `question` counts now (progress, export, grading): every show_if condition holds,
    i.e. the named answer equals the value or, for a multiple choice, contains it."""
    for answer_id, wanted in question.show_if.items():
        value = values.get(answer_id)
        holds = wanted in value if isinstance(value, list) else value == wanted
        if not holds:
            return False
    return True


# -- declared keys: the value rules shared by lesson.toml defaults and nbkit.toml overrides ------


def parse_due(value: Any) -> tuple[int, str] | None:
    """'week 6 monday' -> (6, 'monday'); None when it does not read like that."""
    match = DUE_FORMAT.match(value.strip()) if isinstance(value, str) else None
    if not match or match[2].lower() not in WEEKDAYS or int(match[1]) < 1:
        return None
    return int(match[1]), match[2].lower()


def declared_problem(group: str, value: Any) -> str | None:
    """What is wrong with a value for a [minutes], [links] or [due] key, or None."""
    if group == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            return f"must be a whole number of minutes between 1 and 600, got {value!r}"
    elif group == "links":
        if value != "" and not (
            isinstance(value, str) and value.startswith(("https://", "http://"))
        ):
            return f"must be an http(s) link or empty, got {value!r}"
    elif parse_due(value) is None:
        return f'must read like "week 6 monday", got {value!r}'
    return None


# -- loading -------------------------------------------------------------------------------------


def load_lesson(lesson_dir: Path | str | None = None) -> Lesson:
    """The lesson in `lesson_dir` (default: the kit's default lesson), read once per folder."""
    folder = Path(lesson_dir) if lesson_dir is not None else default_lesson_dir()
    return _load(folder.resolve())


@cache
def default_lesson_dir() -> Path:
    """The folder of the lesson nbkit/default-nbkit.toml names: bundled in the wheel
    (nbkit/bundled/*/) or, in a checkout, notebooks/*/."""
    package = Path(__file__).parent
    wanted = _read(package / "default-nbkit.toml").get("lesson", {}).get("id")
    for pattern in ("bundled/*/" + LESSON_FILE, "../notebooks/*/" + LESSON_FILE):
        for found in sorted(package.glob(pattern)):
            if _read(found).get("id") == wanted:
                return found.parent.resolve()
    raise ConfigError(package / "default-nbkit.toml", "lesson.id", f"no lesson {wanted!r} found")


@cache
def _load(folder: Path) -> Lesson:
    path = folder / LESSON_FILE
    index = _read(path)
    check_keys(path, "", index, _LESSON_KEYS)
    declared = {g: _declared(path, g, index.get(g)) for g in DECLARED_GROUPS}
    sections = _sections(folder, path, tables_of(path, "sections", index.get("sections")))
    lesson = Lesson(
        id=_text(path, "id", index.get("id")),
        version=_text(path, "version", str(index.get("version", ""))),
        title=_text(path, "title", index.get("title")),
        sections=sections,
        dir=folder,
        plugins=tuple(_strings(path, "plugins", index.get("plugins", []))),
        rubric=_rubric(folder, path, index.get("rubric")),
        private=tuple(_strings(path, "private", index.get("private", []))),
        lead=tuple(_strings(path, "lead", index.get("lead", []))),
        math=_flag(path, "math", index.get("math", False)),
        profile=_profile(path, table_of(path, "profile", index.get("profile"))),
        tables={t.id: t for s in sections.values() for t in s.tables.values()},
        **declared,
    )
    _check_references(path, lesson)
    return lesson


def _read(path: Path) -> dict[str, Any]:
    # Through the parsed-TOML cache: each kernel reads the whole lesson folder (nbkit.toml_cache).
    try:
        return toml_cache.load(path)
    except (OSError, ValueError) as exc:  # ValueError: TOMLDecodeError, UnicodeDecodeError
        raise ConfigError(path, None, f"cannot read lesson content: {exc}") from None


def _flag(path: Path, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(path, key, "must be true or false")
    return value


def _text(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, key, "missing" if value in (None, "") else "must be a string")
    return value


def _strings(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, key, "must be a list of strings")
    return value


def _rubric(folder: Path, path: Path, value: Any) -> Path | None:
    if value in (None, ""):
        return None
    rubric = folder / _text(path, "rubric", value)
    if not rubric.is_file():
        raise ConfigError(path, "rubric", f"file {rubric} not found")
    return rubric


def _profile(path: Path, raw: dict[str, Any]) -> dict[str, str]:
    for needed in ("name", "student_id"):
        if needed not in raw:
            raise ConfigError(path, f"profile.{needed}", "missing: name the answer that fills it")
    return {k: _text(path, f"profile.{k}", v) for k, v in raw.items()}


def _declared(path: Path, group: str, raw: Any) -> dict[str, Declared]:
    out = {}
    for key, entry in table_of(path, group, raw).items():
        where = f"{group}.{key}"
        entry = table_of(path, where, entry)
        check_keys(path, where, entry, ("label", "default"))
        if "default" not in entry:
            raise ConfigError(path, f"{where}.default", "missing")
        problem = declared_problem(group, entry["default"])
        if problem:
            raise ConfigError(path, f"{where}.default", problem)
        out[key] = Declared(_text(path, f"{where}.label", entry.get("label")), entry["default"])
    return out


def _sections(folder: Path, path: Path, entries: list[dict[str, Any]]) -> dict[str, Section]:
    if not entries:
        raise ConfigError(path, "sections", "missing: a lesson has at least one [[sections]]")
    sections: dict[str, Section] = {}
    for order, entry in enumerate(entries):
        where = f"sections[{order}]"
        check_keys(path, where, entry, _SECTION_ENTRY_KEYS)
        section_id = _text(path, f"{where}.id", entry.get("id"))
        if not ID.match(section_id) or section_id in sections:
            raise ConfigError(path, f"{where}.id", "must be a new lower_case id")
        content = entry.get("content")
        raw = _read(folder / _text(path, f"{where}.content", content)) if content else {}
        file = folder / content if content else path
        sections[section_id] = _section(file, raw, entry, section_id, order)
    return sections


def _section(
    path: Path, raw: dict[str, Any], entry: dict[str, Any], section_id: str, order: int
) -> Section:
    meta = table_of(path, "section", raw.get("section"))
    check_keys(path, "section", meta, ("data",))
    data_keys = _strings(path, "section.data", meta.get("data", []))
    check_keys(path, "", raw, (*_SECTION_FILE_KEYS, *data_keys))
    questions = {}
    for entry_raw in tables_of(path, "questions", raw.get("questions")):
        question = _question(path, section_id, entry_raw)
        if question.id in questions:
            raise ConfigError(path, f"questions.{question.id}", "the same id appears twice")
        questions[question.id] = question
    tables = [_table(path, section_id, t) for t in tables_of(path, "tables", raw.get("tables"))]
    return Section(
        id=section_id,
        title=_text(path, "title", entry.get("title", section_id)),
        notebook=str(entry.get("notebook", "")),
        order=order,
        questions=questions,
        blocks={k: str(v) for k, v in table_of(path, "text", raw.get("text")).items()},
        data={k: raw[k] for k in data_keys if k in raw},
        tables={t.id: t for t in tables},
        path=path,
    )


def _question(path: Path, section_id: str, entry: dict[str, Any]) -> Question:
    qid = entry.get("id", "")
    if not isinstance(qid, str) or not qid.startswith(section_id + "."):
        raise ConfigError(path, f"questions.{qid or '?'}", f"id must start with '{section_id}.'")
    check_keys(path, qid, entry, _QUESTION_KEYS)
    if entry.get("kind") not in KINDS:
        raise ConfigError(path, f"{qid}.kind", f"must be one of {', '.join(KINDS)}")
    if "label" not in entry:
        raise ConfigError(path, f"{qid}.label", "missing")
    items = []
    for i, item in enumerate(tables_of(path, f"{qid}.items", entry.get("items"))):
        check_keys(path, f"{qid}.items[{i}]", item, ("id", "text", "key"))
        items.append(LikertItem(str(item["id"]), str(item["text"]), str(item.get("key", "+"))))
    show_if = table_of(path, f"{qid}.show_if", entry.get("show_if"))
    return Question(
        id=qid,
        kind=entry["kind"],
        options=_options(path, f"{qid}.options", entry.get("options", [])),
        items=tuple(items),
        scale=tuple(entry.get("scale", ())),
        bank=tuple(entry.get("bank", ())),
        show_if={str(k): str(v) for k, v in show_if.items()},
        extra={k: entry[k] for k in _EXTRA_KEYS if k in entry},
        **{k: entry[k] for k in _FIELDS if k in entry},
    )


def _options(path: Path, where: str, raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list):
        raise ConfigError(path, where, "must be a list of options")
    out = []
    for i, option in enumerate(raw):
        if isinstance(option, dict):
            check_keys(path, f"{where}[{i}]", option, ("value", "label"))
            out.append(Option(str(option["value"]), str(option.get("label", option["value"]))))
        else:
            out.append(Option(str(option), str(option)))
    return tuple(out)


def _table(path: Path, section_id: str, raw: dict[str, Any]) -> Table:
    table_id = raw.get("id", "?")
    where = f"tables.{table_id}"
    check_keys(path, where, raw, ("id", "label", "columns"))
    if not isinstance(table_id, str) or not ID.match(table_id):
        raise ConfigError(path, f"{where}.id", "must be a lower_case id")
    columns = []
    for i, column in enumerate(tables_of(path, f"{where}.columns", raw.get("columns"))):
        at = f"{where}.columns[{i}]"
        check_keys(path, at, column, _COLUMN_KEYS)
        if column.get("kind", "short") not in COLUMN_KINDS:
            raise ConfigError(path, f"{at}.kind", f"must be one of {', '.join(COLUMN_KINDS)}")
        columns.append(
            Column(
                key=_text(path, f"{at}.key", column.get("key")),
                label=_text(path, f"{at}.label", column.get("label")),
                kind=column.get("kind", "short"),
                options=_options(path, f"{at}.options", column.get("options", [])),
                required=bool(column.get("required", False)),
                help=str(column.get("help", "")),
            )
        )
    label = _text(path, f"{where}.label", raw.get("label"))
    return Table(id=table_id, label=label, section=section_id, columns=tuple(columns))


def _check_references(path: Path, lesson: Lesson) -> None:
    """Answer ids named across files (profile, show_if, date bounds) must exist."""
    known = {q.id for q in lesson.questions()}
    for field_name, answer_id in lesson.profile.items():
        if answer_id not in known:
            raise ConfigError(path, f"profile.{field_name}", f"no question {answer_id!r}")
    for answer_id in lesson.lead:
        if answer_id not in known or lesson.is_private(answer_id):
            raise ConfigError(path, "lead", f"no exported question {answer_id!r}")
    for section in lesson.ordered():
        for question in section.questions.values():
            _check_question_references(section.path, question, known, lesson.due)
    if len(lesson.tables) != sum(len(s.tables) for s in lesson.sections.values()):
        raise ConfigError(path, "tables", "two sections declare a table with the same id")


def _check_question_references(
    path: Path, question: Question, known: set[str], due: Mapping[str, Declared]
) -> None:
    for answer_id in question.show_if:
        if answer_id not in known:
            where = f"{question.id}.show_if"
            raise ConfigError(path, where, f"no question {answer_id!r} to depend on")
    for name, bound in (("date_min", question.date_min), ("date_max", question.date_max)):
        if bound.startswith("due:") and bound[4:] not in due:
            where = f"{question.id}.{name}"
            raise ConfigError(path, where, f"'{bound[4:]}' is not a declared [due] key")
