"""`jupyter nbconvert --to nbkit` gives the same deliverable; preprocessors strip widget state."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest
from nbconvert.exporters import get_export_names, get_exporter

from nbkit.export.api import export_lesson
from nbkit.export.exporter import NbkitExporter
from nbkit.export.preprocessors import StaticAnswersPreprocessor, StripWidgetStatePreprocessor

pytestmark = pytest.mark.export
WIDGET = "application/vnd.jupyter.widget-view+json"


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


def test_preprocessors_strip_widgets_and_render_answers(simulated_student, lesson_root):
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {"x": {}}}})
    code = nbformat.v4.new_code_cell('lesson.ask("start.name")', metadata={"widgets": {}})
    code.outputs = [nbformat.v4.new_output("display_data", data={WIDGET: {"model_id": "m"}})]
    nb.cells = [nbformat.v4.new_code_cell('lesson = open_section("start")'), code]
    document = {"answers": {"start.name": {"value": "<b>Ada</b>", "updated_at": "x"}}}
    nb, _ = StripWidgetStatePreprocessor().preprocess(nb, {})
    assert "widgets" not in nb.metadata and code.outputs == []
    nb, _ = StaticAnswersPreprocessor(document=document).preprocess(nb, {})
    assert nb.cells[0].outputs == []
    (output,) = nb.cells[1].outputs
    assert "&lt;b&gt;Ada&lt;/b&gt;" in output.data["text/html"]
    assert "<b>Ada</b>" in output.data["text/plain"]
