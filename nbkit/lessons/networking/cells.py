"""The networking lesson's cells, registered under `nbkit.cells` as `networking.<name>`.

Each is `fn(view, **args) -> displayable or None`; a notebook calls it as one short line, e.g.
`lesson.cell("networking.goal_plan", goal="mentor")`; the plural cells show several in one
output, e.g. `lesson.cell("networking.goal_plans", goals=["mentor", "own"])`. Files a student
downloads land in exports/.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...assess import score_question
from ...tables import write_csv, write_xlsx
from ...validate import own_words, words
from ...widgets.base import ViewLike
from ...widgets.downloads import download_buttons
from ...widgets.draft import NOTE_STYLE, DraftBox
from ...widgets.shared import display_together
from ...widgets.shared import html as shared_html
from . import compose
from .comfort import ANSWER_ID, ComfortResult, worked_example
from .goal_plan import GoalPlan, yours_note
from .tracker import TABLE_ID, Tracker


def comfort_example(view: ViewLike) -> None:
    """The worked scoring example (fixed answers, so nbval checks its printed output)."""
    print(worked_example(view))


def comfort_result(view: ViewLike) -> ComfortResult:
    return ComfortResult(view)


def goal_plan(view: ViewLike, goal: str) -> GoalPlan:
    return GoalPlan(view, goal)


def goal_plans(view: ViewLike, goals: list[str]) -> None:
    """Several goals' plans in one cell and one output (each plan shows once its goal is ticked)."""
    display_together([GoalPlan(view, goal) for goal in goals])


def tracker(view: ViewLike) -> Tracker:
    return Tracker(view)


def tracker_downloads(view: ViewLike) -> Any:
    """Buttons writing the tracker to exports/ as CSV and XLSX, with a link to the file."""
    table = view.lesson.tables[TABLE_ID]
    cols = list(table.columns)

    def write(suffix: str) -> Path:
        path = view.export_path("networking-tracker", suffix)
        rows = view.store.rows(TABLE_ID)
        if suffix == ".csv":
            return write_csv(path, rows, cols)
        return write_xlsx(path, rows, cols, title=table.label)

    return download_buttons(
        [("Download CSV", lambda: write(".csv")), ("Download Excel", lambda: write(".xlsx"))]
    )


def draft(view: ViewLike, answer: str) -> DraftBox:
    """A reflection answer with a "Draft it from my answers" button. Running the cell never
    writes the answer: a draft exists only when the student presses the button, and the grader
    counts only the words they make their own. An untouched draft follows the answers it is
    made from when they change in this kernel (DraftBox.refresh)."""
    box = DraftBox(
        view.ask(answer),
        lambda: assemble(view, answer),
        "Draft it from my answers",
        listen=view.listen,
    )
    hint = shared_html("")  # shares its layout and style models with the kit's other HTML
    hint.add_class("nbkit-yours")

    def update(_change: object = None) -> None:
        text = box.current()
        kit = assemble(view, answer) if text.strip() else ""
        # Shown only while kit words remain: the same count the grader makes (own_words).
        shown = bool(kit) and own_words(text, kit) < words(text)
        note = html.escape(yours_note(text, kit)) if shown else ""
        hint.value = f'<span style="{NOTE_STYLE}">{note}</span>' if note else ""

    box.control.input.observe(update, names="value")
    box.box.children = (*box.box.children, hint)
    update()
    return box


def drafts(view: ViewLike, answers: list[str]) -> None:
    """Several drafted answers in one cell and one output."""
    display_together([draft(view, answer) for answer in answers])


def assemble(view: ViewLike, answer: str) -> str:
    values = view.store.values()
    result = score_question(view.lesson.question(ANSWER_ID), values.get(ANSWER_ID))
    due = view.config.due_dates()["action_step"]
    builders: dict[str, Callable[[], str]] = {
        "reflection.smart_goal": lambda: compose.smart_goal(values, due),
        "reflection.if_then": lambda: compose.if_then(values),
        "reflection.mix_it_up": lambda: compose.mix_it_up(
            values, view.lesson, result.band, result.score
        ),
        "reflection.slack": lambda: compose.slack_draft(values, view.lesson, result.band),
    }
    return builders[answer]()


def calendar(view: ViewLike) -> Any:
    """A button writing an .ics file: the action-step due date and the offered call times."""

    def write() -> Path:
        events = compose.lesson_events(
            view.store.values(), view.config.due_dates()["action_step"], view.config.timezone
        )
        path = view.export_path("networking-calendar", ".ics")
        text = compose.ics_calendar(events, dt.datetime.now(dt.UTC))
        path.write_text(text, encoding="utf-8", newline="")
        return path

    return download_buttons([("Make my calendar file (.ics)", write)])
