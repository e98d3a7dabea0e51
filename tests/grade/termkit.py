"""A small cohort with hand-in times set to the minute, for the late-policy and LMS tests.

The rubric is generic (one `answered` criterion) so the points are known and only lateness moves
them: every student earns 10 of 10 before the late policy.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from nbkit.config import Config, load_config
from nbkit.lessons.networking.simulate import config_text, make_submission, past_week1

RUBRIC = """
[rubric]
id = "week2"
title = "Week 2 hand-in"
due = "slack_reflection"

[late]
per = "day"
penalty = 10
cap = 30
grace_minutes = 60

[[criteria]]
id = "named"
title = "Your name on the hand-in"
check = "answered"
field = "profile.name"
levels = [
  { at_least = 1, points = 10, feedback = "Your name is on it." },
  { at_least = 0, points = 0, feedback = "Put your name on it." },
]
"""

# student -> hours after the due date it was exported (negative: before)
HANDED_IN = {"s1": -1.0, "s2": 0.5, "s3": 25.0, "s4": 120.0, "s5": 25.0}
EXTENDED = {"s5": 2}  # days added by the extensions CSV


@dataclass
class Term:
    root: Path
    config_path: Path
    config: Config
    rubric: Path
    submissions: Path
    roster: Path
    extensions: Path
    due: dt.datetime


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def write_config(path: Path, due: str) -> Config:
    path.write_text(
        config_text(past_week1()) + f'\n[due]\nslack_reflection = "{due}"\n', encoding="utf-8"
    )
    return load_config(path)


def build_term(root: Path, other_cohort: str = "s6") -> Term:
    root.mkdir(parents=True, exist_ok=True)
    config_path = root / "nbkit.toml"
    config = write_config(config_path, "week 2 friday")
    due = config.deadline("slack_reflection")
    rubric = root / "rubric.toml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    submissions = root / "submissions"
    submissions.mkdir()
    for sid, hours in {**HANDED_IN, other_cohort: -2.0}.items():
        doc = make_submission(config, "complete", sid, f"Student {sid}")
        doc["exported_at"] = stamp(due + dt.timedelta(hours=hours))
        if sid == other_cohort:
            doc["cohort"]["name"] = "spring-cohort"
        (submissions / f"{sid}.json").write_text(json.dumps(doc), encoding="utf-8")
    roster = root / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email", "sis_user_id", "section", "canvas_id"])
        for n, sid in enumerate([*HANDED_IN, other_cohort, "s9"], start=1):
            writer.writerow(
                [sid, f"Last{n}, First{n}", f"{sid}@uni.example", f"SIS{n:03d}", "A", 100 + n]
            )
    extensions = root / "extensions.csv"
    new_due = (due + dt.timedelta(days=EXTENDED["s5"])).date().isoformat()
    extensions.write_text(f"student_id,deliverable,due\nS5,week2,{new_due}\n", encoding="utf-8")
    return Term(root, config_path, config, rubric, submissions, roster, extensions, due)


def read_rows(path: Path) -> list[list[str]]:
    """A CSV file read as the systems read them: UTF-8, RFC 4180 quoting."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def by_student(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["student_id"]: r for r in csv.DictReader(handle)}


ASSIGNMENT = re.compile(r"^(?P<title>.+) \((?P<id>[^()]+)\)$")


def read_canvas(path: Path) -> tuple[dict[str, float], dict[str, dict[str, float | None]]]:
    """Canvas's gradebook import rules: the five student columns, then assignments named
    "Title (id)"; a "Points Possible" row; each row found by ID, SIS User ID or SIS Login ID;
    a score is blank (left as it is) or a number from 0 to the points possible."""
    rows = read_rows(path)
    head = rows[0]
    assert head[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"], head
    names = head[5:]
    assert all(ASSIGNMENT.match(n) for n in names), names
    assert rows[1][0].strip() == "Points Possible" and rows[1][1:5] == ["", "", "", ""]
    possible = {n: float(v) for n, v in zip(names, rows[1][5:], strict=True)}
    scores: dict[str, dict[str, float | None]] = {}
    for row in rows[2:]:
        assert len(row) == len(head), row
        key = next(i for i in row[1:4] if i)  # Canvas matches on the first id it has
        assert key not in scores, f"{key} twice"
        scores[key] = {}
        for name, cell in zip(names, row[5:], strict=True):
            value = float(cell) if cell else None
            assert value is None or 0 <= value <= possible[name], (key, name, cell)
            scores[key][name] = value
    return possible, scores


def read_moodle(path: Path, identifier: str = "ID number") -> dict[str, dict[str, float | None]]:
    """Moodle's CSV grade import: a header row, a column that identifies the user (mapped to
    "ID number" or "Email address" in the import form), grade columns of numbers or blank."""
    rows = read_rows(path)
    head = rows[0]
    column = head.index(identifier)
    grades = [i for i, h in enumerate(head) if ASSIGNMENT.match(h)]
    out: dict[str, dict[str, float | None]] = {}
    for row in rows[1:]:
        assert len(row) == len(head) and row[column], row
        assert row[column] not in out, f"{row[column]} twice"
        out[row[column]] = {head[i]: float(row[i]) if row[i] else None for i in grades}
    return out
