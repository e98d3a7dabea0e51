"""What one grading run is configured with: the lesson, the cohort config and the rubric.

Resolved once (at the edge, with file I/O) and shared by the batch, the grade notebook and the
cohort report so they agree on the due date, the rubric and the lesson's questions.

Which lesson: the `--lesson` folder when given; else the lesson the submissions name (their
`lesson.id`), taken from the nbkit.toml's lesson folder when its id matches, else from the
installed lessons (nbkit.catalog); with no submission to go by, the lesson nbkit.toml names.
Which rubric: `--rubric`, else nbkit.toml's [grading] rubric, else the lesson's rubric.toml.
Its [late] table is the late policy; an extensions CSV moves one student's due date (late.py).

`check_before_grading` runs before anything is read or written, so every mistake an instructor
can make on the command line is one line and an exit code, never a traceback after the work.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config, load_config
from ..content import Lesson, Question, load_lesson
from ..errors import ConfigError, NbkitError
from ..paths import resolve_paths
from .budget import Budget
from .checks import Context
from .intake import find_submissions
from .late import Extensions, LatePolicy, Part, load_policy, parts_of, read_extensions
from .roster import Roster, read_roster
from .rubric import Rubric, load_rubric

EXIT_NOTHING_TO_GRADE = 9


class UsageError(NbkitError):
    exit_code = 2


class NothingToGrade(NbkitError):
    """The submissions folder is missing or holds no submission file: nothing was written."""

    exit_code = EXIT_NOTHING_TO_GRADE


class NoCohortConfig(NbkitError):
    exit_code = 3


@dataclass(frozen=True)
class Settings:
    config: Config
    lesson: Lesson
    rubric: Rubric
    late: LatePolicy = field(default_factory=LatePolicy)
    extensions: Extensions = field(default_factory=dict)

    @property
    def deadline(self) -> dt.datetime | None:
        """The end of the due day lateness is measured against (None: never late)."""
        return self.config.deadline(self.rubric.due) if self.rubric.due else None

    @property
    def parts(self) -> tuple[Part, ...]:
        return parts_of(self.rubric)

    def due_for(self, student_id: str, part: Part) -> tuple[dt.datetime | None, bool]:
        """(the student's due moment for `part`, whether an extension set it). An extension
        never moves a date earlier: after the cohort's date moves past it, the later one holds."""
        regular = self.config.deadline(part.due) if part.due else None
        extended = self.extensions.get((student_id.casefold(), part.id))
        if extended is not None and (regular is None or extended > regular):
            return extended, True
        return regular, False

    def context(self, document: Mapping[str, Any]) -> Context:
        """The checks see the student's own due date: an extension moves "before the due date"."""
        sid = str(_dict(document.get("profile")).get("student_id", ""))
        main = next((p for p in self.parts if p.due and p.due == self.rubric.due), None)
        deadline = self.due_for(sid, main)[0] if main else self.deadline
        return Context(document, deadline, self.config.tz, self.lesson)

    @property
    def max_bytes(self) -> int:
        return int(self.config.max_submission_mb * 1024 * 1024)

    @property
    def file_budget(self) -> Budget:
        """What reading one submission may cost ([grading] file_seconds, file_memory_mb)."""
        return Budget(self.config.file_seconds, int(self.config.file_memory_mb))

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
    return Settings(config=config, lesson=lesson, rubric=rubric, late=load_policy(rubric.path))


def with_extensions(settings: Settings, path: Path | str | None) -> Settings:
    """The run's settings with the extensions CSV read against its deliverables and time zone."""
    if not path:
        return settings
    return replace(settings, extensions=read_extensions(path, settings.config, settings.parts))


def check_before_grading(
    submissions: Path,
    config_path: Path | str | None,
    roster_path: Path | str | None,
    jobs: int | None,
) -> Roster:
    """Refuse what would fail later, before anything is read, run or written; the roster."""
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more (got {jobs})")
    if config_path is None:
        raise NoCohortConfig(
            "no nbkit.toml here or in a folder above: grading needs the cohort's due dates. "
            "Run it in the cohort's folder or pass --config path/to/nbkit.toml"
        )
    if not Path(config_path).is_file():
        raise ConfigError(config_path, None, "no such file (give the cohort's nbkit.toml)")
    roster = read_roster(roster_path) if roster_path else Roster()
    if not submissions.is_dir():
        raise NothingToGrade(f"{submissions}: no such folder; nothing to grade")
    if not find_submissions(submissions):
        raise NothingToGrade(f"{submissions} holds no .json or .ipynb submission; nothing to grade")
    return roster


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


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
