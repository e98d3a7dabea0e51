"""Rubric evaluation as data: hand-computed points for simulated submissions, strict rubric keys,
checks from the registry (no kernel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from nbkit import registry
from nbkit.content import load_lesson
from nbkit.errors import ConfigError
from nbkit.grade.checks import CheckResult, Context
from nbkit.grade.evaluate import context_for
from nbkit.grade.rubric import evaluate, load_rubric
from nbkit.grade.settings import load_settings
from nbkit.lessons.networking.simulate import config_text, make_submission, past_week1

REPO = Path(__file__).resolve().parents[2]
DEFAULT_RUBRIC = REPO / "notebooks" / "networking" / "rubric.toml"

pytestmark = [pytest.mark.grade, pytest.mark.unit]

FULL = {
    "comfort": 10,
    "industry_questions": 10,
    "goal_chosen": 15,
    "call_questions": 10,
    "outreach_message": 10,
    "smart_goal": 20,
    "slack_reflection": 10,
    "action_step": 15,
}
# partial: 6 of 10 items (5); 2 good questions + 1 blank (5); community goal with a contact but
# no reason and one time option (1 part: 5); one call question (5); a 9-word message of its own
# (5); a 5-word goal statement, under the question's 15 words (0); no Slack answer; no
# conversation. (Before issue 10 the 5-word goal earned 6 for its keywords.)
PARTIAL = {
    "comfort": 5,
    "industry_questions": 5,
    "goal_chosen": 5,
    "call_questions": 5,
    "outreach_message": 5,
    "smart_goal": 0,
    "slack_reflection": 0,
    "action_step": 0,
}


@pytest.fixture
def settings(tmp_path: Path):
    path = tmp_path / "nbkit.toml"
    path.write_text(config_text(past_week1()), encoding="utf-8")
    return load_settings(path)


def test_the_lessons_rubric_is_the_default_and_totals_100(settings) -> None:
    assert settings.rubric.path == DEFAULT_RUBRIC
    assert settings.rubric.max_points == 100 and settings.rubric.due == "action_step"


@pytest.mark.parametrize(
    ("kind", "points", "late", "hours"),
    [
        ("complete", FULL, False, 0.0),
        ("partial", PARTIAL, False, 0.0),
        ("late", FULL, True, 30.0),
    ],
)
def test_points_per_criterion(settings, kind, points, late, hours) -> None:
    result = evaluate(settings.rubric, settings.context(make_submission(settings.config, kind)))
    assert result.points() == points
    assert result.total == sum(points.values())
    assert (result.late, result.hours_late) == (late, hours)


def test_time_options_must_be_future_and_before_due(settings) -> None:
    doc = make_submission(settings.config, "complete")
    after_due = settings.deadline + dt.timedelta(days=2)
    goal = doc["views"]["networking"]["goals"][0]
    goal["time_options"] = ["2000-01-03T10:00", after_due.strftime("%Y-%m-%dT%H:%M")]
    result = evaluate(settings.rubric, settings.context(doc))
    assert result.points()["goal_chosen"] == 10
    assert any("0 given" in n for r in result.results for n in r.notes)


def test_instructor_changes_points_and_thresholds_in_toml(settings, tmp_path: Path) -> None:
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace(
        '{ at_least = 20, points = 10, feedback = "Your Friday',
        '{ at_least = 500, points = 30, feedback = "Your Friday',
    )
    custom = tmp_path / "rubric.toml"
    custom.write_text(text, encoding="utf-8")
    rubric = load_rubric(custom)
    result = evaluate(rubric, settings.context(make_submission(settings.config, "complete")))
    assert result.points()["slack_reflection"] == 5  # 40 words no longer reach the top level
    assert rubric.max_points == 120


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('check = "likert_answered"', 'check = "no_such_check"', "comfort.check", "no rubric check"),
        ('check = "networking.goal_message"', 'check = "goal_message"', "outreach_message.check",
         "did you mean 'networking.goal_message'"),
        ('id = "comfort"', 'id = "total"', "criteria[0].id", "not a column name"),
        ('question = "needs.questions"', 'questoin = "needs.questions"',
         "industry_questions.questoin", "did you mean 'question'"),
        ('criteria = ["action_step"]', 'criteria = ["action_stepp"]', "action.criteria",
         "no criterion 'action_stepp'"),
        ('criteria = ["action_step"]', 'criteria = ["comfort", "action_step"]', "action.criteria",
         "'comfort' is in 'goal' too"),
        ('criteria = ["action_step"]', 'criteria = ["comfort"]', "action.criteria",
         "'comfort' is in 'goal' too"),
        ('due = "reflection_deliverable"', 'dew = "reflection_deliverable"', "deliverables[0].dew",
         "did you mean 'due'"),
        ('title = "Introduction to Networking: ', 'tittle = "', "rubric.tittle", "did you mean 'title'"),
        ('due = "action_step"', 'due = "action_stp"', "rubric.due", "did you mean 'action_step'"),
        ("{ at_least = 10, points = 10,", "{ at_least = 10, point = 10,", "comfort.levels[0].point",
         "did you mean 'points'"),
        ('question = "comfort.ipip"\n', "", "comfort.question", "needs it"),
    ],
)  # fmt: skip
def test_a_wrong_rubric_key_names_file_key_and_closest(
    settings, tmp_path: Path, old: str, new: str, key: str, message: str
) -> None:
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rubric.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    config = tmp_path / "nbkit.toml"
    config.write_text(
        settings.config.path.read_text(encoding="utf-8") + f'\n[grading]\nrubric = "{path}"\n'
        if "[grading]" not in settings.config.path.read_text(encoding="utf-8")
        else settings.config.path.read_text(encoding="utf-8").replace(
            "[grading]\n", f'[grading]\nrubric = "{path}"\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(config)  # nbkit.toml's [grading] rubric wins over the lesson's
    assert str(caught.value).startswith(f"{path}: {key}: "), str(caught.value)
    assert message in str(caught.value)
    assert caught.value.exit_code == 3


def test_rubric_and_checks_name_no_lesson_in_the_core() -> None:
    core = [REPO / "nbkit" / "grade", REPO / "notebooks" / "instructor"]
    words = ("networking", "comfort", "goal", "tracker", "ipip", "slack", "action_step")
    for folder in core:
        for path in sorted(folder.rglob("*.py")) + sorted(folder.glob("*.ipynb")):
            text = path.read_text(encoding="utf-8").lower()
            found = [w for w in words if w in text]
            assert not found, (path, found)


def test_a_lesson_without_a_plugin_grades_with_generic_checks_only(tmp_path: Path) -> None:
    interview = REPO / "notebooks" / "interview"
    if not (interview / "rubric.toml").is_file():
        pytest.skip("the interview lesson has no rubric yet")
    lesson = load_lesson(interview)
    rubric = load_rubric(lesson.rubric or interview / "rubric.toml")
    assert all("." not in c.check for c in rubric.criteria)


def test_a_plugin_check_from_the_registry(settings, tmp_path: Path) -> None:
    def held_rows(ctx: Context, *, table: str = "tracker") -> CheckResult:
        return CheckResult(len(ctx.table(table)), ("counted",))

    registry.checks.register("test.rows", held_rows)
    try:
        path = tmp_path / "rubric.toml"
        path.write_text(
            '[rubric]\ntitle = "t"\n\n[[criteria]]\nid = "rows"\ncheck = "test.rows"\n'
            'levels = [{ at_least = 1, points = 3, feedback = "a row" }]\n',
            encoding="utf-8",
        )
        rubric = load_rubric(path)
        result = evaluate(rubric, settings.context(make_submission(settings.config)))
        assert (result.total, result.results[0].notes, result.late) == (3, ("counted",), False)
    finally:
        registry.checks.unregister("test.rows")


def test_warm_engine_imports_first_in_a_fresh_process() -> None:
    # Worker processes import the engine before papermill; a `papermill.engine` entry point
    # pointing here once made that a circular import in every fresh install.
    import subprocess
    import sys

    code = "import nbkit.grade.engine as e; e.register(); import papermill.engines as p; p.papermill_engines.get_engine('nbkit-warm')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_seeds_two_deliverables_are_graded_and_dated_apart(settings) -> None:
    """A Week-2 hand-in: the goal deliverable complete and on time, the action step still to do
    (and not late: its due date is Monday of Week 6)."""
    doc = make_submission(settings.config, "complete")
    week2 = settings.config.day(2, "friday")
    doc["exported_at"] = f"{week2.isoformat()}T20:00:00Z"
    doc["views"]["networking"]["goals"][0]["steps"] = ["message_sent"]
    doc["tables"]["tracker"] = []
    result = evaluate(settings.rubric, context_for(doc, settings))
    goal, action = result.deliverables
    assert (goal.id, goal.points, goal.max, goal.late) == ("goal", 85, 85, False)
    assert (action.id, action.points, action.max, action.late) == ("action", 0, 15, False)
    due = settings.config.deadline("reflection_deliverable").isoformat()
    assert goal.due == due and action.due == settings.config.deadline("action_step").isoformat()


def test_each_deliverable_is_late_by_its_own_due_date(settings, tmp_path: Path) -> None:
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace(
        'due = "reflection_deliverable"', 'due = "slack_reflection"'
    )
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    rubric = load_rubric(path)
    doc = make_submission(settings.config, "complete")
    slack_due = settings.config.deadline("slack_reflection")
    doc["exported_at"] = (slack_due + dt.timedelta(hours=5)).astimezone(dt.UTC).isoformat()
    ctx = replace(settings.context(doc), deadlines={"slack_reflection": slack_due})
    goal, action = evaluate(rubric, ctx).deliverables
    assert (goal.late, goal.hours_late, action.late, action.hours_late) == (True, 5.0, False, 0)


def test_tracker_logging_is_not_needed_for_full_marks(settings) -> None:
    """The seed only suggests the tracker: a takeaway under the goal plan is enough."""
    doc = make_submission(settings.config, "complete")
    doc["tables"]["tracker"] = []
    goal_id = doc["views"]["networking"]["goals"][0]["id"]
    takeaway = "Sam said to build one small project end to end and ask for a code review."
    doc["answers"][f"goals.{goal_id}.takeaway"] = {
        "value": takeaway,
        "updated_at": doc["exported_at"],
    }
    assert evaluate(settings.rubric, context_for(doc, settings)).points()["action_step"] == 15


def test_a_rubric_without_deliverables_is_one_holding_every_criterion(tmp_path: Path) -> None:
    path = tmp_path / "rubric.toml"
    path.write_text(
        '[rubric]\nid = "r"\ntitle = "All of it"\ndue = "action_step"\n\n[[criteria]]\n'
        'id = "a"\ncheck = "answered"\nfield = "answers:x"\n'
        "levels = [{ at_least = 1, points = 3 }]\n",
        encoding="utf-8",
    )
    (only,) = load_rubric(path).deliverables
    assert (only.id, only.title, only.due, only.criteria) == (
        "r",
        "All of it",
        "action_step",
        ("a",),
    )


def test_full_marks_for_a_text_start_at_the_notebooks_minimum() -> None:
    """One number: a text criterion's top level asks for exactly the words the notebook asks for."""
    for folder in ("networking", "interview"):
        lesson = load_lesson(REPO / "notebooks" / folder)
        rubric = load_rubric(lesson.rubric or REPO / "notebooks" / folder / "rubric.toml")
        for c in rubric.criteria:
            if c.check in ("text_words", "networking.own_text") and "question" in c.params:
                question = lesson.question(c.params["question"])
                assert c.levels[0].at_least == question.min_words, (folder, c.id)
