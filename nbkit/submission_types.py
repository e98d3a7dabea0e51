"""The shapes of `nbkit.submission/2` as types, so mypy checks the code that indexes a submission.

docs/kit-shape.md section 6 is the contract; nbkit/schemas/submission-2.schema.json checks the
same shapes at run time. A plugin's view (its part under `views.<plugin>`) is the plugin's own
business: the core types it as a plain JSON object, and the plugin validates it with its schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

if TYPE_CHECKING:
    from .config import Config
    from .content import Lesson

SCHEMA_ID = "nbkit.submission/2"
SCHEMA_ID_1 = "nbkit.submission/1"

# A table cell stays flat (text, yes/no, empty) so a CSV or a spreadsheet can hold it.
Cell = str | bool | None
Row = dict[str, Cell]


class LessonRef(TypedDict):
    id: str
    version: str
    title: str


class Cohort(TypedDict):
    name: str
    timezone: str
    due: dict[str, str]  # due key -> ISO date


class Answer(TypedDict):
    value: Any  # text, list of texts, {item: 1..5} or null: see the schema's answerValue
    updated_at: str


class Event(TypedDict):
    kind: str  # "take" for an assessment take; plugins may add kinds
    key: str
    at: str
    value: Any


class SectionProgress(TypedDict):
    answered: int
    required: int


class Submission(TypedDict):
    schema: str
    kit_version: str
    exported_at: str
    lesson: LessonRef
    cohort: Cohort
    profile: dict[str, str]  # name and student_id always; then the lesson's profile fields
    answers: dict[str, Answer]
    tables: dict[str, list[Row]]
    events: list[Event]
    progress: dict[str, SectionProgress]
    views: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ViewSource:
    """What a plugin's view is built from: the same data whatever produced the submission."""

    answers: Mapping[str, Answer]
    tables: Mapping[str, Sequence[Row]]
    events: Sequence[Event]
    lesson: Lesson
    config: Config

    def values(self) -> dict[str, Any]:
        return {k: a["value"] for k, a in self.answers.items()}


class View(Protocol):
    """A plugin's derived part of the submission (registered under the `nbkit.views` group)."""

    name: str
    schema: dict[str, Any]  # a JSON Schema (draft 7) for exactly what build() returns

    def build(self, source: ViewSource) -> dict[str, Any]: ...
