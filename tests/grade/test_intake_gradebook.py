"""Refusing bad submissions with a reason, overrides, and a CSV safe for spreadsheets (no kernel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nbkit.grade.evaluate import intake_folder
from nbkit.grade.gradebook import apply_overrides, invalid_row, read_overrides, to_csv
from nbkit.grade.settings import load_settings

pytestmark = [pytest.mark.grade, pytest.mark.unit]

REASONS = {
    "malformed.json": "not valid JSON",
    "truncated.json": "not valid JSON",
    "wrong-schema.json": "nbkit.submission/9",
    "oversized.json": "over the",
    "dup-older.json": "duplicate student id; the newer dup-newer.json is graded",
    "future.json": "is in the future",
    "traversal.json": "profile.student_id",
    "markup.json": "HTML markup in profile.name",
    "metadata-code.ipynb": "unexpected metadata.nbkit keys: preprocess",
}


def test_each_hostile_kind_is_refused_with_its_reason(make_cohort) -> None:
    cohort = make_cohort(valid=2)
    settings = load_settings(cohort.config_path)
    intakes, copies = intake_folder(cohort.submissions, settings.max_bytes)
    by_file = {i.path.name: i for i in intakes}
    for name, reason in REASONS.items():
        assert not by_file[name].valid, name
        assert reason in by_file[name].reason, (name, by_file[name].reason)
    for name in ("s000.json", "s001.json", "dup-newer.json", "notebook-code.ipynb", "lt01.json"):
        assert by_file[name].valid, (name, by_file[name].reason)
    assert copies == 1 and "s000.ipynb" not in by_file  # the same export handed in twice
    assert by_file["traversal.json"].student_id == ""  # never used in a path


def test_symlink_is_refused(make_cohort) -> None:
    cohort = make_cohort(valid=1)
    (cohort.submissions / "link.json").symlink_to(cohort.submissions / "s000.json")
    intakes, _ = intake_folder(cohort.submissions, load_settings(cohort.config_path).max_bytes)
    assert "not a regular file" in {i.path.name: i for i in intakes}["link.json"].reason


def test_future_check_uses_now(make_cohort) -> None:
    cohort = make_cohort(valid=1)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    intakes, _ = intake_folder(
        cohort.submissions, load_settings(cohort.config_path).max_bytes, now=later
    )
    assert {i.path.name: i for i in intakes}["future.json"].valid


def test_csv_cells_cannot_become_formulas() -> None:
    settings = load_settings()
    row = invalid_row("", "=cmd|' /C calc'!A0.json", "not valid JSON")
    text = to_csv([row], settings.rubric)
    assert "'=cmd" in text and ",=cmd" not in text


def test_overrides_apply_and_bad_lines_are_reported(tmp_path: Path) -> None:
    from nbkit.grade.gradebook import Row

    settings = load_settings()
    path = tmp_path / "overrides.csv"
    read_overrides(path, settings.rubric)  # creates the empty template
    assert path.read_text(encoding="utf-8").startswith("student_id,criterion,points,comment")
    path.write_text(
        "student_id,criterion,points,comment\n"
        "s1,slack_reflection,7,Posted in Slack directly\n"
        "s1,nope,1,\n"
        "s1,comfort,99,\n"
        "ghost,comfort,1,\n",
        encoding="utf-8",
    )
    overrides, problems = read_overrides(path, settings.rubric)
    assert len(problems) == 2
    row = Row(
        "s1", "A", {c.id: 0.0 for c in settings.rubric.criteria}, False, 0.0, "graded", "", ""
    )
    rows, more = apply_overrides([row], overrides)
    assert rows[0].points["slack_reflection"] == 7 and rows[0].total == 7
    assert rows[0].comments == (("slack_reflection", "Posted in Slack directly"),)
    assert more == ["overrides: no graded submission for student 'ghost'"]


def test_ids_equal_but_for_case_are_one_student(make_cohort) -> None:
    import json

    from nbkit.grade.intake import read_one, resolve_duplicates
    from nbkit.lessons.networking.simulate import make_submission

    cohort = make_cohort(valid=1)
    now = dt.datetime.now(dt.UTC)
    paths = []
    for sid, stamp in (("stu001", "2026-01-01T00:00:00Z"), ("STU001", None)):
        doc = make_submission(cohort.config, "complete", sid, f"Student {sid}")
        doc["exported_at"] = stamp or doc["exported_at"]
        paths.append(cohort.root / f"{sid}-x.json")
        paths[-1].write_text(json.dumps(doc), encoding="utf-8")
    kept, _ = resolve_duplicates([read_one(p, 5 << 20, now) for p in paths])
    by_file = {i.path.name: i for i in kept}
    assert by_file["STU001-x.json"].valid
    assert "ids are compared ignoring case" in by_file["stu001-x.json"].reason


def test_names_reach_the_terminal_and_csv_as_visible_escapes() -> None:
    from nbkit.grade.intake import shown

    assert shown("\x1b[2Jclear\u202e.json") == "\\x1b[2Jclear\\u202e.json"
    assert shown("Zoë 李") == "Zoë 李"
