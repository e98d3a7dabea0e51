"""A simulated student of the second lesson (notebooks/interview), end to end on real files.

The answers go into a temporary workspace through the store (as the widgets would write them),
the lesson's real notebooks are executed with papermill in a copy of the lesson folder, then the
real CLI exports and grades. Nothing is mocked: a real kernel, real SQLite, real nbconvert.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import papermill

from nbkit.cli import main
from nbkit.store import Store

REPO = Path(__file__).resolve().parents[2]
LESSON_DIR = REPO / "notebooks" / "interview"
LESSON_ID = "module1-informational-interview"
STUDENT_ID = "grace-hopper"
# Private answers (lesson.toml `private`) must never leave the workspace: this marker proves it.
PRIVATE_MARKER = "PRIVATE-7f3a: I talked too fast in the first five minutes"

# Item responses: A1 4, A2 3, A3 4, A4 2 (reversed: 6 - 2 = 4): score 15, the top band.
SCALE = {"A1": 4, "A2": 3, "A3": 4, "A4": 2}
SCALE_SCORE = 15
SCALE_BAND = "You take charge readily"

ANSWERS: dict[str, Any] = {
    "start.name": "Grace Hopper",
    "start.student_id": STUDENT_ID,
    "start.cohort": "2611-BE",
    "prepare.assertiveness": SCALE,
    "prepare.learn": ["day_to_day", "fit"],
    "prepare.format": "video",
    "prepare.why_them": (
        "Sam moved from hospital pharmacy into back-end work three years ago, which is the same "
        "kind of change I am making, and builds scheduling software for clinics."
    ),
    "prepare.request": (
        "Hi Sam, Priya Shah suggested I write to you. I spent eight years as a hospital pharmacist "
        "and I am now learning back-end development. I read your post about the clinic scheduling "
        "service and would love to hear how you made the move and what helps a new developer on "
        "your team. Could we talk for 20 minutes by video? Tuesday at 10:00 or Thursday at 16:00 "
        "your time would suit me, or any time that works for you. Thank you, Grace"
    ),
    "prepare.introduction": (
        "I spent eight years as a hospital pharmacist, where I ended up owning our stock "
        "spreadsheets and then small scripts. Now I am in a back-end bootcamp building APIs in "
        "Python. I hope to join a team that builds software for clinics, and you made that exact "
        "move, so I would love to hear how."
    ),
    "prepare.questions": [
        "What does a normal week look like for you on the scheduling service team?",
        "Which parts of my pharmacy experience would your team actually value in a junior?",
        "How did you get from hospital pharmacy to your first developer role, step by step?",
        "When your team hired its last junior developer, what made you say yes?",
        "If you were starting out in health-tech today, what would you build first to show?",
        "Is there anyone else you think I should talk to about clinic software?",
    ],
    "debrief.held": "held",
    "debrief.after_call": ["notes", "thanks", "log", "referral"],
    "debrief.learned": (
        "First, domain knowledge counts: Sam said the team spends more time understanding how "
        "clinics really schedule staff than writing code, and my years of pharmacy rotas are "
        "exactly that knowledge. Second, small shipped projects beat certificates: the last junior "
        "they hired showed a tiny appointment reminder service with tests. Third, reading other "
        "people's code is the daily skill: Sam reviews three or four pull requests a day and "
        "learned most from reviews in the first year."
    ),
    "debrief.surprise": (
        "I assumed I would have to hide my pharmacy years and compete only on code, but Sam said "
        "the clinical background was the reason their team was interested in a career changer."
    ),
    "debrief.direction": "adjusted",
    "debrief.next_step": (
        "By Friday 12 December I will publish a small appointment reminder API with tests and send "
        "Sam the link with a thank-you."
    ),
    "debrief.private_notes": PRIVATE_MARKER,
}

# A second student who stopped early: two scale items, one good question and one with a blank.
PARTIAL_ID = "ada-early"
PARTIAL: dict[str, Any] = {
    "start.name": "Ada Early",
    "start.student_id": PARTIAL_ID,
    "prepare.assertiveness": {"A1": 3, "A2": 2},
    "prepare.questions": [
        "What does a normal week look like for you?",
        "How did you get from ______ to where you are now?",
    ],
}
# Their points, from rubric.toml's levels: self_assessment 2 (1..3 items), questions 5 (1 filled).
PARTIAL_POINTS = {"self_assessment": 2.0, "questions": 5.0}

CONTACT = {
    "name": "Sam Rivera",
    "role": "Back-end developer",
    "organisation": "Northwind Health",
    "found_through": "referral",
    "asked_on": "2026-11-24",
    "reply": "agreed",
    "interview_on": "2026-12-02",
    "thanked": True,
    "note": "Introduced by Priya; prefers video; suggested reading the team's public API docs.",
}


@dataclass(frozen=True)
class Run:
    """Everything the student and the instructor produced, in one temporary folder."""

    root: Path  # the student's working folder (nbkit.toml + the lesson copy)
    home: Path  # the workspace
    executed: dict[str, Path]  # notebook name -> the executed copy
    exports: list[Path]
    graded: Path  # `nbkit grade --out`
    export_code: int
    grade_code: int


def monday_weeks_ago(weeks: int, today: dt.date | None = None) -> dt.date:
    """A Monday `weeks` weeks before this week's, so every due date of the lesson is ahead."""
    today = today or dt.date.today()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks)


