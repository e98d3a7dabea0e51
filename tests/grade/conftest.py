"""A simulated cohort (valid and hostile submissions) graded once, shared by the batch tests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from nbkit.config import Config, load_config
from nbkit.lessons.networking.simulate import (
    config_text,
    make_submission,
    past_week1,
    write_hostile,
    write_valid,
)


@dataclass
class Cohort:
    root: Path
    config_path: Path
    config: Config
    submissions: Path
    marker: Path
    valid: dict[str, str]
    hostile: dict[str, str]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_cohort(root: Path, valid: int = 5) -> Cohort:
    root.mkdir(parents=True, exist_ok=True)
    config_path = root / "nbkit.toml"
    config_path.write_text(config_text(past_week1(), max_mb=0.2), encoding="utf-8")
    config = load_config(config_path)
    submissions = root / "submissions"
    submissions.mkdir()
    marker = root / "MARKER"
    kinds = write_valid(submissions, config, valid)
    hostile = write_hostile(submissions, config, marker)
    # Text with characters that mean something in HTML, but no markup: graded, shown escaped.
    doc = make_submission(config, "complete", "lt01", 'Tom "Tag" <3 & Co')
    extra = ' I learned that 3 < 5 & "quotes" stay text, and how <div> and <a> tags nest.'
    doc["views"]["networking"]["reflection"]["slack"] += extra
    doc["answers"]["reflection.slack"]["value"] += extra
    (submissions / "lt01.json").write_text(json.dumps(doc), encoding="utf-8")
    # The same export handed in twice (.json and .ipynb) counts once.
    copy = json.loads((submissions / "s000.json").read_text(encoding="utf-8"))
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": [],
        "metadata": {"nbkit": {"submission": copy}},
    }
    (submissions / "s000.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return Cohort(root, config_path, config, submissions, marker, kinds, hostile)


@pytest.fixture
def make_cohort(tmp_path: Path):
    """Build a fresh cohort in this test's tmp_path: make_cohort(valid=2)."""
    return lambda valid=5: build_cohort(tmp_path / "c", valid)


@pytest.fixture(scope="session")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Cohort:
    return build_cohort(tmp_path_factory.mktemp("cohort"))


@pytest.fixture(scope="session")
def graded(cohort: Cohort):
    """The cohort graded once: (summary, out dir, submissions digest before)."""
    from nbkit.grade.batch import grade_submissions

    before = tree_digest(cohort.submissions)
    roster = cohort.root / "roster.csv"
    roster.write_text(
        "student_id,name\ns000,Ada 0\ns001,Grace 1\nzz99,Never Handed In\n", encoding="utf-8"
    )
    out = cohort.root / "out"
    summary = grade_submissions(
        cohort.submissions,
        out_dir=out,
        jobs=2,
        config_path=cohort.config_path,
        roster_path=roster,
        progress=False,
    )
    return summary, out, before
