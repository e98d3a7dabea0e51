"""`nbkit lesson check` on a real lesson folder (a copy of notebooks/interview), broken one way
at a time: each problem is one line naming where it is, and the CLI exits 3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nbkit.cli import main
from nbkit.lesson_check import CORE_CELLS, Known, check_lesson

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]
# The names this lesson uses, as registered; passed explicitly so each test breaks one thing.
KNOWN = Known(
    cells=CORE_CELLS,
    checks=frozenset({"answered", "likert_answered", "list_filled", "table_rows", "text_words"}),
    views=frozenset(),
    formats=frozenset(),
)


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    folder = tmp_path / "interview"
    shutil.copytree(REPO / "notebooks" / "interview", folder)
    return folder


def _cells(notebook: Path) -> tuple[dict, list[dict]]:
    doc = json.loads(notebook.read_text(encoding="utf-8"))
    return doc, [c for c in doc["cells"] if "nbkit" in c.get("metadata", {})]


def _edit_first(notebook: Path, kind: str, change) -> None:
    doc, cells = _cells(notebook)
    change(next(c for c in cells if c["metadata"]["nbkit"]["cell"] == kind)["metadata"]["nbkit"])
    notebook.write_text(json.dumps(doc), encoding="utf-8")


def test_the_second_lesson_as_shipped_has_no_problems(lesson: Path):
    assert check_lesson(lesson, KNOWN) == []


def test_an_unknown_answer_id_and_a_required_question_in_no_notebook(lesson: Path):
    notebook = lesson / "01_prepare.ipynb"
    _edit_first(notebook, "ask", lambda m: m.update(answers=["prepare.assertivenes"]))
    doc, cells = _cells(notebook)
    doc["cells"] = [
        c for c in doc["cells"] if "prepare.assertiveness" not in json.dumps(c.get("metadata"))
    ]
    notebook.write_text(json.dumps(doc), encoding="utf-8")
    problems = check_lesson(lesson, KNOWN)
    assert any("answer id 'prepare.assertivenes' is not a question" in p for p in problems)
    assert any(
        "required question 'prepare.assertiveness' appears in no notebook" in p for p in problems
    )
    assert all("\n" not in p for p in problems)


def test_unregistered_cell_kind_bad_metadata_and_bad_block(lesson: Path):
    notebook = lesson / "02_debrief.ipynb"
    _edit_first(notebook, "table", lambda m: m.update(cell="interview.sparkles"))
    _edit_first(notebook, "progress", lambda m: m["args"].update(text="nope"))  # its intro block
    _edit_first(notebook, "wrap_up", lambda m: m.update(v=2))
    problems = check_lesson(lesson, KNOWN)
    assert any("cell kind 'interview.sparkles' is not registered" in p for p in problems)
    assert any("text block 'nope' is not in debrief's [text]" in p for p in problems)
    assert any("02_debrief.ipynb cell" in p and "metadata.nbkit.v must be 1" in p for p in problems)


def test_a_blocks_name_given_as_one_string_is_one_block(lesson: Path):
    notebook = lesson / "02_debrief.ipynb"
    _edit_first(notebook, "progress", lambda m: m["args"].update(blocks="nope"))
    problems = [p for p in check_lesson(lesson, KNOWN) if "text block" in p]
    assert len(problems) == 1 and "text block 'nope'" in problems[0]


def test_a_placeholder_the_lesson_does_not_declare(lesson: Path):
    section = lesson / "sections" / "debrief.toml"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("{due_debrief}", "{due_debreif}", 1), encoding="utf-8")
    problems = check_lesson(lesson, KNOWN)
    assert problems == [f"{section}: text.plan: placeholder {{due_debreif}} is not a declared key"]


def test_an_unregistered_rubric_check(lesson: Path):
    rubric = lesson / "rubric.toml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace('"list_filled"', '"list_filed"', 1), encoding="utf-8")
    problems = check_lesson(lesson, KNOWN)
    # One line naming the file, the criterion and the unknown name (the rubric reader's words
    # when it refuses the file, lesson check's own otherwise).
    assert len(problems) == 1 and str(rubric) in problems[0] and "'list_filed'" in problems[0]


def test_unreadable_content_is_one_line_and_the_cli_exits_3(lesson: Path, capsys):
    index = lesson / "lesson.toml"
    index.write_text(index.read_text().replace("\ntitle = ", "\ntitel = ", 1))
    assert main(["lesson", "check", str(lesson)]) == 3
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "titel" in out[0] and "did you mean 'title'" in out[0]


def _add_markdown(notebook: Path, text: str) -> None:
    doc = json.loads(notebook.read_text(encoding="utf-8"))
    doc["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [text]})
    notebook.write_text(json.dumps(doc), encoding="utf-8")


def test_latex_math_needs_the_lesson_to_turn_mathjax_on(lesson: Path, tmp_path: Path):
    _add_markdown(lesson / "01_prepare.ipynb", "Money is fine: $5 and $10.")
    assert check_lesson(lesson, KNOWN) == []
    _add_markdown(lesson / "01_prepare.ipynb", "The mean is $\\bar{x} = x_1$.")
    on = tmp_path / "with-math"
    shutil.copytree(lesson, on)  # a second folder: a lesson folder is read once per process
    index = on / "lesson.toml"
    index.write_text("math = true\n" + index.read_text(encoding="utf-8"), encoding="utf-8")

    problems = check_lesson(lesson, KNOWN)
    assert len(problems) == 1 and problems[0].startswith("01_prepare.ipynb cell ")
    assert "looks like LaTeX math" in problems[0] and "math = true" in problems[0]
    assert check_lesson(on, KNOWN) == []


def test_a_folder_without_lesson_toml(tmp_path: Path, capsys):
    assert main(["lesson", "check", str(tmp_path)]) == 3
    assert "no lesson.toml here" in capsys.readouterr().out


def test_placeholder_keys_are_exactly_what_the_notebooks_fill(tmp_path: Path):
    from nbkit.config import load_config
    from nbkit.content import load_lesson
    from nbkit.launch import write_minimal_config
    from nbkit.lesson_check import placeholder_keys
    from nbkit.placeholders import text_context

    for folder in ("networking", "interview"):
        lesson = load_lesson(REPO / "notebooks" / folder)
        (tmp_path / folder).mkdir()
        path = write_minimal_config(tmp_path / folder / "nbkit.toml", lesson.id, str(lesson.dir))
        config = load_config(path, lesson)
        assert set(text_context(config)) == placeholder_keys(lesson), folder


def test_core_cell_kinds_are_calls_a_section_view_answers():
    from nbkit.notebook import SectionView

    assert all(callable(getattr(SectionView, kind, None)) for kind in CORE_CELLS - {"open"})