def config_text(week1_start: dt.date) -> str:
    return f"""
[lesson]
id = "{LESSON_ID}"
folder = "interview"

[cohort]
name = "2611-BE"
week1_start = {week1_start.isoformat()}
timezone = "America/Denver"

[[instructors]]
name = "Jordan Lee"
slack = "@jordan"
"""


def make_folder(root: Path) -> Path:
    """A student's working folder: a copy of the lesson and an nbkit.toml naming it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(LESSON_DIR, root / "interview", ignore=shutil.ignore_patterns(".*"))
    (root / "nbkit.toml").write_text(config_text(monday_weeks_ago(1)), encoding="utf-8")
    return root


def fill(home: Path, answers: dict[str, Any], rows: list[dict[str, Any]]) -> Path:
    """Write answers and table rows as the widgets would: through the store."""
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with Store(home) as store:
        for n, (answer_id, value) in enumerate(answers.items()):
            store.save(answer_id, value, at=at + dt.timedelta(seconds=n))
        for row in rows:
            store.save_row("contacts", row)
    return home


def execute(root: Path, home: Path) -> dict[str, Path]:
    """Run every lesson notebook in the lesson copy, as a student pressing Run All would."""
    lesson = root / "interview"
    done = {}
    for notebook in sorted(lesson.glob("*.ipynb")):
        output = root / "executed" / notebook.name
        output.parent.mkdir(exist_ok=True)
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters={"workspace": str(home)},
            cwd=str(lesson),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
        )
        done[notebook.name] = output
    return done


def run_student(root: Path) -> Run:
    make_folder(root)
    home = fill(root / ".nbkit", ANSWERS, [CONTACT])
    executed = execute(root, home)
    config = str(root / "nbkit.toml")
    export = ["export", "--config", config, "--to", "html,json,ipynb", "--workspace"]
    export_code = main([*export, str(home)])
    # The early leaver exports from their own workspace without running the notebooks.
    export_code |= main([*export, str(fill(root / "early", PARTIAL, []))])
    exports = sorted((root / "exports").glob("*"))
    submissions = root / "submissions"
    submissions.mkdir()
    for path in exports:
        if path.suffix in (".json", ".ipynb"):
            shutil.copy(path, submissions / path.name)
    graded = root / "graded"
    grade = ["grade", str(submissions), "--out", str(graded), "--config", config]
    grade_code = main([*grade, "--jobs", "1", "--quiet"])
    return Run(root, home, executed, exports, graded, export_code, grade_code)


def text_files(*folders: Path) -> dict[Path, str]:
    """Every file under the folders, as text (the checks read words, not formats)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[path] = path.read_bytes().decode("utf-8", errors="replace")
    return out
