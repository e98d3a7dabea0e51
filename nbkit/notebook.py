"""What a lesson notebook calls: `lesson = open_section("needs")`, then one short call per cell.

The parameters cell of each notebook passes `workspace` (where answers live) and `answers`
(an optional submission JSON to preload, so papermill can run a notebook as a simulated student).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from IPython.display import HTML, Markdown, display

from .answers import describe
from .cells import SectionCells
from .config import Config, load_config
from .content import Lesson, Question, Section, load_lesson
from .progress import applies, lesson_progress, section_progress, validation_context
from .store import Store
from .widgets import AnswerControl, control_for


def text_context(config: Config) -> dict[str, Any]:
    """Placeholders a content text block may use, e.g. {due_action_step} or {minutes_needs}."""
    instructor = config.primary_instructor()
    values: dict[str, Any] = {
        "cohort": config.cohort,
        "timezone": config.timezone,
        "instructor_name": instructor.name if instructor else "your instructor",
        "instructor_slack": instructor.slack if instructor else "",
    }
    values |= {f"due_{k}": f"{d:%A %d %B %Y}" for k, d in config.due_dates().items()}
    values |= {f"minutes_{k}": m for k, m in config.minutes.items()}
    values["minutes_total"] = sum(config.minutes.values())
    values |= {f"link_{k}": v for k, v in config.links.items()}
    return values


class SectionView(SectionCells):
    """One section of the lesson in one notebook: its controls, its summary, its progress."""

    def __init__(self, section: Section, lesson: Lesson, store: Store, config: Config) -> None:
        self.section, self.lesson, self.store, self.config = section, lesson, store, config
        self.ctx = validation_context(config)
        self.controls: dict[str, AnswerControl] = {}
        self._summary: Any = None
        self._progress: Any = None
        self._listeners: list[Callable[[str], None]] = []
        store.record("visit", section.id)

    # -- cells ------------------------------------------------------------------------------

    def text(self, block: str) -> None:
        """Show an instructor-written Markdown block from the section's content file."""
        display(Markdown(self.section.blocks[block].format(**text_context(self.config))))

    def ask(self, answer_id: str) -> AnswerControl:
        question = self.lesson.question(answer_id)
        control = control_for(question, self.store, self.ctx, on_change=self._changed)
        self.controls[answer_id] = control
        return control

    def ask_all(self, *answer_ids: str) -> None:
        for answer_id in answer_ids:
            display(self.ask(answer_id))

    def progress(self) -> None:
        self._progress = display(HTML(self._progress_html()), display_id=True)

    def time_plan(self) -> None:
        """Every section's time budget beside time spent and progress so far."""
        answers = self.store.answers()
        progress = lesson_progress(
            self.lesson,
            {k: a.value for k, a in answers.items()},
            self.store.events(),
            self.ctx,
            {k: a.updated_at for k, a in answers.items()},
        )
        rows = "".join(
            f"<tr><td>{html.escape(p.title)}</td><td>{self.config.minutes.get(p.section, 15)} min"
            f"</td><td>{p.minutes_spent:.0f} min</td><td>{p.answered} of {p.required}</td></tr>"
            for p in progress
        )
        due = self.config.due_dates()
        display(
            HTML(
                "<table class='nbkit-time-plan'><tr><th>Part</th><th>Allow yourself</th>"
                f"<th>Spent so far</th><th>Answered</th></tr>{rows}</table>"
                f"<p>Total: {sum(self.config.minutes.values())} minutes. The networking action step "
                f"is due <b>{due['action_step']:%A %d %B %Y}</b>.</p>"
            )
        )

    def summary(self) -> None:
        """The live "your answers so far": its output is saved in the .ipynb with the answers."""
        data = self._summary_data()
        self._summary = display(data, raw=True, display_id=True)

    # -- live updates -----------------------------------------------------------------------

    def changed(self, key: str) -> None:
        """Something this notebook shows changed (an answer id, or "tracker")."""
        self._changed(key)

    def _changed(self, answer_id: str) -> None:
        for listener in list(self._listeners):
            listener(answer_id)
        if self._summary is not None:
            self._summary.update(self._summary_data(), raw=True)
        if self._progress is not None:
            self._progress.update(HTML(self._progress_html()))

    def _questions(self) -> list[Question]:
        # Questions of a goal the student did not choose are not theirs to answer.
        values = self.store.values("goals.")
        return [q for q in self.section.questions.values() if applies(q.id, values)]

    def _summary_data(self) -> dict[str, str]:
        values = self.store.values(self.section.id + ".")
        lines, rows = [f"Your answers so far: {self.section.title}"], []
        for q in self._questions():
            text = _shorten(describe(q, values.get(q.id)))
            lines.append(f"- {q.label}\n  " + text.replace("\n", "\n  "))
            rows.append(
                f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em'>"
                f"{html.escape(q.label)}</th><td style='white-space:pre-wrap;text-align:left;vertical-align:top'>"
                f"{html.escape(text)}</td></tr>"
            )
        if self.section.id == "tracker":
            lines, rows = self._tracker_summary(lines, rows)
        table = (
            f"<div class='nbkit-summary'><h4>Your answers so far: {html.escape(self.section.title)}"
            f"</h4><table>{''.join(rows)}</table></div>"
        )
        return {"text/plain": "\n".join(lines), "text/html": table}

    def _tracker_summary(self, lines: list[str], rows: list[str]) -> tuple[list[str], list[str]]:
        for row in self.store.tracker_rows():
            text = f"{row.get('name') or '?'}: {row.get('status') or 'no status'}"
            lines.append(f"- {text}")
            rows.append(
                f"<tr><td style='white-space:pre-wrap;text-align:left;vertical-align:top'>{html.escape(text)}</td></tr>"
            )
        if len(lines) == 1:
            lines.append("- No contacts yet.")
            rows.append("<tr><td>No contacts yet.</td></tr>")
        return lines, rows

    def _progress_html(self) -> str:
        answers = self.store.answers()
        values = {k: a.value for k, a in answers.items()}
        written = {k: a.updated_at for k, a in answers.items()}
        answered, required, _ = section_progress(self.section, values, self.ctx, written)
        minutes = self.config.minutes.get(self.section.id, 15)
        pct = int(100 * answered / required) if required else 100
        if not required:
            from .tracker import conversations_held

            rows = self.store.tracker_rows()
            return (
                f"<div class='nbkit-progress'><b>{html.escape(self.section.title)}</b> - allow "
                f"yourself about {minutes} minutes. {len(rows)} contact(s), "
                f"{conversations_held(rows)} conversation(s) held.</div>"
            )
        return (
            f"<div class='nbkit-progress'><b>{html.escape(self.section.title)}</b> - allow yourself "
            f"about {minutes} minutes. Answered {answered} of {required} required "
            f"<progress value='{answered}' max='{max(required, 1)}'>{pct}%</progress></div>"
        )


# The live summary is re-sent on every keystroke; past this many characters an answer is shown
# shortened there (it is saved, and exported, in full).
SUMMARY_CHARS = 20_000


def _shorten(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS] + f"... ({len(text) - SUMMARY_CHARS:,} more characters, all saved)"


def open_section(
    section_id: str,
    workspace: str | Path | None = None,
    answers: str | Path | None = None,
    config: str | Path | None = None,
) -> SectionView:
    """Open the workspace for one section; `answers` preloads a submission into an EMPTY store."""
    cfg = load_config(config)
    store = Store(workspace)
    if answers and store.is_empty():
        _preload(store, Path(answers))
    lesson = load_lesson()
    return SectionView(lesson.sections[section_id], lesson, store, cfg)


def _preload(store: Store, path: Path) -> None:
    """Fill an empty workspace from a submission (a simulated student under papermill)."""
    from .submission import load_into, read_submission

    load_into(store, read_submission(path))
