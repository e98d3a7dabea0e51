"""The section-specific cells of the lesson notebooks, mixed into SectionView (nbkit.notebook).

Each method is one notebook cell: `lesson.video()`, `lesson.comfort_result()`,
`lesson.goal_plan("mentor")`, `lesson.tracker()`, `lesson.draft("reflection.slack")`,
`lesson.calendar()`, `lesson.export_button()`... Files a student downloads land in exports/.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from IPython.display import HTML, Markdown, display

if TYPE_CHECKING:
    from .config import Config
    from .content import Lesson, Section
    from .store import Store
    from .validate import Context
    from .widgets import AnswerControl


class SectionCells:
    section: Section
    lesson: Lesson
    store: Store
    config: Config
    ctx: Context
    _listeners: list[Callable[[str], None]]

    def ask(self, answer_id: str) -> AnswerControl:  # provided by SectionView
        raise NotImplementedError

    def changed(self, key: str) -> None:  # provided by SectionView
        raise NotImplementedError

    def listen(self, callback: Callable[[str], None]) -> None:
        """Call `callback(answer_id)` after any answer of this notebook changes."""
        self._listeners.append(callback)

    # -- 01 --------------------------------------------------------------------------------------

    def video(self) -> None:
        """The configured video link, or a note that the instructor will share it."""
        self._text_for_link("video", "video")

    def _text_for_link(self, block: str, link: str) -> None:
        from .notebook import text_context

        name = block if self.config.links.get(link) else f"{block}_missing"
        display(Markdown(self.section.blocks[name].format(**text_context(self.config))))

    # -- 02 --------------------------------------------------------------------------------------

    def comfort_example(self) -> None:
        """The worked scoring example (fixed answers, so nbval checks its output)."""
        from .widgets.comfort import worked_example

        print(worked_example(self))  # type: ignore[arg-type]

    def comfort_result(self) -> Any:
        from .widgets.comfort import ComfortResult

        return ComfortResult(self)  # type: ignore[arg-type]

    # -- 03 --------------------------------------------------------------------------------------

    def goal_plan(self, goal: str) -> Any:
        from .widgets.goal_plan import GoalPlan

        return GoalPlan(self, goal)  # type: ignore[arg-type]

    # -- 04 --------------------------------------------------------------------------------------

    def tracker(self) -> Any:
        from .widgets.tracker import TrackerEditor

        return TrackerEditor(self)  # type: ignore[arg-type]

    def tracker_downloads(self) -> Any:
        """Buttons writing the tracker to exports/ as CSV and XLSX, with a link to the file."""
        from .tracker import columns, write_csv, write_xlsx

        cols = columns(self.section)

        def write(suffix: str) -> Path:
            path = self._export_path("networking-tracker", suffix)
            writer = write_csv if suffix == ".csv" else write_xlsx
            return writer(path, self.store.tracker_rows(), cols)

        return _download_buttons(
            [("Download CSV", lambda: write(".csv")), ("Download Excel", lambda: write(".xlsx"))]
        )

    # -- 05 --------------------------------------------------------------------------------------

    def draft(self, answer_id: str) -> Any:
        """A reflection answer pre-assembled from earlier answers (when empty), editable."""
        from .widgets.draft import DraftBox

        return DraftBox(
            self.ask(answer_id),
            lambda: self._assemble(answer_id),
            "Re-assemble from my answers",
            fill_when_empty=True,
        )

    def _assemble(self, answer_id: str) -> str:
        from . import compose
        from .assess import score

        values = self.store.values()
        items = self.lesson.question("comfort.ipip").items
        stored = values.get("comfort.ipip")
        raw: dict[str, Any] = stored if isinstance(stored, dict) else {}
        result = score({k: v for k, v in raw.items() if isinstance(v, int)}, items)
        due = self.config.due_dates()["action_step"]
        builders: dict[str, Callable[[], str]] = {
            "reflection.smart_goal": lambda: compose.smart_goal(values, due),
            "reflection.if_then": lambda: compose.if_then(values),
            "reflection.mix_it_up": lambda: compose.mix_it_up(
                values, self.lesson, result.band, result.score
            ),
            "reflection.slack": lambda: compose.slack_draft(values, self.lesson, result.band),
        }
        return builders[answer_id]()

    def due_dates(self) -> None:
        """The lesson's deliverables with their real dates in the cohort's calendar."""
        due = self.config.due_dates()
        today = self.ctx.today
        rows = [
            ("Answer the Friday Slack question in your cohort channel", due["slack_reflection"]),
            (
                "Your networking goal (reflection sheet), a Mod 1 deliverable",
                due["reflection_deliverable"],
            ),
            ("Complete your networking action step", due["action_step"]),
        ]
        body = "".join(
            f"<tr><td>{html.escape(what)}</td><td><b>{day:%A %d %B %Y}</b></td>"
            f"<td>{_days_left(day, today)}</td></tr>"
            for what, day in rows
        )
        display(HTML(f"<table><tr><th>Deliverable</th><th>Due</th><th></th></tr>{body}</table>"))

    def calendar(self) -> Any:
        """A button writing an .ics file: the action-step due date and the offered call times."""
        from .compose import ics_calendar, lesson_events

        def write() -> Path:
            events = lesson_events(
                self.store.values(), self.config.due_dates()["action_step"], self.config.timezone
            )
            path = self._export_path("networking-calendar", ".ics")
            path.write_text(
                ics_calendar(events, dt.datetime.now(dt.UTC)), encoding="utf-8", newline=""
            )
            return path

        return _download_buttons([("Make my calendar file (.ics)", write)])

    def reminders(self) -> None:
        """The coaching request and PD office hours: links and text only, nothing stored."""
        self._text_for_link("coaching", "coaching_request")
        self._text_for_link("office_hours", "office_hours")

    def export_button(self) -> Any:
        """The "Export my lesson" button (nbkit.export.button); its heavy imports wait for a click."""
        from .export.button import export_button

        return export_button(workspace=self.store.home, config_path=self.config.path)

    # -- files -----------------------------------------------------------------------------------

    def _export_path(self, stem: str, suffix: str) -> Path:
        folder = Path(os.environ.get("NBKIT_EXPORTS") or self.config.root / "exports")
        folder.mkdir(parents=True, exist_ok=True)
        student = self.store.get("start.student_id") or "me"
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", str(student)).strip(".-")[:64] or "me"
        return folder / f"{stem}-{safe}{suffix}"


def _days_left(day: dt.date, today: dt.date) -> str:
    left = (day - today).days
    if left < 0:
        return f"{-left} day(s) ago"
    return "today" if left == 0 else f"in {left} day(s)"


def _download_buttons(actions: list[tuple[str, Callable[[], Path]]]) -> Any:
    import ipywidgets as w

    from .errors import NbkitError

    message = w.HTML("")

    def run(action: Callable[[], Path]) -> None:
        try:
            path = action()
        except (OSError, NbkitError) as exc:
            message.value = f"<span style='color:#a4000f'>Could not write the file: {html.escape(str(exc))}</span>"
            return
        message.value = _file_link(path)

    buttons = []
    for label, action in actions:
        button = w.Button(description=label, icon="download", layout=w.Layout(width="auto"))
        button.on_click(lambda _b, a=action: run(a))
        buttons.append(button)
    return w.VBox([w.HBox(buttons), message])


def _file_link(path: Path) -> str:
    """A link relative to the notebook's folder (JupyterLab opens or downloads it)."""
    try:
        href = os.path.relpath(path, Path.cwd())
    except ValueError:
        href = str(path)
    href = "/".join(href.split(os.sep))
    return (
        f"Written: <a href='{html.escape(href)}' download target='_blank'>"
        f"{html.escape(path.name)}</a> (in {html.escape(str(path.parent))})"
    )
