"""The lesson's words as data: nbkit/content/*.toml -> typed sections, questions and text blocks.

An instructor edits the TOML; the notebooks only name ids (`lesson.ask("needs.background")`).
Answer ids are `<section>.<name>` and are the stable keys of the store and the submission.
Text blocks are Markdown written by the instructor (trusted); they may use {placeholders}
filled from the cohort configuration (see `nbkit.notebook.text_context`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _default_lesson_dir() -> Path:
    """The bundled networking lesson: in the wheel under nbkit/bundled/, in a checkout notebooks/."""
    bundled = Path(__file__).parent / "bundled" / "networking"
    return bundled if bundled.is_dir() else Path(__file__).parent.parent / "notebooks" / "networking"


DEFAULT_LESSON_DIR = _default_lesson_dir()
KINDS = ("short", "long", "single", "multi", "likert", "date", "datetimes", "checklist", "list")


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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]

    def option_label(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    notebook: str
    order: int
    questions: dict[str, Question]
    blocks: dict[str, str]
    data: dict[str, Any]

    @property
    def required(self) -> list[Question]:
        return [q for q in self.questions.values() if q.required]


@dataclass(frozen=True)
class Lesson:
    id: str
    version: str
    title: str
    sections: dict[str, Section]

    def question(self, answer_id: str) -> Question:
        section = self.sections.get(answer_id.split(".", 1)[0])
        if section is None or answer_id not in section.questions:
            raise KeyError(f"no question {answer_id!r} in the lesson content")
        return section.questions[answer_id]

    def questions(self) -> list[Question]:
        return [q for s in self.ordered() for q in s.questions.values()]

    def ordered(self) -> list[Section]:
        return sorted(self.sections.values(), key=lambda s: s.order)


@cache
def load_lesson(lesson_dir: Path = DEFAULT_LESSON_DIR) -> Lesson:
    index = _read(lesson_dir / "lesson.toml")
    sections = {}
    for order, entry in enumerate(index["sections"]):
        section_id = entry["id"]
        sections[section_id] = _section(lesson_dir / entry["content"], section_id, order)
    return Lesson(
        id=index["id"], version=str(index["version"]), title=index["title"], sections=sections
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read lesson content: {exc}") from None


def _section(path: Path, section_id: str, order: int) -> Section:
    raw = _read(path)
    meta = raw.get("section", {})
    questions = {}
    for entry in raw.get("questions", []):
        question = _question(path, section_id, entry)
        questions[question.id] = question
    return Section(
        id=section_id,
        title=meta.get("title", section_id),
        notebook=meta.get("notebook", ""),
        order=order,
        questions=questions,
        blocks={k: str(v) for k, v in raw.get("text", {}).items()},
        data={k: v for k, v in raw.items() if k not in ("section", "questions", "text")},
    )


_FIELDS = {
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
}


def _question(path: Path, section_id: str, entry: dict[str, Any]) -> Question:
    qid = entry.get("id", "")
    if not qid.startswith(section_id + "."):
        raise ConfigError(path, f"questions.{qid or '?'}", f"id must start with '{section_id}.'")
    if entry.get("kind") not in KINDS:
        raise ConfigError(path, f"{qid}.kind", f"must be one of {', '.join(KINDS)}")
    options = tuple(
        Option(str(o["value"]), str(o["label"])) if isinstance(o, dict) else Option(str(o), str(o))
        for o in entry.get("options", [])
    )
    items = tuple(
        LikertItem(str(i["id"]), str(i["text"]), str(i.get("key", "+")))
        for i in entry.get("items", [])
    )
    known = {k: v for k, v in entry.items() if k in _FIELDS}
    extra = {
        k: v
        for k, v in entry.items()
        if k not in _FIELDS | {"id", "kind", "options", "items", "scale", "bank"}
    }
    return Question(
        id=qid,
        kind=entry["kind"],
        options=options,
        items=items,
        scale=tuple(entry.get("scale", ())),
        bank=tuple(entry.get("bank", ())),
        extra=extra,
        **known,
    )
