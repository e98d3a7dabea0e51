"""A term, end to end (issue 11's "Done when"): a roster of 200 students of the networking lesson,
two deliverables (goal and action), some late, some with an extension, graded once through
`nbkit grade` to Canvas's and Moodle's layouts; one student imports their feedback file and reads
it through the lesson's feedback API; the follow-up list names exactly the students built to be
on it. Everything expected is decided while the cohort is built, never read back from the run."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from termkit import by_student, read_canvas, read_moodle, stamp

from nbkit.cli import main
from nbkit.config import load_config
from nbkit.feedback import load_stored, overview_html, section_html
from nbkit.grade.batch import grade_submissions
from nbkit.grade.feedback import feedback_json_name
from nbkit.grade.settings import load_settings
from nbkit.lessons.networking.followup import drafts
from nbkit.lessons.networking.simulate import (
    LESSON_ID,
    config_text,
    lesson,
    make_submission,
    past_week1,
)
from nbkit.store import Store

pytestmark = [pytest.mark.grade, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
COHORT = 200
LATE_POLICY = '\n[late]\nper = "day"\npenalty = 10\ncap = 30\ngrace_minutes = 60\n'
ABSENT = {"t197", "t198", "t199"}  # on the roster, nothing handed in: overdue
NO_GOAL = {"t010", "t020"}
SHY = {"t030"}  # no goal and the lowest comfort band
DRAFTY = {"t040", "t041"}  # the kit's if-then draft handed in word for word
LATE = {f"t{n:03d}" for n in range(5, COHORT, 10)} - ABSENT  # 30 h late: 2 started days, 20%
EXTENDED = {f"t{n:03d}" for n in range(5, COHORT, 20)}  # the goal moved 3 days: on time
READER = "t001"  # imports their feedback; the instructor's comment on it is hostile text
COMMENT = "<img src=x onerror=alert(1)> Good <b>start</b> & keep going"


@dataclass
class Run:
    root: Path
    config: Path
    out: Path
    possible: dict[str, float]  # Canvas column -> points possible


def _student(config, settings, sid: str, n: int) -> dict:
    doc = make_submission(config, "complete", sid, f"Last{n}, First{n}", seed=n)
    answers = doc["answers"]
    question = settings.lesson.question("comfort.ipip")
    # A middle answer for everyone, so only SHY can land in the lowest band (low_scale).
    answers["comfort.ipip"]["value"] = {item.id: 3 for item in question.items}
    if sid in NO_GOAL | SHY:
        answers["goals.chosen"]["value"] = []
    if sid in SHY:
        answers["comfort.ipip"]["value"] = {
            item.id: 5 if item.key == "-" else 1 for item in question.items
        }
    if sid in DRAFTY:
        values = {k: a["value"] for k, a in answers.items()}
        answers["reflection.if_then"]["value"] = drafts(settings.context(doc), values)[
            "reflection.if_then"
        ]
    if sid in LATE:
        doc["exported_at"] = stamp(config.deadline("action_step") + dt.timedelta(hours=30))
    return doc


def _build(root: Path) -> tuple[Path, Path, Path, Path, Path]:
    config_path = root / "nbkit.toml"
    config_path.write_text(config_text(past_week1()), encoding="utf-8")
    config = load_config(config_path)
    rubric = root / "rubric.toml"  # the lesson's own rubric plus a late policy
    own = (REPO / "notebooks" / "networking" / "rubric.toml").read_text(encoding="utf-8")
    rubric.write_text(own + LATE_POLICY, encoding="utf-8")
    settings = load_settings(config_path, rubric)
    submissions = root / "submissions"
    submissions.mkdir()
    roster = root / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email", "sis_user_id", "section", "canvas_id"])
        for n in range(COHORT):
            sid = f"t{n:03d}"
            writer.writerow([sid, f"Last{n}, First{n}", f"{sid}@uni.example", f"SIS{n:03d}",
                             "A" if n % 2 else "B", 1000 + n])  # fmt: skip
            if sid not in ABSENT:
                doc = _student(config, settings, sid, n)
                (submissions / f"{sid}.json").write_text(json.dumps(doc), encoding="utf-8")
    (submissions / "broken.json").write_text("{not json", encoding="utf-8")
    extensions = root / "extensions.csv"
    moved = (config.deadline("reflection_deliverable") + dt.timedelta(days=3)).date()
    extensions.write_text(
        "student_id,deliverable,due\n" + "".join(f"{s},goal,{moved}\n" for s in sorted(EXTENDED)),
        encoding="utf-8",
    )
    overrides = root / "out" / "overrides.csv"
    overrides.parent.mkdir()
    with overrides.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["student_id", "criterion", "points", "comment"], [READER, "comfort", 10, COMMENT]]
        )
    return config_path, rubric, submissions, roster, extensions


@pytest.fixture(scope="module")
def term(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The term graded once, to Canvas; Moodle's file is written from the same run's rows."""
    root = tmp_path_factory.mktemp("term")
    config, rubric, submissions, roster, extensions = _build(root)
    out = root / "out"
    # review_notebooks=False: every grade, gradebook, LMS file, feedback file and the follow-up
    # list come from the Python grader; the per-student review notebooks are artefacts tested
    # in test_batch.py, and 200 kernels would cost minutes here for nothing this test checks.
    summary = grade_submissions(submissions, out_dir=out, jobs=2, rubric_path=rubric,
                                roster_path=roster, config_path=config, progress=False,
                                lms="canvas", extensions_path=extensions,
                                review_notebooks=False)  # fmt: skip
    assert summary.lms_file == out / "gradebook-canvas.csv"
    possible, _scores = read_canvas(out / "gradebook-canvas.csv")
    from nbkit.grade.lms import write_lms
    from nbkit.grade.roster import read_roster

    path, problems = write_lms(out, "moodle", summary.rows, load_settings(config, rubric).rubric,
                               read_roster(roster))  # fmt: skip
    assert path == out / "gradebook-moodle.csv" and problems == []
    return Run(root, config, out, possible)


