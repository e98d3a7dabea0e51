"""Late policy and extensions: computed at grade time from the current nbkit.toml, never stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from termkit import (
    EXTENDED,
    HANDED_IN,
    build_term,
    by_student,
    read_canvas,
    read_moodle,
    write_config,
)

from nbkit.cli import main
from nbkit.errors import ConfigError
from nbkit.grade.late import LatePolicy, after_penalty, lateness, load_policy, read_extensions
from nbkit.grade.settings import load_settings, with_extensions

DUE = dt.datetime(2026, 3, 6, 23, 59, 59, tzinfo=dt.UTC)
DAILY = LatePolicy(per="day", penalty=10, cap=30, grace_minutes=60)


def at(hours: float) -> dt.datetime:
    return DUE + dt.timedelta(hours=hours)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("hours", "late", "penalty"),
    [
        (-5, False, 0),  # early
        (0, False, 0),  # on the second
        (0.99, False, 0),  # inside the grace hour: on time
        (1.01, True, 10),  # past grace: the first started day
        (24, True, 10),
        (24.01, True, 20),  # every started day counts from the due date
        (49, True, 30),
        (24 * 30, True, 30),  # capped
    ],
)
def test_daily_penalty_with_grace_and_cap(hours: float, late: bool, penalty: float) -> None:
    result = lateness(DAILY, at(hours), DUE)
    assert (result.late, result.penalty) == (late, penalty)
    assert result.hours_late == round(max(hours, 0), 1)


@pytest.mark.unit
def test_hourly_penalty_and_no_due_date() -> None:
    hourly = LatePolicy(per="hour", penalty=2.5, cap=100)
    assert lateness(hourly, at(3.2), DUE).penalty == 10  # 4 started hours
    assert lateness(hourly, at(100), DUE).penalty == 100
    assert lateness(hourly, at(100), None) == lateness(LatePolicy(), at(100), None)
    assert not lateness(hourly, at(100), None).late
    assert lateness(LatePolicy(), at(100), DUE).penalty == 0  # no [late] table: shown, not charged
    assert (after_penalty(15, 30), after_penalty(7, 10)) == (10.5, 6.3)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("late_table", "key"),
    [
        ('per = "week"', "late.per"),
        ("penalty = -1", "late.penalty"),
        ("cap = 150", "late.cap"),
        ("penalty = true", "late.penalty"),
        ("grace = 5", "late"),  # misspelled: strict keys name the closest one
    ],
)
def test_a_bad_late_table_is_one_config_error(tmp_path: Path, late_table: str, key: str) -> None:
    rubric = tmp_path / "rubric.toml"
    rubric.write_text(f"[late]\n{late_table}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_policy(rubric)
    assert f"{key}" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.unit
def test_extensions_read_dates_and_times_in_the_cohort_zone(tmp_path: Path) -> None:
    term = build_term(tmp_path / "t")
    settings = load_settings(term.config_path, term.rubric)
    path = tmp_path / "ext.csv"
    path.write_text(
        "student_id,deliverable,due\ns1,week2,2026-03-09\ns2,week2,2026-03-09 17:00\n\n",
        encoding="utf-8",
    )
    ext = read_extensions(path, settings.config, settings.parts)
    tz = settings.config.tz
    assert ext[("s1", "week2")] == dt.datetime(2026, 3, 9, 23, 59, 59, tzinfo=tz)
    assert ext[("s2", "week2")] == dt.datetime(2026, 3, 9, 17, 0, tzinfo=tz)
    for bad, words in [
        ("s1,nope,2026-03-09", "unknown deliverable 'nope' (known: week2)"),
        ("s1,week2,next friday", "must be a date like 2026-03-09"),
        (",week2,2026-03-09", "student_id is empty"),
    ]:
        path.write_text(f"student_id,deliverable,due\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="line 2") as caught:
            read_extensions(path, settings.config, settings.parts)
        assert words in str(caught.value)


@pytest.mark.unit
def test_an_extension_moves_the_due_date_the_checks_see(tmp_path: Path) -> None:
    term = build_term(tmp_path / "t")
    settings = with_extensions(load_settings(term.config_path, term.rubric), term.extensions)
    part = settings.parts[0]
    assert settings.due_for("s1", part) == (term.due, False)
    moved, extended = settings.due_for("s5", part)  # the CSV wrote S5: ids match in any case
    assert extended and moved.date() == (term.due + dt.timedelta(days=2)).date()
    doc = {"profile": {"student_id": "s5"}, "exported_at": "2026-01-01T00:00:00Z"}
    assert settings.context(doc).deadline == moved


def _grade(term, out: Path, lms: str, capsys) -> tuple[int, str]:
    code = main(
        [
            "grade",
            str(term.submissions),
            "--out",
            str(out),
            "--config",
            str(term.config_path),
            "--rubric",
            str(term.rubric),
            "--roster",
            str(term.roster),
            "--extensions",
            str(term.extensions),
            "--lms",
            lms,
            "--jobs",
            "2",
            "--quiet",
        ]
    )
    return code, capsys.readouterr().out


@pytest.mark.grade
@pytest.mark.slow
def test_penalties_follow_the_due_date_in_nbkit_toml_on_every_regrade(
    tmp_path: Path, capsys
) -> None:
    """One cohort graded twice: the due date moves a week later in nbkit.toml, nothing else."""
    term = build_term(tmp_path / "t")
    out = tmp_path / "out"
    code, printed = _grade(term, out, "canvas", capsys)
    assert code == 0, printed
    rows = by_student(out / "gradebook.csv")
    expected = {"s1": 0, "s2": 0, "s3": 20, "s4": 30, "s5": 0, "s6": 0}
    assert {s: float(r["week2 penalty %"]) for s, r in rows.items()} == expected
    assert {s: float(r["total"]) for s, r in rows.items()} == {
        s: 10 * (100 - p) / 100 for s, p in expected.items()
    }
    assert rows["s2"]["late"] == "no" and rows["s3"]["late"] == "yes"  # grace hour
    assert rows["s3"]["week2 hours late"] == "25"
    assert rows["s5"]["week2 due"].endswith("(extension)") and rows["s5"]["late"] == "no"
    assert "spring-cohort" in rows["s6"]["reason"] and "flagged 's6'" in printed
    # The student's own feedback shows what lateness cost.
    page = (out / "feedback" / "s4.html").read_text(encoding="utf-8")
    assert "30%" in page and "late" in page.lower()

    # Canvas's file carries the same scores after penalty.
    possible, canvas = read_canvas(out / "gradebook-canvas.csv")
    column = "Week 2 hand-in (week2)"
    assert possible == {column: 10}
    scores = {key: s[column] for key, s in canvas.items()}  # keyed by Canvas user id
    assert (scores["103"], scores["104"], scores["105"], scores["107"]) == (8, 7, 10, None)

    write_config(term.config_path, "week 3 friday")  # a week later: nobody is late any more
    code, printed = _grade(term, out, "moodle", capsys)
    assert code == 0, printed
    rows = by_student(out / "gradebook.csv")
    assert {r["week2 penalty %"] for r in rows.values()} == {"0"}
    assert {r["late"] for r in rows.values()} == {"no"}
    assert not rows["s5"]["week2 due"].endswith("(extension)")  # the later date holds
    moodle = read_moodle(out / "gradebook-moodle.csv")
    assert moodle["SIS004"] == {"Week 2 hand-in (week2)": 10}
    assert set(HANDED_IN) | set(EXTENDED) <= set(rows)


@pytest.mark.unit
def test_a_submission_of_another_cohort_is_flagged_not_dropped() -> None:
    from nbkit.grade.gradebook import other_cohort

    assert other_cohort({"cohort": {"name": " Fall-2026 "}}, "fall-2026") == ""
    flag = other_cohort({"cohort": {"name": "spring\x1b[2J"}}, "fall-2026")
    assert flag == "exported for cohort 'spring\\x1b[2J', not this run's 'fall-2026'"
    assert "not this run's" in other_cohort({}, "fall-2026")
