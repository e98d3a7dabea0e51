"""Grading is generic over lessons: which lesson a run grades, and the views of a lesson with no
plugin (the interview lesson) built from its own questions (no kernel)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbkit.grade.evaluate import intake_folder, keep_lesson, main_lesson
from nbkit.grade.sample import sample_document
from nbkit.grade.settings import load_settings
from nbkit.grade.views import grade_view, report_view
from nbkit.lessons.networking.simulate import make_submission

pytestmark = [pytest.mark.grade, pytest.mark.unit]

REPO = Path(__file__).resolve().parents[2]
INTERVIEW = REPO / "notebooks" / "interview"
NETWORKING_TERMS = ("networking", "comfort", "ipip", "tracker", "goal", "slack", "action step")


def test_one_run_grades_the_lesson_most_submissions_name(make_cohort, tmp_path: Path) -> None:
    cohort = make_cohort(valid=2)
    interview = load_settings(lesson_dir=INTERVIEW)
    other = dict(sample_document(interview, 1, "Other Lesson"))
    (cohort.submissions / "other.json").write_text(json.dumps(other), encoding="utf-8")
    settings = load_settings(cohort.config_path)
    intakes, _ = intake_folder(cohort.submissions, settings.max_bytes)
    assert main_lesson(intakes) == "module1-week2-networking"
    kept = {i.path.name: i for i in keep_lesson(intakes, main_lesson(intakes))}
    assert "this run grades 'module1-week2-networking'" in kept["other.json"].reason
    assert kept["s000.json"].valid


def test_the_lesson_comes_from_the_submission_through_the_installed_lessons(make_cohort) -> None:
    cohort = make_cohort(valid=1)  # its nbkit.toml names the networking lesson
    interview_id = load_settings(lesson_dir=INTERVIEW).lesson.id
    settings = load_settings(cohort.config_path, lesson_id=interview_id)
    assert settings.lesson.id == interview_id
    assert settings.rubric.path == INTERVIEW / "rubric.toml" and settings.rubric.due == "debrief"
    assert settings.deadline == settings.config.deadline("debrief")


def test_grade_and_report_views_of_a_lesson_without_a_plugin() -> None:
    view = grade_view(lesson_path=str(INTERVIEW))
    page = view.page()
    assert view.settings.lesson.id == "module1-informational-interview"
    assert "Self-assessment" in page and "Your answers" in page
    report = report_view(lesson_path=str(INTERVIEW))
    assert report.stats["graded"] == 12 and set(report.stats["scales"]) == {
        q.id for q in view.settings.scales
    }
    text = (page + json.dumps(report.stats)).lower()
    assert not [t for t in NETWORKING_TERMS if t in text]


def test_the_networking_sample_and_simulated_students_grade(make_cohort) -> None:
    cohort = make_cohort(valid=1)
    view = grade_view(config_path=str(cohort.config_path))
    assert view.settings.lesson.id == "module1-week2-networking"
    assert view.result["student_id"] == "sample00"
    doc = make_submission(cohort.config, "complete")
    assert doc["schema"] == "nbkit.submission/2" and "tracker" in doc["tables"]
