"""The instructor's feedback, imported with `nbkit feedback import`, reads inside the lesson in
JupyterLab next to the answers it is about, with the instructor's comment shown as plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nbkit.cli import main
from nbkit.grade.evaluate import grade_document
from nbkit.grade.feedback import feedback_document
from nbkit.grade.gradebook import Override, apply_overrides, graded_row
from nbkit.grade.intake import Intake
from nbkit.grade.sample import sample_document
from nbkit.grade.settings import load_settings
from nbkit.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COMMENT = "Good questions! <img src=x onerror=alert(1)> Ask the second one first."
CRITERION = "Three specific questions about the tech industry"


def _returned_feedback(lab, folder: Path) -> tuple[Path, dict]:
    """What `nbkit grade` would write for one student of this cohort, with an override comment."""
    settings = load_settings(lab.root / "nbkit.toml", lesson_dir=lab.notebooks)
    intake = Intake(Path("s.json"), "", dict(sample_document(settings, 3, "Sam Student")))
    graded = grade_document(intake, settings)
    row = graded_row(graded.evaluation, graded.feedback_file)
    rows, _ = apply_overrides([row], [Override(row.student_id, "industry_questions", 7, COMMENT)])
    doc = feedback_document(rows[0], graded.evaluation, settings.lesson, settings.rubric)
    path = folder / f"{row.student_id}.feedback.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path, doc


def test_feedback_reads_next_to_the_answers_it_is_about(lab, fresh, open_notebook, tmp_path):
    needs = fresh("01_needs_and_notes.ipynb")
    start = fresh("00_start_here.ipynb")
    path, doc = _returned_feedback(lab, tmp_path)
    with Store(fresh.workspace) as store:
        store.save("start.student_id", doc["student"]["student_id"])
    config = str(lab.root / "nbkit.toml")
    assert main(["feedback", "import", str(path), "--workspace", str(fresh.workspace),
                 "--config", config]) == 0  # fmt: skip

    nb = open_notebook(needs)
    nb.run_all()
    box = nb.page.locator(".nbkit-feedback")
    expect(box).to_contain_text(CRITERION)
    expect(box).to_contain_text("7 / 10")
    expect(box.locator(".nbkit-feedback-comment")).to_contain_text(COMMENT)  # as text
    assert box.locator("img").count() == 0
    # Beside the answers it is about: after the questions it grades, before the summary.
    questions = nb.q("needs.questions").first.bounding_box()
    summary = nb.page.locator(".nbkit-summary").first.bounding_box()
    shown = box.first.bounding_box()
    assert questions and summary and shown
    assert questions["y"] < shown["y"] < summary["y"]

    overview = open_notebook(start)
    overview.run_all()
    total = f"{doc['total']:g} / {doc['max_points']:g}"
    expect(overview.page.locator(".nbkit-feedback")).to_contain_text(total)
    expect(overview.page.locator(".nbkit-feedback")).to_contain_text("next to your answers")
