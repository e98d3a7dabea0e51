from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.config import load_config, week_day
from nbkit.content import load_lesson
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
        (lambda t: t + "\n[grading]\nfile_seconds = 0\n", "grading.file_seconds"),
        (lambda t: t + '\n[grading]\nfile_memory_mb = "lots"\n', "grading.file_memory_mb"),
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


@pytest.mark.parametrize(
    ("added", "key", "suggestion"),
    [
        ("[minutes]\nneed = 45\n", "minutes.need", "needs"),
        ('[grading]\nrubirc = "r.toml"\n', "grading.rubirc", "rubric"),
        ('[due]\naction_stp = "week 6 monday"\n', "due.action_stp", "action_step"),
        ('[lesson]\nfolde = "x"\n', "lesson.folde", "folder"),
        ("[grading]\nfile_second = 5\n", "grading.file_second", "file_seconds"),
        ("[cohrt]\n", "cohrt", "cohort"),
    ],
)
def test_a_misspelled_key_is_exit_3_naming_it(
    config_file: Path, added: str, key: str, suggestion: str
):
    config_file.write_text(config_file.read_text() + "\n" + added)
    with pytest.raises(ConfigError) as info:
        load_config(config_file)
    assert info.value.key == key and info.value.exit_code == 3
    assert f"did you mean '{suggestion}'?" in str(info.value)


def test_reading_budget_per_file_is_set_in_grading(config_file: Path):
    from nbkit.grade.budget import Budget
    from nbkit.grade.settings import load_settings

    assert load_settings(config_file).file_budget == Budget(30.0, 2048)
    config_file.write_text(
        config_file.read_text() + "\n[grading]\nfile_seconds = 2.5\nfile_memory_mb = 512\n"
    )
    assert load_settings(config_file).file_budget == Budget(2.5, 512)


def test_links_and_instructor_keys_are_strict_too(config_file: Path):
    text = config_file.read_text()
    config_file.write_text(text.replace("video =", "vidoe ="))
    with pytest.raises(ConfigError, match="links.vidoe: unknown key; did you mean 'video'"):
        load_config(config_file)
    config_file.write_text(text.replace('slack = "@allison', 'slak = "@allison'))
    with pytest.raises(ConfigError, match=r"instructors\[0\].slak: unknown key"):
        load_config(config_file)


def test_declared_defaults_come_from_the_lesson_and_nbkit_toml_overrides_them(config_file: Path):
    lesson = load_lesson()
    config_file.write_text(config_file.read_text() + "\n[minutes]\nneeds = 45\n")
    config = load_config(config_file)
    assert config.minutes["needs"] == 45
    assert config.minutes["start"] == lesson.minutes["start"].default
    assert config.links["video"] == "https://videos.example.org/networking"
    assert config.links["coaching_request"] == lesson.links["coaching_request"].default
    assert set(config.due) == set(lesson.due)
    assert config.label("due", "action_step") == lesson.due["action_step"].label
    assert config.lesson_id == lesson.id


def test_config_follows_the_lesson_it_is_given(config_file: Path, tmp_path: Path):
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "lesson.toml").write_text(
        'id = "talks"\nversion = "1"\ntitle = "Talks"\n'
        '[profile]\nname = "a.name"\nstudent_id = "a.id"\n'
        '[[sections]]\nid = "a"\ntitle = "A"\ncontent = "a.toml"\n'
        '[due.talk]\nlabel = "Your talk"\ndefault = "week 2 tuesday"\n',
        encoding="utf-8",
    )
    (folder / "a.toml").write_text(
        '[[questions]]\nid = "a.name"\nkind = "short"\nlabel = "Name"\n'
        '[[questions]]\nid = "a.id"\nkind = "short"\nlabel = "Id"\n',
        encoding="utf-8",
    )
    # the fixture's [links] video is a key of the default lesson, not of this one
    with pytest.raises(ConfigError, match="links.video: unknown key"):
        load_config(config_file, lesson=load_lesson(folder))
    config_file.write_text(
        config_file.read_text().replace(
            '[links]\nvideo = "https://videos.example.org/networking"', ""
        )
        + '\n[lesson]\nid = "talks"\nfolder = "talks"\n'
    )
    config = load_config(config_file)
    assert config.lesson_id == "talks" and config.lesson_folder == folder.resolve()
    assert config.due_dates() == {"talk": dt.date(2026, 10, 27)}
    assert config.minutes == {} and config.links == {}
    with pytest.raises(
        ConfigError, match=r"due.action_step: not a due date of the lesson \(talk\)"
    ):
        config.deadline("action_step")
    assert config.deadline("talk").date() == dt.date(2026, 10, 27)


def test_a_lesson_folder_that_is_not_there_is_named(config_file: Path):
    config_file.write_text(config_file.read_text() + '\n[lesson]\nfolder = "nowhere"\n')
    with pytest.raises(ConfigError) as info:
        load_config(config_file)
    assert info.value.key == "lesson.folder" and "no lesson.toml" in str(info.value)
