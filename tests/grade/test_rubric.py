"""Rubric evaluation as data: hand-computed points for simulated submissions (no kernel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.errors import ConfigError
from nbkit.grade.rubric import DEFAULT_RUBRIC, evaluate, load_rubric
from nbkit.grade.settings import load_settings
from nbkit.grade.simulate import config_text, make_submission, past_week1

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
# no reason and one time option (1 part: 5); one call question (5); a 9-word message (5);
# SMART with specific+achievable+relevant only (3 parts: 6); no Slack answer; no conversation.
PARTIAL = {
    "comfort": 5,
    "industry_questions": 5,
    "goal_chosen": 5,
    "call_questions": 5,
    "outreach_message": 5,
    "smart_goal": 6,
    "slack_reflection": 0,
    "action_step": 0,
}


@pytest.fixture
def settings(tmp_path: Path):
    path = tmp_path / "nbkit.toml"
    path.write_text(config_text(past_week1()), encoding="utf-8")
    return load_settings(path)


def test_default_rubric_totals_100() -> None:
    assert load_rubric(DEFAULT_RUBRIC).max_points == 100


@pytest.mark.parametrize(
    ("kind", "points", "late", "hours"),
    [
        ("complete", FULL, False, 0.0),
        ("partial", PARTIAL, False, 0.0),
        ("late", FULL, True, 30.0),
    ],
)
def test_points_per_criterion(settings, kind, points, late, hours) -> None:
    result = evaluate(settings.rubric, make_submission(settings.config, kind), settings.context)
    assert result.points() == points
    assert result.total == sum(points.values())
    assert (result.late, result.hours_late) == (late, hours)


def test_time_options_must_be_future_and_before_due(settings) -> None:
    doc = make_submission(settings.config, "complete")
    after_due = settings.context.deadline + dt.timedelta(days=2)
    doc["goals"][0]["time_options"] = ["2000-01-03T10:00", after_due.strftime("%Y-%m-%dT%H:%M")]
    result = evaluate(settings.rubric, doc, settings.context)
    assert result.points()["goal_chosen"] == 10
    assert any("0 given" in n for r in result.results for n in r.notes)


def test_instructor_changes_points_and_thresholds_in_toml(settings, tmp_path: Path) -> None:
    text = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace(
        '{ at_least = 25, points = 10, feedback = "Your Friday',
        '{ at_least = 500, points = 30, feedback = "Your Friday',
    )
    custom = tmp_path / "rubric.toml"
    custom.write_text(text, encoding="utf-8")
    rubric = load_rubric(custom)
    result = evaluate(rubric, make_submission(settings.config, "complete"), settings.context)
    assert result.points()["slack_reflection"] == 5  # 40 words no longer reach the top level
    assert rubric.max_points == 120


@pytest.mark.parametrize(
    ("snippet", "key"),
    [
        ('check = "likert_answered"', "comfort.check"),
        ('id = "comfort"', "criteria[0].id"),
    ],
)
def test_bad_rubric_names_the_key(tmp_path: Path, snippet: str, key: str) -> None:
    broken = {"check": 'check = "no_such_check"', "id": 'id = "total"'}[snippet.split()[0]]
    path = tmp_path / "rubric.toml"
    path.write_text(
        DEFAULT_RUBRIC.read_text(encoding="utf-8").replace(snippet, broken, 1), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_rubric(path)


def test_warm_engine_imports_first_in_a_fresh_process() -> None:
    # Worker processes import the engine before papermill; a `papermill.engine` entry point
    # pointing here once made that a circular import in every fresh install.
    import subprocess
    import sys

    code = "import nbkit.grade.engine as e; e.register(); import papermill.engines as p; p.papermill_engines.get_engine('nbkit-warm')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
