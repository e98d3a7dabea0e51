"""What one grading run is configured with: the lesson, the cohort config and the rubric.

Resolved once (at the edge, with file I/O) and shared by the batch, the grade notebook and the
cohort report so they agree on the due date, the rubric and the lesson's questions.

Which lesson: the `--lesson` folder when given; else the lesson the submissions name (their
`lesson.id`), taken from the nbkit.toml's lesson folder when its id matches, else from the
installed lessons (nbkit.catalog); with no submission to go by, the lesson nbkit.toml names.
Which rubric: `--rubric`, else nbkit.toml's [grading] rubric, else the lesson's rubric.toml.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..content import Lesson, Question, load_lesson
from ..errors import ConfigError
from ..paths import resolve_paths
from .checks import Context
from .rubric import Rubric, load_rubric


@dataclass(frozen=True)
class Settings:
    config: Config
    lesson: Lesson
    rubric: Rubric

    @property
    def deadline(self) -> dt.datetime | None:
        """The end of the due day lateness is measured against (None: never late)."""
        return self.config.deadline(self.rubric.due) if self.rubric.due else None

    def context(self, document: Mapping[str, Any]) -> Context:
        return Context(document, self.deadline, self.config.tz, self.lesson)

    @property
    def max_bytes(self) -> int:
        return int(self.config.max_submission_mb * 1024 * 1024)

    @property
    def scales(self) -> list[Question]:
        """The lesson's self-assessment scales (likert questions with items), in lesson order."""
        return [q for q in self.lesson.questions() if q.kind == "likert" and q.items]

    @property
    def choices(self) -> list[Question]:
        """The lesson's choice questions, whose answers the cohort report counts."""
        return [q for q in self.lesson.questions() if q.kind in ("single", "multi") and q.options]


def load_settings(
    config_path: Path | str | None = None,
    rubric_path: Path | str | None = None,
    lesson_dir: Path | str | None = None,
    lesson_id: str = "",
) -> Settings:
    """The run's lesson, config and rubric (see the module docstring for the order)."""
    paths = resolve_paths(
        config=Path(config_path).resolve() if config_path else None,
        lesson=Path(lesson_dir).resolve() if lesson_dir else None,
    )
    lesson = _lesson(lesson_dir, lesson_id, paths.lesson, paths.config)
    config = load_config(paths.config, lesson=lesson)
    rubric = load_rubric(rubric_path or config.rubric or _lesson_rubric(lesson))
    _check_due(rubric, config)
    return Settings(config=config, lesson=lesson, rubric=rubric)


def _lesson(
    explicit: Path | str | None, lesson_id: str, configured: Path | None, config: Path | None
) -> Lesson:
    if explicit:
        return load_lesson(Path(explicit).resolve())
    if configured is not None:
        lesson = load_lesson(configured)
        if not lesson_id or lesson.id == lesson_id:
            return lesson
    if not lesson_id:
        named = load_config(config)  # nbkit.toml's own lesson: [lesson] folder, else its id
        return load_lesson(named.lesson_folder or _installed(named.lesson_id))
    return load_lesson(_installed(lesson_id))


def _installed(lesson_id: str) -> Path:
    from ..catalog import find_lesson

    return find_lesson(lesson_id).dir


def _lesson_rubric(lesson: Lesson) -> Path:
    if lesson.rubric is None:
        raise ConfigError(
            lesson.dir / "lesson.toml", "rubric", "this lesson has no rubric to grade with"
        )
    return lesson.rubric


def _check_due(rubric: Rubric, config: Config) -> None:
    if rubric.due and rubric.due not in config.due:
        close = difflib.get_close_matches(rubric.due, list(config.due), n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else f"known: {', '.join(config.due) or 'none'}"
        )
        raise ConfigError(rubric.path, "rubric.due", f"not a due key of the lesson; {hint}")
