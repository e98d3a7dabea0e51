"""What a lesson notebook calls: `lesson = open_section("needs")`, then one short call per cell.

The core cells know no lesson: `text`, `ask`, `ask_all`, `progress`, `summary`, `time_plan`,
`due_dates`, `table`, `scale_result`, `export_button`, `feedback`, `nav`, `wrap_up` (feedback,
summary and nav in one cell), and `cell(name, **args)` for a
plugin's cells (the `nbkit.cells` entry-point group). The notebook's prose is markdown cells; each kit cell
is stamped with `metadata.nbkit` (docs/kit-shape.md section 5), which is what the exporter reads.

The parameters cell of each notebook passes `workspace` (where answers live) and `answers`
(an optional submission JSON to preload, so papermill can run a notebook as a simulated student).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from IPython.display import HTML, Markdown, display

from .answers import describe
from .config import Config, load_config
from .content import Lesson, Question, Section, applies, load_lesson
from .paths import resolve_paths
from .placeholders import block_text, text_context
from .progress import SectionProgress, lesson_progress, section_progress, validation_context
from .store import Store
from .tables import ColumnLike, label_of
from .widgets import AnswerControl, control_for, display_together
from .widgets.guard import guard_bundle
from .widgets.scale import ScaleResult
from .widgets.table import TableEditor

__all__ = ["SectionView", "open_section", "text_context"]

# The live summary is re-sent on every keystroke; past this many characters an answer is shown
# shortened there (it is saved, and exported, in full).
SUMMARY_CHARS = 20_000
Blocks = str | Sequence[str] | None  # a text block's name, or several shown together
CELL = "text-align:left;vertical-align:top"


class SectionView:
    """One section of the lesson in one notebook: its controls, its summary, its progress."""

    def __init__(
        self,
        section: Section,
        lesson: Lesson,
        store: Store,
        config: Config,
        exports: Path | None = None,
    ) -> None:
        self.section, self.lesson, self.store, self.config = section, lesson, store, config
        self.exports = exports or config.root / "exports"
        self.ctx = validation_context(config)
        self.controls: dict[str, AnswerControl] = {}
        self._summary: Any = None
        self._summary_footer = ""
        self._progress: Any = None
        self._listeners: list[Callable[[str], None]] = []
        store.record("visit", section.id)

    # -- cells ------------------------------------------------------------------------------

    def text(self, *blocks: str, needs: str | None = None) -> None:
        """Text blocks of the section file with their {placeholders} filled in, in one output. A
        block whose link the cohort left empty shows its `<block>_missing` variant instead
        (`needs` is what older notebooks passed to ask for that; the rule is now automatic)."""
        display(Markdown(block_text(self.section.blocks, blocks, text_context(self.config))))

    def ask(self, answer_id: str) -> AnswerControl:
        question = self.lesson.question(answer_id)
        control = control_for(question, self.store, self.ctx, on_change=self._changed)
        self.controls[answer_id] = control
        return control

    def ask_all(self, *answer_ids: str) -> None:
        """Several questions in one cell and one output: every cell and output is work the page
        does when the notebook opens and runs (benchmarks/bench_lesson_ready.py)."""
        display_together([self.ask(answer_id) for answer_id in answer_ids])

    def progress(self, text: Blocks = None) -> None:
        """Answered of required in this section, live; `text`: text block(s) shown above it."""
        self._intro(text)
        self._progress = _live(HTML(self._progress_html()))

    def summary(self, footer: str = "") -> None:
        """The live "your answers so far": its output is saved in the .ipynb with the answers.
        `footer` is kit HTML kept under it in the same output (wrap_up's links onward)."""
        self._summary_footer = footer
        self._summary = _live(self._summary_data())

    def time_plan(self, text: Blocks = None) -> None:
        """Every section's time budget beside time spent and answered so far, and the due dates."""
        self._intro(text)
        display(HTML(self._time_plan_html()))

    def due_dates(self, text: Blocks = None) -> None:
        """The lesson's dated deliverables with their real dates in the cohort's calendar."""
        self._intro(text)
        display(HTML(_due_dates_html(self.config, self.ctx.today)))

    def wrap_up(self, overall: bool = False, export: bool = False) -> None:
        """The end of a section in one cell: the "Export my lesson" button (with `export`), the
        instructor's feedback, the live summary of answers and, in the summary's output (one
        output less for the page to draw), the links to the next part."""
        if export:
            display(self.export_button())
        self.feedback(overall=overall)
        self.summary(footer=self._nav_html())

    def table(self, table_id: str) -> TableEditor:
        return TableEditor(self, table_id)

    def scale_result(self, question_id: str) -> ScaleResult:
        return ScaleResult(self, question_id)

    def nav(self) -> None:
        """Links to the previous and next sections' notebooks. Relative links work everywhere the
        lesson runs: JupyterLab opens the notebook in a tab, Voila renders it as the next page."""
        display(HTML(self._nav_html()))

    def _nav_html(self) -> str:
        from .app import voila_page_folder

        return nav_html(self.lesson, self.section, voila_page_folder() or "")

    def export_button(self) -> Any:
        """The "Export my lesson" button (nbkit.export.button); its heavy imports wait for a click."""
        from .export.button import export_button
        from .widgets.downloads import show_files

        return export_button(
            workspace=self.store.home,
            config_path=self.config.path,
            missing=self.missing_answers,
            files=show_files,
        )

    def _lesson_progress(self) -> list[SectionProgress]:
        """Every section's progress, from the store as it is now (one read of answers, events)."""
        answers = self.store.answers()
        return lesson_progress(
            self.lesson,
            {k: a.value for k, a in answers.items()},
            self.store.events(),
            self.ctx,
            {k: a.updated_at for k, a in answers.items()},
        )

    def missing_answers(self) -> list[str]:
        """Every required answer of the lesson not yet acceptable, as "<section>: <question>"."""
        progress = self._lesson_progress()
        return [f"{p.title}: {self.lesson.question(q).label}" for p in progress for q in p.missing]

    def feedback(self, overall: bool = False) -> None:
        """The instructor's feedback on this section's answers (`nbkit feedback import`); with
        `overall`, the whole grade and the criteria about no one section."""
        from . import feedback as fb

        document = fb.load_stored(self.store.home, self.lesson.id)
        page = (
            fb.overview_html(document, self.lesson)
            if overall
            else fb.section_html(document, self.section.id)
        )
        if page:
            display(HTML(page))

    def cell(self, name: str, text: Blocks = None, **args: Any) -> Any:
        """A plugin's cell, e.g. `cell("<plugin>.<name>", **its args)`; `text`: text block(s)
        shown above it."""
        from .registry import cells

        plugin_cell = cells.get(name)
        self._intro(text)
        return plugin_cell(self, **args)

    # -- what cells share -------------------------------------------------------------------

    def _intro(self, text: Blocks) -> None:
        if text is not None:
            self.text(*([text] if isinstance(text, str) else text))

    def listen(self, callback: Callable[[str], None]) -> None:
        """Call `callback(key)` after any answer (or table) of this notebook changes."""
        self._listeners.append(callback)

    def changed(self, key: str) -> None:
        """Something this notebook shows changed (an answer id, or a table id)."""
        self._changed(key)

    def export_path(self, stem: str, suffix: str) -> Path:
        """exports/<stem>-<student id><suffix>, for files a cell writes on a click."""
        self.exports.mkdir(parents=True, exist_ok=True)
        student = self.store.get(self.lesson.profile.get("student_id", "")) or "me"
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", str(student)).strip(".-")[:64] or "me"
        return self.exports / f"{stem}-{safe}{suffix}"

    def _changed(self, key: str) -> None:
        for listener in list(self._listeners):
            listener(key)
        if self._summary is not None:
            self._summary.update(self._summary_data())
        if self._progress is not None:
            self._progress.update(HTML(self._progress_html()))

    # -- rendering --------------------------------------------------------------------------

    def _questions(self) -> list[Question]:
        # A question whose show_if does not hold (a goal not chosen) is not the student's to answer.
        values = self.store.values()
        return [q for q in self.section.questions.values() if applies(q, values)]

    def _summary_data(self) -> dict[str, str]:
        values = self.store.values(self.section.id + ".")
        lines = [f"Your answers so far: {self.section.title}"]
        rows = []
        for label, text in self._summary_items(values):
            lines.append(f"- {label}\n  " + text.replace("\n", "\n  ") if label else f"- {text}")
            head = (
                f"<th style='{CELL};padding-right:1em'>{html.escape(label)}</th>" if label else ""
            )
            rows.append(
                f"<tr>{head}<td style='white-space:pre-wrap;{CELL}'>{html.escape(text)}</td></tr>"
            )
        table = (
            f"<div class='nbkit-summary'><h4>Your answers so far: {html.escape(self.section.title)}"
            f"</h4><table>{''.join(rows)}</table></div>"
        )
        return {"text/plain": "\n".join(lines), "text/html": table + self._summary_footer}

    def _summary_items(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, text) per question, then one line per table row (label "")."""
        items = [(q.label, _shorten(describe(q, values.get(q.id)))) for q in self._questions()]
        for table in self.section.tables.values():
            rows = self.store.rows(table.id)
            items += [("", _row_line(r, table.columns)) for r in rows]
            if not rows:
                items.append(("", f"{table.label}: nothing yet."))
        return items

    def _progress_html(self) -> str:
        answers = self.store.answers()
        values = {k: a.value for k, a in answers.items()}
        written = {k: a.updated_at for k, a in answers.items()}
        answered, required, _ = section_progress(self.section, values, self.ctx, written)
        minutes = self.config.minutes.get(self.section.id)
        allow = f" - allow yourself about {minutes} minutes." if minutes else "."
        head = f"<div class='nbkit-progress'><b>{html.escape(self.section.title)}</b>{allow}"
        if not required:
            counts = [
                f"{html.escape(t.label)}: {len(self.store.rows(t.id))} row(s)."
                for t in self.section.tables.values()
            ]
            return f"{head} {' '.join(counts)}</div>"
        pct = int(100 * answered / required)
        return (
            f"{head} Answered {answered} of {required} required "
            f"<progress value='{answered}' max='{required}'>{pct}%</progress></div>"
        )

    def _time_plan_html(self) -> str:
        progress = self._lesson_progress()
        minutes = self.config.minutes
        rows = "".join(
            f"<tr><td>{html.escape(p.title)}</td><td>{_minutes(minutes.get(p.section))}</td>"
            f"<td>{p.minutes_spent:.0f} min</td><td>{p.answered} of {p.required}</td></tr>"
            for p in progress
        )
        due = "".join(
            f"<li>{html.escape(self.config.label('due', k))}: <b>{d:%A %d %B %Y}</b></li>"
            for k, d in self.config.due_dates().items()
        )
        return (
            "<table class='nbkit-time-plan'><tr><th>Part</th><th>Allow yourself</th>"
            f"<th>Spent so far</th><th>Answered</th></tr>{rows}</table>"
            f"<p>Total: {sum(minutes.values())} minutes.</p>"
            + (f"<p>Due dates:</p><ul class='nbkit-due'>{due}</ul>" if due else "")
        )


def _live(shown: HTML | dict[str, str]) -> Any:
    """Show output that changes as the student answers; its handle's `update(new)` redraws it.

    In JupyterLab a display_id update also lands in the saved .ipynb; in the app (Voila) such an
    update never reaches the page (voila #498), so there an HTML widget carries it.
    """
    from .app import voila_page_folder

    if voila_page_folder() is None:
        handle = display(shown, raw=isinstance(shown, dict), display_id=True)
        return (
            None if handle is None else _DisplayHandle(handle, _html_of(shown))
        )  # None: no kernel
    return _WidgetHandle(shown)


class _DisplayHandle:
    def __init__(self, handle: Any, shown: str) -> None:
        self.handle = handle
        self.last = shown

    def update(self, shown: HTML | dict[str, str]) -> None:
        # Every keystroke asks; only a change is sent (an update is a message the page redraws).
        html_now = _html_of(shown)
        if html_now != self.last:
            self.last = html_now
            self.handle.update(shown, raw=isinstance(shown, dict))


class _WidgetHandle:
    def __init__(self, shown: HTML | dict[str, str]) -> None:
        import ipywidgets as w

        self.widget = w.HTML(_html_of(shown))
        display(self.widget)

    def update(self, shown: HTML | dict[str, str]) -> None:
        self.widget.value = _html_of(shown)


def _html_of(shown: HTML | dict[str, str]) -> str:
    return shown["text/html"] if isinstance(shown, dict) else str(shown.data)


def nav_html(lesson: Lesson, section: Section, folder: str = "") -> str:
    """The "Previous: <title>" and "Next: <title>" links (the first or last section has one);
    `folder` is the URL folder of the notebooks ("" keeps the links relative)."""
    order = lesson.ordered()
    at = [s.id for s in order].index(section.id)
    before = order[at - 1] if at > 0 else None
    after = order[at + 1] if at + 1 < len(order) else None
    links = [
        _nav_link(before, "prev", "&larr; Previous: {}", folder),
        _nav_link(after, "next", "Next: {} &rarr;", folder),
    ]
    return (
        "<nav class='nbkit-nav' aria-label='Sections of the lesson' style='display:flex;"
        f"justify-content:space-between;margin:1.5em 0'>{''.join(links)}</nav>"
    )


def _nav_link(section: Section | None, rel: str, text: str, folder: str) -> str:
    if section is None:
        return "<span></span>"  # keeps "Next" on the right on the first page
    href = html.escape(folder + urllib.parse.quote(section.notebook))
    label = text.format(html.escape(section.title))
    # target: the renderer opens an absolute link (Voila's) in a new tab unless told otherwise.
    return f"<a class='nbkit-nav-{rel}' rel='{rel}' href='{href}' target='_self'>{label}</a>"


def _minutes(value: int | None) -> str:
    return f"{value} min" if value is not None else "-"


def _due_dates_html(config: Config, today: dt.date) -> str:
    body = "".join(
        f"<tr><td>{html.escape(config.label('due', key))}</td><td><b>{day:%A %d %B %Y}</b></td>"
        f"<td>{_days_left(day, today)}</td></tr>"
        for key, day in config.due_dates().items()
    )
    return (
        "<table class='nbkit-due-dates'><tr><th>Deliverable</th><th>Due</th><th></th></tr>"
        f"{body}</table>"
    )


def _days_left(day: dt.date, today: dt.date) -> str:
    left = (day - today).days
    if left < 0:
        return f"{-left} day(s) ago"
    return "today" if left == 0 else f"in {left} day(s)"


def _row_line(row: dict[str, Any], columns: tuple[ColumnLike, ...] | list[ColumnLike]) -> str:
    """A row in one line: its first short text and its last choice, e.g. "Sam Lee: Met"
    (a table's last choice column is usually where it stands)."""
    name = next((str(row[c.key]) for c in columns if c.kind == "short" and row.get(c.key)), "?")
    choices = [c for c in columns if c.kind == "single"]
    state = label_of(choices[-1], row.get(choices[-1].key)) if choices else ""
    return f"{name}: {state or 'not set'}" if choices else name


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
    """Open one section of the lesson in the kernel's folder (its lesson.toml; without one, the
    lesson nbkit.toml names, else the bundled default); `answers` preloads a submission into an
    EMPTY workspace."""
    paths = resolve_paths(
        config=Path(config) if config else None, home=Path(workspace) if workspace else None
    )
    lesson = load_lesson(paths.lesson) if paths.lesson else load_lesson()
    cfg = load_config(paths.config, lesson)
    store = Store(paths.home)
    if answers and store.is_empty():
        _preload(store, Path(answers))
    _show_guard()
    return SectionView(lesson.sections[section_id], lesson, store, cfg, paths.exports)


def _show_guard() -> None:
    """In a kernel only: the script that makes this notebook's controls read-only when its kernel
    stops (nbkit.widgets.guard); a plain Python caller gets no output."""
    from IPython import get_ipython

    if get_ipython() is not None:
        display(guard_bundle(), raw=True)


def _preload(store: Store, path: Path) -> None:
    """Fill an empty workspace from a submission (a simulated student under papermill)."""
    from .submission import load_into, read_submission

    load_into(store, read_submission(path))
