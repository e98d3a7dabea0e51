"""Sample submissions of any lesson, made from its questions: the instructor notebooks' defaults.

Run with no parameters (nbval in CI, an instructor trying them out), the grade and cohort report
notebooks show a sample cohort of the lesson they are given instead of failing. The samples are
built as `nbkit export` builds a document (answers, the lesson's tables, each plugin's view from
the registry) and validated; they are plausible shapes, not good answers. Realistic simulated
students for one lesson belong to that lesson's plugin (its own simulate module).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..content import Lesson, Question
from ..submission_types import Answer, Submission
from .settings import Settings

SENTENCE = "A sample answer, written so the notebooks have something to show and to grade here."


def sample_value(question: Question, student: int, when: dt.date) -> Any:
    """A valid value of the question's kind; `student` varies the choices and the scale answers."""
    kind = question.kind
    if kind == "single":
        return question.options[student % len(question.options)].value if question.options else ""
    if kind in ("multi", "checklist"):
        return [question.options[student % len(question.options)].value] if question.options else []
    if kind == "likert":
        return {item.id: 1 + (student + n) % 5 for n, item in enumerate(question.items)}
    if kind == "date":
        return when.isoformat()
    if kind == "datetimes":
        return [f"{when.isoformat()}T10:00"]
    if kind == "list":
        return [f"{SENTENCE} ({n})" for n in range(1, max(3, question.min_items) + 1)]
    return SENTENCE


def _answered(lesson: Lesson, student: int) -> list[Question]:
    """Student n answers the first (n % 4 + 1) quarters of the questions: a spread of totals."""
    questions = lesson.questions()
    return questions[: math.ceil(len(questions) * (student % 4 + 1) / 4)]


def sample_document(
    settings: Settings, student: int = 0, name: str = "Sample Student"
) -> Submission:
    """A validated nbkit.submission/2 document of the run's lesson for a sample student."""
    from ..submission import assemble

    lesson, config = settings.lesson, settings.config
    exported = dt.datetime.combine(config.week1_start, dt.time(12), tzinfo=config.tz)
    stamp = exported.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    answers: dict[str, Answer] = {
        q.id: {"value": sample_value(q, student, config.week1_start), "updated_at": stamp}
        for q in _answered(lesson, student)
        if not lesson.is_private(q.id)
    }
    student_id = f"sample{student:02d}"
    for field_name, answer_id in lesson.profile.items():
        value = {"name": name, "student_id": student_id}.get(field_name, "")
        answers[answer_id] = {"value": value, "updated_at": stamp}
    tables: dict[str, list[Any]] = {t: [] for t in lesson.tables}
    return assemble(lesson, config, answers, tables, [], stamp)
