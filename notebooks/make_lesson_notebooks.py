"""Write notebooks/networking/00..05 from the cell lists below (run once after editing them).

Every code cell is one short call; the student never edits code. Outputs are cleared, except the
cells marked NBVAL_CHECK_OUTPUT, whose expected output (a fixed worked example, no student data)
is stored so that `pytest --nbval-lax` compares it.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).parent / "networking"
RUN_HINT = "Run each cell with **Shift+Enter**, or use *Run > Run All Cells*. Your answers save themselves."
PARAMETERS = (
    "# Parameters (papermill can override these; students leave them alone).\n"
    "workspace = None  # where answers are saved; None = the kit's .nbkit/ folder\n"
    "answers = None  # a submission .json to preload into an empty workspace"
)


# The lesson cells' one-line calls are collapsed in JupyterLab: a student sees the lesson and the
# questions, not Python. The parameters and opening cells stay visible for the curious.
HIDDEN = {"jupyter": {"source_hidden": True}}


def text(*blocks: str) -> list[str]:
    return [f'lesson.text("{b}")' for b in blocks]


def ask(*ids: str) -> list[str]:
    return [f'lesson.ask("{i}")' for i in ids]


NOTEBOOKS: dict[str, tuple[str, list[str]]] = {
    "00_start_here": (
        "start",
        [
            *text("overview", "learning_goals", "how_it_works", "profile_intro"),
            *ask("start.name", "start.student_id", "start.cohort", "start.slack"),
            *text("time_plan_intro"),
            "lesson.time_plan()",
        ],
    ),
    "01_needs_and_notes": (
        "needs",
        [
            *text("overview", "learning_goals", "lesson_plan"),
            "lesson.progress()",
            *text("section1"),
            "lesson.video()",
            *text("notes_intro"),
            *ask("needs.notes_key_ideas", "needs.notes_questions", "needs.notes_actions"),
            *text("examples", "needs_intro"),
            *ask("needs.needs", "needs.needs_own"),
            *text("background_intro"),
            *ask("needs.background", "needs.career_goals"),
            *text("questions_intro"),
            *ask("needs.questions"),
        ],
    ),
    "02_comfort_level": (
        "comfort",
        [
            *text("section2"),
            "lesson.progress()",
            *text("spectrum", "examples", "instrument"),
            *ask("comfort.ipip"),
            *text("scoring"),
            "# NBVAL_CHECK_OUTPUT\nlesson.comfort_example()",
            *text("result_intro"),
            "lesson.comfort_result()",
            *text("formats_intro"),
            *ask("comfort.energizes", "comfort.drains"),
            *text("circumstances_intro"),
            *ask("comfort.circumstances"),
        ],
    ),
    "03_goals": (
        "goals",
        [
            *text("section3"),
            "lesson.progress()",
            *text("goal_mentor", "goal_community", "goal_existing", "choose_intro"),
            *ask("goals.chosen", "goals.own_title"),
            *text("plan_intro"),
            *(f'lesson.goal_plan("{g}")' for g in ("mentor", "community", "existing", "own")),
        ],
    ),
    "04_tracker": (
        "tracker",
        [
            *text("intro"),
            "lesson.progress()",
            *text("how_to"),
            "lesson.tracker()",
            *text("export_intro"),
            "lesson.tracker_downloads()",
        ],
    ),
    "05_reflection": (
        "reflection",
        [
            *text("cfu"),
            "lesson.progress()",
            'lesson.draft("reflection.smart_goal")',
            'lesson.draft("reflection.if_then")',
            *text("application"),
            'lesson.draft("reflection.mix_it_up")',
            *text("slack"),
            'lesson.draft("reflection.slack")',
            *text("due_dates"),
            "lesson.due_dates()",
            *text("calendar_intro"),
            "lesson.calendar()",
            "lesson.reminders()",
            *text("hand_in"),
            "lesson.export_button()",
        ],
    ),
}


def build(name: str, section: str, calls: list[str]) -> nbformat.NotebookNode:
    opener = (
        "from nbkit.notebook import open_section\n\n"
        f'lesson = open_section("{section}", workspace=workspace, answers=answers)'
    )
    cells = [
        new_markdown_cell(RUN_HINT),
        new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        new_code_cell(opener),
        *(new_code_cell(call, metadata=HIDDEN) for call in calls),
        new_code_cell("lesson.summary()", metadata=HIDDEN),
    ]
    for cell in cells:
        if "NBVAL_CHECK_OUTPUT" in cell.source:
            _store_expected_output(cell, section)
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def _store_expected_output(cell: nbformat.NotebookNode, section: str) -> None:
    import tempfile

    from nbkit.notebook import open_section

    with tempfile.TemporaryDirectory() as workspace:
        lesson = open_section(section, workspace=workspace)
        call = cell.source.splitlines()[-1]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            eval(call, {"lesson": lesson})  # noqa: S307 - our own fixed cell source
        lesson.store.close()
    cell.execution_count = 1
    cell.outputs = [new_output("stream", name="stdout", text=buffer.getvalue())]


def main() -> None:
    for name, (section, calls) in NOTEBOOKS.items():
        nb = build(name, section, calls)
        for number, cell in enumerate(nb.cells):
            cell.id = f"{section}-{number:02d}"
        nbformat.validate(nb)
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
