"""Feedback back in the lesson: `nbkit grade` writes a file per student, the student imports it
(`nbkit feedback import`), the lesson's feedback() cells show it. The file is data: validated,
checked against the lesson and the student, escaped when shown, never executed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nbkit.cli import main
from nbkit.content import load_lesson
from nbkit.feedback import (
    FeedbackError,
    load_stored,
    overview_html,
    parse,
    section_html,
    validate,
)
from nbkit.grade.feedback import (
    criterion_section,
    feedback_document,
    feedback_json_name,
    scale_html,
)
from nbkit.grade.gradebook import Override, apply_overrides, graded_row
from nbkit.grade.report import MIN_GROUP, ScaleResult, place, scale_summary
from nbkit.grade.rubric import load_rubric
from nbkit.store import Store

REPO = Path(__file__).resolve().parents[2]
NETWORKING = REPO / "notebooks" / "networking"
INTERVIEW = REPO / "notebooks" / "interview"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script> & {{7*7}}"


def _sample_document(comment: str = HOSTILE) -> dict:
    from nbkit.grade.evaluate import grade_document
    from nbkit.grade.intake import Intake
    from nbkit.grade.sample import sample_document
    from nbkit.grade.settings import load_settings

    settings = load_settings(lesson_dir=INTERVIEW)
    intake = Intake(Path("s.json"), "", dict(sample_document(settings, 1, "Sam <b>Ple</b>")))
    graded = grade_document(intake, settings)
    row = graded_row(graded.evaluation, graded.feedback_file)
    rows, problems = apply_overrides([row], [Override(row.student_id, "learned", 3, comment)])
    assert problems == []
    return feedback_document(rows[0], graded.evaluation, settings.lesson, settings.rubric)


@pytest.mark.unit
def test_each_criterion_sits_beside_the_section_whose_answers_it_reads():
    lesson, rubric = load_lesson(NETWORKING), load_rubric(NETWORKING / "rubric.toml")
    where = {c.id: criterion_section(c, lesson) for c in rubric.criteria}
    assert where["comfort"] == "comfort"
    assert where["industry_questions"] == "needs"
    assert where["goal_chosen"] == ""  # a plugin check reading several answers: the overview
    interview = load_lesson(INTERVIEW)
    placed = {
        c.id: criterion_section(c, interview)
        for c in load_rubric(INTERVIEW / "rubric.toml").criteria
    }
    assert placed["questions"] == "prepare" and placed["learned"] == "debrief"
    assert placed["conversation"] == load_lesson(INTERVIEW).tables["contacts"].section


@pytest.mark.unit
def test_the_document_carries_points_after_overrides_and_the_comment_as_plain_text():
    doc = _sample_document()
    learned = next(c for c in doc["criteria"] if c["id"] == "learned")
    assert learned["points"] == 3 and learned["comment"] == HOSTILE
    assert doc["total"] == sum(c["points"] for c in doc["criteria"])
    assert validate(json.loads(json.dumps(doc))) == doc  # round-trips as plain JSON


@pytest.mark.unit
def test_what_the_lesson_shows_is_escaped_text():
    doc, lesson = _sample_document(), load_lesson(INTERVIEW)
    page = section_html(doc, "debrief") + overview_html(doc, lesson)
    assert "<img" not in page and "<script" not in page and "<b>Ple" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "What you learned, in your own words" in section_html(doc, "debrief")
    assert section_html(doc, "start") == "" and section_html(None, "debrief") == ""
    assert "nbkit feedback import" in overview_html(None, lesson)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"\xff\xfe not json", "not JSON"),
        (b'{"schema": "nbkit.submission/2"}', "not nbkit feedback"),
        (b"[" * 2_000_000, "larger than"),
    ],
)
def test_a_file_that_is_not_feedback_is_refused_with_a_reason(raw, why):
    with pytest.raises(FeedbackError, match=why):
        parse(raw)


@pytest.mark.unit
def test_unknown_keys_and_markup_smuggled_as_structure_are_refused():
    doc = _sample_document()
    doc["criteria"][0]["html"] = "<script>alert(1)</script>"
    with pytest.raises(FeedbackError):
        validate(doc)


@pytest.mark.unit
def test_no_cohort_statistic_about_fewer_than_five_students():
    lesson = load_lesson(NETWORKING)
    question = lesson.question("comfort.ipip")
    few = scale_summary({f"s{i}": 30 + i for i in range(MIN_GROUP - 1)})
    enough = scale_summary({f"s{i}": 30 + i for i in range(MIN_GROUP)})
    assert place(31, few) is None
    assert "Cohort mean" not in scale_html(ScaleResult(question, 31, place(31, few)))
    shown = scale_html(ScaleResult(question, 31, place(31, enough)))
    assert "Cohort mean" in shown and f"{MIN_GROUP} students" in shown


def _lesson_root(tmp_path: Path, lesson: Path) -> tuple[Path, Path]:
    import shutil

    root = tmp_path / "student"
    shutil.copytree(lesson, root / "lesson", ignore=shutil.ignore_patterns(".*"))
    (root / "nbkit.toml").write_text(
        '[lesson]\nfolder = "lesson"\n\n[cohort]\nname = "c"\nweek1_start = 2026-01-05\n'
        'timezone = "UTC"\n',
        encoding="utf-8",
    )
    return root / "nbkit.toml", root / ".nbkit"


@pytest.mark.unit
def test_import_checks_lesson_and_student_and_keeps_the_file(tmp_path, capsys):
    config, home = _lesson_root(tmp_path, INTERVIEW)
    doc = _sample_document()
    sid = doc["student"]["student_id"]
    file = tmp_path / f"{sid}.feedback.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    args = ["feedback", "import", str(file), "--config", str(config), "--workspace", str(home)]

    with Store(home) as store:
        store.save("start.student_id", "someone-else")
    assert main(args) == 5
    assert "belongs to 'someone-else'" in capsys.readouterr().err
    assert load_stored(home, doc["lesson"]["id"]) is None

    with Store(home) as store:
        store.save("start.student_id", sid)
    assert main(args) == 0
    assert load_stored(home, doc["lesson"]["id"]) == doc

    other = dict(doc, lesson={"id": "module1-week2-networking"})
    file.write_text(json.dumps(other), encoding="utf-8")
    assert main(args) == 5
    assert "for lesson 'module1-week2-networking'" in capsys.readouterr().err
    assert load_stored(home, doc["lesson"]["id"]) == doc  # the earlier import is untouched


@pytest.mark.grade
@pytest.mark.slow
def test_grade_writes_one_importable_file_per_graded_student(graded):
    _summary, out, _before = graded
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["status"] == "graded"]
    assert rows
    for row in rows:
        doc = parse((out / feedback_json_name(row["feedback_file"])).read_bytes())
        assert doc["student"]["student_id"] == row["student_id"]
        assert doc["total"] == float(row["total"])
        assert {c["id"]: c["points"] for c in doc["criteria"]} == {
            c["id"]: float(row[c["id"]]) for c in doc["criteria"]
        }
