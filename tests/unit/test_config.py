from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.config import load_config, week_day
from nbkit.errors import ConfigError

pytestmark = pytest.mark.unit


def test_week_and_weekday_arithmetic():
    monday = dt.date(2026, 11, 23)
    assert week_day(monday, 1, "monday") == monday
    assert week_day(monday, 2, "friday") == dt.date(2026, 12, 4)
    assert week_day(monday, 6, "monday") == dt.date(2026, 12, 28)


def test_due_dates_in_cohort_zone_across_daylight_saving_change(config_file: Path):
    # Week 1 starts 2026-10-19 (MDT, UTC-6); US daylight saving ends 2026-11-01, so Monday of
    # Week 6 (2026-11-23) is in MST (UTC-7): same local end of day, different UTC offset.
    config = load_config(config_file)
    assert config.due_dates()["slack_reflection"] == dt.date(2026, 10, 30)
    assert config.due_dates()["action_step"] == dt.date(2026, 11, 23)
    week1_end = config.end_of_day(config.week1_start)
    deadline = config.deadline("action_step")
    assert week1_end.utcoffset() == dt.timedelta(hours=-6)
    assert deadline.utcoffset() == dt.timedelta(hours=-7)
    assert deadline.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 6, 59, 59, tzinfo=dt.UTC)


def test_repo_config_loads(repo: Path):
    config = load_config(repo / "nbkit.toml")
    assert config.week1_start.weekday() == 0
    assert config.primary_instructor().slack == "@allison_reu_singer"
    assert set(config.minutes) == {"start", "needs", "comfort", "goals", "tracker", "reflection"}


def test_due_override(config_file: Path):
    config_file.write_text(config_file.read_text() + '\n[due]\naction_step = "week 7 tuesday"\n')
    assert load_config(config_file).due_dates()["action_step"] == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (
            lambda t: t.replace('timezone = "America/Denver"', 'timezone = "Mars/Olympus"'),
            "cohort.timezone",
        ),
        (
            lambda t: t.replace("week1_start = 2026-10-19", "week1_start = 2026-10-21"),
            "cohort.week1_start",
        ),
        (
            lambda t: t.replace("week1_start = 2026-10-19", 'week1_start = "2026-02-30"'),
            "cohort.week1_start",
        ),
        (lambda t: t.replace('name = "test-cohort"\n', ""), "cohort.name"),
        (
            lambda t: t.replace(
                'video = "https://videos.example.org/networking"', "video = 'javascript:alert(1)'"
            ),
            "links.video",
        ),
        (lambda t: t + "\n[minutes]\nneeds = -5\n", "minutes.needs"),
        (lambda t: t + '\n[due]\naction_step = "someday"\n', "due.action_step"),
        (lambda t: t.replace('slack = "@allison_reu_singer"', ""), "instructors[0].slack"),
    ],
)
def test_invalid_config_names_file_and_key(config_file: Path, edit, key: str):
    config_file.write_text(edit(config_file.read_text()))
    with pytest.raises(ConfigError) as info:
        load_config(config_file)
    assert info.value.key == key
    assert str(config_file) in str(info.value)


def test_unparseable_and_missing_files(tmp_path: Path):
    bad = tmp_path / "nbkit.toml"
    bad.write_text("[cohort\nname=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "missing.toml")


def test_packaged_default_config_loads():
    from nbkit.config import default_config_path

    assert load_config(default_config_path()).timezone