def _penalties(sid: str) -> tuple[int, int]:
    """(goal, action) late penalty in percent, as the policy and extensions say."""
    if sid not in LATE:
        return 0, 0
    return (0 if sid in EXTENDED else 20), 20


def _unflagged() -> list[str]:
    marked = ABSENT | NO_GOAL | SHY | DRAFTY | {READER}
    return [f"t{n:03d}" for n in range(COHORT) if f"t{n:03d}" not in marked]


def test_canvas_and_moodle_files_carry_every_student_with_penalties_and_extensions(term: Run):
    goal = "Reflection sheet: your networking goal (Mod 1 deliverable) (goal)"
    action = "Networking action step (due Monday of Week 6) (action)"
    assert set(term.possible) == {goal, action}
    _possible, canvas = read_canvas(term.out / "gradebook-canvas.csv")
    moodle = read_moodle(term.out / "gradebook-moodle.csv", "ID number")
    assert len(canvas) == len(moodle) == COHORT
    for n in range(COHORT):
        sid = f"t{n:03d}"
        assert canvas[str(1000 + n)] == moodle[f"SIS{n:03d}"], sid
    for sid in ABSENT:  # enrolled, nothing handed in: blank, so the LMS leaves the cell alone
        assert canvas[str(1000 + int(sid[1:]))] == {goal: None, action: None}
    for sid in _unflagged():  # a complete hand-in: full points less the late penalty
        goal_off, action_off = _penalties(sid)
        assert canvas[str(1000 + int(sid[1:]))] == {
            goal: term.possible[goal] * (100 - goal_off) / 100,
            action: term.possible[action] * (100 - action_off) / 100,
        }, sid
    assert len(LATE) == 20 and len(EXTENDED & LATE) == 10  # both cases are really there
    rows = by_student(term.out / "gradebook.csv")
    for sid in sorted(EXTENDED):
        assert rows[sid]["goal due"].endswith("(extension)"), rows[sid]
        assert not rows[sid]["action due"].endswith("(extension)")
    assert rows["t015"]["goal hours late"] == rows["t015"]["action hours late"] == "30"


def test_a_student_imports_their_feedback_and_reads_it_in_the_lesson(term: Run, capsys):
    rows = by_student(term.out / "gradebook.csv")
    file = term.out / feedback_json_name(rows[READER]["feedback_file"])
    home = term.root / "student-workspace"
    with Store(home) as store:  # the student's own lesson workspace names them
        store.save("start.student_id", READER)
    args = ["feedback", "import", str(file), "--config", str(term.config), "--workspace", str(home)]
    assert main(args) == 0, capsys.readouterr().err
    doc = load_stored(home, LESSON_ID)
    assert doc is not None and doc["student"]["student_id"] == READER
    beside = section_html(doc, "comfort")  # the criterion sits next to the comfort answers
    assert "Comfort assessment complete" in beside
    assert "&lt;img src=x onerror=alert(1)&gt; Good &lt;b&gt;start&lt;/b&gt; &amp;" in beside
    assert "<img" not in beside and "<b>start" not in beside
    overview = overview_html(doc, lesson())
    assert f"{doc['total']:g} / {doc['max_points']:g}" in overview.replace("<b>", "")


def test_the_followup_list_names_exactly_the_students_built_for_it(term: Run):
    with (term.out / "followup.csv").open(encoding="utf-8", newline="") as handle:
        flags = list(csv.DictReader(handle))
    named: dict[str, set[str]] = {}
    for f in flags:
        named.setdefault(f["rule"], set()).add(f["student_id"] or f["detail"].split(":")[0])
    assert named == {
        "overdue": ABSENT,
        "invalid_file": {"broken.json"},
        "networking.no_goal": NO_GOAL | SHY,
        "networking.low_comfort_no_goal": SHY,
        "low_scale": SHY,
        "networking.unedited_draft": DRAFTY,
    }
    page = (term.out / "cohort_report.html").read_text(encoding="utf-8")
    assert "Follow up: whom to contact" in page and "Last197, First197" in page
