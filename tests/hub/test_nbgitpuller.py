"""An updated lesson reaches a student through nbgitpuller's own pull code; their answers stay.

Answers live in the workspace (~/.nbkit/<lesson> on a hub), never in the files nbgitpuller
merges, and the lesson notebooks are committed clean, so a pull has nothing of theirs to merge.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from hub_helpers import LESSON_ID, copy_lesson
from nbgitpuller.pull import GitPuller

from nbkit.paths import resolve_paths
from nbkit.store import Store

pytestmark = pytest.mark.slow
ANSWERS = {"start.name": "Ada", "needs.background": "Five years in a lab; moving to data work."}


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Instructor", "-c", "user.email=i@example.org", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def pull(upstream: Path, target: Path) -> None:
    for _line in GitPuller(str(upstream), str(target), branch="main").pull():
        pass


def edit_markdown(notebook: Path, old: str, new: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and old in c.source)
    cell.source = cell.source.replace(old, new)
    nbformat.write(nb, notebook)


def test_a_lesson_update_arrives_and_the_students_answers_stay(hub_user_home: Path) -> None:
    upstream = copy_lesson(hub_user_home.parent / "upstream")
    (upstream / ".gitignore").write_text("exports/\n.nbkit/\n", encoding="utf-8")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "the lesson")
    tracked = git(upstream, "ls-files").split()
    lesson = upstream / "notebooks" / "networking"
    for name in (p for p in tracked if p.endswith(".ipynb")):  # committed clean: no answers
        nb = json.loads((upstream / name).read_text(encoding="utf-8"))
        assert "widgets" not in nb["metadata"], name
        outputs = [c for c in nb["cells"] if c.get("outputs")]
        assert all("NBVAL_CHECK_OUTPUT" in "".join(c["source"]) for c in outputs), name

    course = hub_user_home / "course"
    pull(upstream, course)  # the first click on `nbkit link`'s link: a clone
    student_lesson = course / "notebooks" / "networking"
    paths = resolve_paths(start=student_lesson)  # where the student's kernels write
    with Store(paths.home) as store:
        for key, value in ANSWERS.items():
            store.save(key, value)
    export = course / "exports" / "ada_lesson.html"
    export.parent.mkdir()
    export.write_text("my export", encoding="utf-8")
    first = student_lesson / "00_start_here.ipynb"
    student_nb = nbformat.read(first, as_version=4)  # the student ran a cell and saved
    student_nb.cells[-1].setdefault("metadata", {})["collapsed"] = True
    nbformat.write(student_nb, first)

    edit_markdown(
        lesson / "00_start_here.ipynb",
        "# Introduction to Networking",
        "# Introduction to Networking (updated)",
    )
    second = sorted(lesson.glob("0[1-9]_*.ipynb"))[0]
    nb = nbformat.read(second, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new closing note from the instructor."))
    nbformat.write(nb, second)
    git(upstream, "commit", "-q", "-am", "lesson update")

    pull(upstream, course)  # the next click: nbgitpuller's merge

    merged = (student_lesson / second.name).read_text(encoding="utf-8")
    assert "A new closing note from the instructor." in merged
    assert "Networking (updated)" in (student_lesson / first.name).read_text(encoding="utf-8")
    kept = nbformat.read(student_lesson / first.name, as_version=4)
    assert kept.cells[-1].metadata.get("collapsed") is True  # the student's own save merged too
    assert export.read_text(encoding="utf-8") == "my export"
    assert resolve_paths(start=student_lesson).home == hub_user_home / ".nbkit" / LESSON_ID
    with Store(paths.home) as store:
        assert {k: store.answers()[k].value for k in ANSWERS} == ANSWERS
    assert not (course / ".nbkit").exists()  # nothing of the student's inside the checkout
