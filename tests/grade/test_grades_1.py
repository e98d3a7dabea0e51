"""Every nbkit.submission/1 file grades as it did before issue 9, and a /2 export of the same
workspace grades the same as its /1 twin.

tests/data/grades-1 holds /1 submissions and the gradebook the pre-issue-9 code made of them
(tests/data/grades-1/generate.py says how); tests/data/submission-1 holds real /1 exports.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from nbkit.grade.batch import grade_submissions
from nbkit.grade.evaluate import grade_document
from nbkit.grade.intake import Intake
from nbkit.grade.rubric import Evaluation, evaluate
from nbkit.grade.settings import Settings, load_settings
from nbkit.store import Store
from nbkit.submission import build_submission, load_into, read_submission

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "grades-1"
EXPORTS = REPO / "tests" / "data" / "submission-1"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
LESSON_ID = "module1-week2-networking"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _feedback(evaluation: Evaluation) -> dict[str, list[str]]:
    return {r.id: [r.feedback, *r.notes] for r in evaluation.results}


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(DATA / "nbkit.toml", lesson_id=LESSON_ID)


@pytest.fixture(scope="module")
def export_settings() -> Settings:
    return load_settings(DATA / "exports-nbkit.toml", lesson_id=LESSON_ID)


@pytest.mark.grade
@pytest.mark.unit
@pytest.mark.parametrize("student_id", sorted(EXPECTED["rows"]))
def test_points_feedback_and_scores_as_before(settings: Settings, student_id: str) -> None:
    expected = EXPECTED["rows"][student_id]
    path = DATA / "submissions" / expected["file"]
    graded = grade_document(Intake(path, "", dict(read_submission(path))), settings)
    e = graded.evaluation
    assert {k: _number(v) for k, v in e.points().items()} == expected["points"]
    assert (_number(e.total), "yes" if e.late else "no") == (expected["total"], expected["late"])
    assert _number(e.hours_late) == expected["hours_late"]
    assert _feedback(e) == expected["feedback"]
    assert graded.scores.get("comfort.ipip") == expected["comfort_score"]


@pytest.mark.grade
@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(EXPECTED["exports"]))
def test_real_1_exports_grade_as_before(export_settings: Settings, name: str) -> None:
    expected = EXPECTED["exports"][name]
    e = evaluate(export_settings.rubric, export_settings.context(read_submission(EXPORTS / name)))
    assert e.points() == expected["points"]
    assert (e.total, e.late, e.hours_late) == (
        expected["total"],
        expected["late"],
        expected["hours_late"],
    )
    assert _feedback(e) == expected["feedback"]


def _twin_2(path: Path, settings: Settings, home: Path) -> dict[str, Any]:
    """The /2 document today's exporter writes for the workspace the /1 file was exported from:
    the workspace rebuilt from the file (answers, rows, takes with their own times), exported."""
    migrated = read_submission(path)
    with Store(home) as store:
        load_into(store, migrated)
        document = build_submission(
            store, settings.config, settings.lesson, exported_at=migrated["exported_at"]
        )
    assert document["schema"] == "nbkit.submission/2"
    return dict(document)


@pytest.mark.grade
@pytest.mark.parametrize("name", ["full-student.json", "partial-student.json"])
def test_a_2_export_grades_as_its_1_twin(
    export_settings: Settings, tmp_path: Path, name: str
) -> None:
    twin = _twin_2(EXPORTS / name, export_settings, tmp_path / "home")
    assert "views" in twin and "tracker" not in twin  # really the /2 shape, built afresh
    e = evaluate(export_settings.rubric, export_settings.context(twin))
    expected = EXPECTED["exports"][name]
    assert e.points() == expected["points"]
    assert (e.total, e.late) == (expected["total"], expected["late"])
    assert _feedback(e) == expected["feedback"]


@pytest.mark.grade
@pytest.mark.slow
def test_the_batch_gradebook_is_the_one_the_1_code_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = grade_submissions(
        DATA / "submissions", out, jobs=2, config_path=DATA / "nbkit.toml", progress=False
    )
    assert summary.failed == [] and summary.exit_code == 0
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    with (DATA / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        before = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert rows == before
