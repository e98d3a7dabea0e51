"""No file can stall or stop a grading batch (issue 10, part 6): real worker processes, real
papermill for the valid students, real files. Every hostile file is an `invalid` row with a reason,
the gradebook is always written and nothing is left half-written."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from pathlib import Path

import pytest
from hostile_files import ABORT_KINDS, REASONS, quadratic_texts, write_abort_kinds

from nbkit.config import load_config
from nbkit.grade.budget import Budget, map_budgeted
from nbkit.grade.evaluate import grade_document
from nbkit.grade.intake import read_all, read_one, shown
from nbkit.grade.settings import load_settings
from nbkit.lessons.networking.simulate import config_text, make_submission, past_week1

pytestmark = [pytest.mark.grade]

NOW = dt.datetime.now(dt.UTC)
CLEAR_SCREEN = "\x1b[2J\x1b[Hclear.json"


@pytest.fixture
def folder(tmp_path: Path):
    config_path = tmp_path / "nbkit.toml"
    config_path.write_text(config_text(past_week1()), encoding="utf-8")
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    return config_path, load_config(config_path), submissions


def test_each_abort_kind_is_refused_with_its_reason(folder) -> None:
    _, config, submissions = folder
    files = write_abort_kinds(submissions, config)
    intakes = read_all(sorted(submissions.iterdir()), 5 << 20, NOW, jobs=2)
    assert len(intakes) == len(ABORT_KINDS) == 9
    for intake in intakes:
        kind = files[intake.path.name]
        assert not intake.valid and REASONS[kind] in intake.reason, (kind, intake.reason)
        assert "\n" not in intake.reason


def test_a_notebook_named_upper_case_ipynb_is_read_as_a_notebook(folder) -> None:
    _, config, submissions = folder
    doc = make_submission(config, "complete", "up01", "Upper Case")
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": [],
        "metadata": {"nbkit": {"submission": doc}},
    }
    path = submissions / "UP01.IPYNB"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert read_one(path, 5 << 20, NOW).valid


def test_over_the_time_or_memory_budget_is_a_reason_and_the_rest_go_on() -> None:
    def refused(item: object, why: str) -> str:
        return f"refused: {why}"

    slept = map_budgeted(time.sleep, [0, 30, 0], refused, jobs=2, budget=Budget(seconds=1.5))
    assert slept[0] is None and slept[2] is None
    assert "longer than the 1.5 s budget" in slept[1]
    grown = map_budgeted(bytearray, [8, 3 << 30], refused, jobs=1, budget=Budget(memory_mb=1024))
    assert grown[0] == bytearray(8) and "1,024 MB" in grown[1]


def _median_seconds(work, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return sorted(times)[repeat // 2]


def test_reading_and_grading_time_grows_linearly_up_to_the_size_limit(folder, tmp_path) -> None:
    """The markup filter and the rubric's patterns on texts that were quadratic for Python's re
    (a 206 KB file took minutes): 10x the text may cost at most ~25x the time (quadratic: 100x)."""
    config_path, config, _ = folder
    settings = load_settings(config_path)
    costs = {}
    for size in (120_000, 1_200_000):  # four texts of this size: the second near the 5 MB limit
        path = tmp_path / f"q{size}.json"
        path.write_text(json.dumps(quadratic_texts(config, f"q{size}", size)), encoding="utf-8")

        def work(path: Path = path) -> None:
            intake = read_one(path, 5 << 20, NOW)
            assert intake.valid, intake.reason
            grade_document(intake, settings)

        costs[size] = _median_seconds(work)
    ratio = costs[1_200_000] / costs[120_000]
    print(f"10x the text: {ratio:.1f}x the time {costs}")
    assert ratio < 25, f"10x the text cost {ratio:.1f}x the time: {costs}"


@pytest.mark.slow
def test_a_hostile_folder_is_graded_every_bad_file_a_row(folder, tmp_path) -> None:
    from nbkit.grade.batch import grade_submissions

    config_path, config, submissions = folder
    files = write_abort_kinds(submissions, config)
    for sid in ("ok01", "STU001"):
        doc = make_submission(config, "complete", sid, f"Student {sid}")
        (submissions / f"{sid}.json").write_text(json.dumps(doc), encoding="utf-8")
    older = make_submission(config, "complete", "stu001", "Student again")
    older["exported_at"] = "2026-01-01T00:00:00Z"
    (submissions / "stu001-older.json").write_text(json.dumps(older), encoding="utf-8")
    (submissions / CLEAR_SCREEN).write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    summary = grade_submissions(submissions, out, jobs=2, config_path=config_path, progress=False)
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    graded = {r["student_id"] for r in rows if r["status"] == "graded"}
    assert graded == {"ok01", "STU001"}
    reasons = {r["reason"].split(":")[0]: r["reason"] for r in rows if r["status"] == "invalid"}
    for name, kind in files.items():
        assert REASONS[kind] in reasons[name], (kind, reasons.get(name))
    assert "ids are compared ignoring case" in reasons["stu001-older.json"]
    assert (
        shown(CLEAR_SCREEN) in reasons
        and "file name has control characters" in reasons[shown(CLEAR_SCREEN)]
    )
    text = summary.text() + (out / "gradebook.csv").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\\x1b[2J" in text
    assert not list(out.rglob("*.tmp")) and summary.invalid == len(files) + 2
