"""`jupyter nbconvert --to nbkit` gives the same deliverable; preprocessors strip widget state."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import get_export_names, get_exporter

from nbkit.content import load_lesson
from nbkit.export.api import export_lesson
from nbkit.export.exporter import NbkitExporter
from nbkit.export.preprocessors import StaticAnswersPreprocessor, StripWidgetStatePreprocessor

pytestmark = pytest.mark.export
WIDGET = "application/vnd.jupyter.widget-view+json"
REPO = Path(__file__).resolve().parents[2]
LESSON_DIR = REPO / "notebooks" / "networking"
V1 = REPO / "tests" / "data" / "submission-1"


def _without_time(markup: str) -> str:
    return re.sub(r"exported [^<]*? - lesson", "exported - lesson", markup)


def test_entry_point_is_registered():
    assert get_exporter("nbkit") is NbkitExporter
    assert "nbkit" in get_export_names()
    assert NbkitExporter.export_from_notebook == "nbkit deliverable"


@pytest.mark.slow
def test_jupyter_nbconvert_gives_the_same_deliverable(simulated_student, lesson_root, tmp_path):
    (api_html,) = export_lesson(formats=["html"])
    notebook = sorted((lesson_root / "notebooks" / "networking").glob("*.ipynb"))[-1]
    out = tmp_path / "nbconvert"
    env = {**os.environ, "NBKIT_HOME": str(simulated_student)}
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "nbkit", str(notebook),
         "--output-dir", str(out)],
        check=True, capture_output=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    (produced,) = out.glob("*.html")
    assert _without_time(produced.read_text("utf-8")) == _without_time(api_html.read_text("utf-8"))


def test_workspace_traitlet_overrides(simulated_student, lesson_root, tmp_path, monkeypatch):
    monkeypatch.setenv("NBKIT_HOME", str(tmp_path / "elsewhere"))  # would fail: no workspace
    notebook = sorted((lesson_root / "notebooks" / "networking").glob("*.ipynb"))[0]
    body, resources = NbkitExporter(workspace=str(simulated_student)).from_filename(str(notebook))
    assert resources["output_extension"] == ".html"
    assert "Ada &lt;script&gt;" in body and "<script" not in body


def _stamped(source: str, kind: str, answers: list[str], **args) -> nbformat.NotebookNode:
    stamp = {"v": 1, "cell": kind, "answers": answers, "args": args}
    return nbformat.v4.new_code_cell(source, metadata={"nbkit": stamp, "widgets": {}})


def test_preprocessors_read_the_stamp_never_the_source():
    lesson = load_lesson(LESSON_DIR)
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {"x": {}}}})
    asked = _stamped("show_me_the_name()", "ask", ["start.name"])  # any source: the stamp decides
    asked.outputs = [nbformat.v4.new_output("display_data", data={WIDGET: {"model_id": "m"}})]
    unstamped = nbformat.v4.new_code_cell('lesson.ask("start.slack")')
    private = _stamped('lesson.ask("needs.notes_key_ideas")', "ask", ["needs.notes_key_ideas"])
    nb.cells = [_stamped("x = 1", "open", [], section="start"), asked, unstamped, private,
                _stamped("lesson.text('x')", "text", [], block="no_such_block")]  # fmt: skip
    document = {
        "answers": {
            "start.name": {"value": "<b>Ada</b>", "updated_at": "x"},
            "start.slack": {"value": "@ada", "updated_at": "x"},
            "needs.notes_key_ideas": {"value": "my own notes", "updated_at": "x"},
        }
    }
    nb, _ = StripWidgetStatePreprocessor().preprocess(nb, {})
    assert "widgets" not in nb.metadata and asked.outputs == []
    nb, _ = StaticAnswersPreprocessor(document=document, lesson=lesson).preprocess(nb, {})
    (output,) = nb.cells[1].outputs
    assert "&lt;b&gt;Ada&lt;/b&gt;" in output.data["text/html"]
    assert "<b>Ada</b>" in output.data["text/plain"]
    assert [c.outputs for c in (nb.cells[0], *nb.cells[2:])] == [[], [], [], []]


def test_text_and_table_cells(simulated_student, lesson_root):
    lesson = load_lesson(LESSON_DIR)
    section = next(s for s in lesson.ordered() if s.blocks)
    block = next(iter(section.blocks))
    nb = nbformat.v4.new_notebook()
    nb.cells = [_stamped("", "open", [], section=section.id), _stamped("", "text", [], block=block),
                _stamped("", "table", [], table="tracker")]  # fmt: skip
    document = {"answers": {}, "tables": {"tracker": [{"name": "Sam <i>", "company": "=1+1"}]}}
    pre = StaticAnswersPreprocessor(document=document, lesson=lesson, text_values={})
    nb, _ = pre.preprocess(nb, {})
    assert "text/markdown" in nb.cells[1].outputs[0].data
    html = nb.cells[2].outputs[0].data["text/html"]
    assert "Sam &lt;i&gt;" in html and "=1+1" in html


def test_nbconvert_renders_an_exported_ipynb_without_a_workspace(
    simulated_student, lesson_root, tmp_path, monkeypatch
):
    (api_html, notebook) = export_lesson(formats=["html", "ipynb"])
    elsewhere = tmp_path / "instructor"  # no nbkit.toml, no workspace: only the submission
    elsewhere.mkdir()
    moved = elsewhere / notebook.name
    moved.write_bytes(notebook.read_bytes())
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("NBKIT_HOME", str(tmp_path / "no-workspace"))
    body, _ = NbkitExporter().from_filename(str(moved))
    assert _without_time(body) == _without_time(api_html.read_text("utf-8"))


def test_nbconvert_renders_a_v1_notebook():
    body, _ = NbkitExporter().from_filename(str(V1 / "partial-student.ipynb"))
    assert "Grace Hopper" in body and "<script" not in body
