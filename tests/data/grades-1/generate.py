"""How tests/data/grades-1 was made: /1 submissions graded by the code BEFORE issue 9.

Run once, with the pre-issue-9 commit on the path (it needs nbkit.grade.simulate as it was):

    git worktree add ../nbkit-5a3f870 5a3f870
    PYTHONPATH=../nbkit-5a3f870 python tests/data/grades-1/generate.py tests/data/submission-1

It writes the submissions (as `nbkit export` wrote /1 documents), the cohort's nbkit.toml
(a fixed Week 1, so the due date never moves) and expected.json: the gradebook rows that run
gave. tests/grade/test_grades_1.py grades the same files with today's code and compares.
Never re-run it against newer code: the point is that these grades were made by the old one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WEEK1 = dt.date(2026, 1, 5)  # a Monday in the past: nothing is future-dated, the due date is fixed


def _documents(config: Any) -> dict[str, dict[str, Any]]:
    from nbkit.grade import simulate as sim

    docs = {
        "good.json": sim.make_submission(config, "complete", "g001", "Ada Good", seed=0),
        "good-other-goal.json": sim.make_submission(
            config, "complete", "g002", "Grace Good", seed=3
        ),
        "weak.json": sim.make_submission(config, "partial", "w001", "Linus Weak", seed=1),
        "late.json": sim.make_submission(config, "late", "l001", "Ken Late", seed=2),
        "empty.json": _empty(config),
        "mixed.json": _mixed(config),
        "markup-text.json": _text_with_markup_characters(config),
    }
    docs["notebook.ipynb"] = sim.as_notebook(
        sim.make_submission(config, "complete", "n001", "Radia Notebook", seed=5)
    )
    return docs


def _empty(config: Any) -> dict[str, Any]:
    """What `nbkit export` wrote for a student who filled in their name and nothing else."""
    from nbkit.grade import simulate as sim
    from nbkit.submission import validate

    exported = sim._local(config, 5, "friday", 9)
    doc = sim._skeleton(config, "e001", "Barbara Empty", exported)
    for key in ("name", "student_id"):
        sim._answer(doc, f"start.{key}", doc["profile"][key], exported)
    validate(doc)
    return doc


def _mixed(config: Any) -> dict[str, Any]:
    """Full in places, missing in others: every criterion lands on a middle level."""
    from nbkit.grade import simulate as sim
    from nbkit.submission import validate

    doc = sim.make_submission(config, "complete", "m001", "Dennis Mixed", seed=7)
    goal = doc["goals"][0]
    due = config.deadline("action_step")
    goal["time_options"] = [
        goal["time_options"][0],
        (due + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    ]
    goal["message"] = "Hi, could we talk about your first developer job sometime soon please?"
    doc["answers"]["comfort.ipip"]["value"] = {f"E{n}": 3 for n in range(1, 8)}
    doc["assessment"]["responses"] = {f"E{n}": 3 for n in range(1, 8)}
    doc["assessment"].update(complete=False, score=None, mean=None, band=None, takes=[])
    doc["reflection"]["smart_goal"] = "By Friday I will meet one developer for a career chat."
    doc["reflection"]["if_then"] = ""
    doc["reflection"]["slack"] = "Networking is less scary than I thought."
    doc["tracker"][0].update(takeaway="", follow_up="")
    validate(doc)
    return doc


def _text_with_markup_characters(config: Any) -> dict[str, Any]:
    from nbkit.grade import simulate as sim

    doc = sim.make_submission(config, "complete", "t001", 'Tom "Tag" <3 & Co', seed=9)
    doc["reflection"]["slack"] += ' I learned that 3 < 5 & "quotes" stay text, and how <div> nests.'
    return doc


def _expected(gradebook: Path) -> dict[str, Any]:
    with gradebook.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    head = (
        "student_id",
        "name",
        "total",
        "late",
        "hours_late",
        "status",
        "reason",
        "feedback_file",
    )
    criteria = [k for k in rows[0] if k not in head]
    return {
        "criteria": criteria,
        "rows": {
            r["student_id"]: {
                "points": {c: r[c] for c in criteria},
                "total": r["total"],
                "late": r["late"],
                "hours_late": r["hours_late"],
                "status": r["status"],
            }
            for r in rows
        },
    }


def _add_feedback(expected: dict[str, Any], submissions: Path, config_path: Path) -> None:
    """Each criterion's feedback and notes, and the recomputed comfort score, as the student saw them."""
    from nbkit.grade.evaluate import grade_document
    from nbkit.grade.intake import Intake
    from nbkit.grade.settings import load_settings
    from nbkit.submission import read_submission

    settings = load_settings(config_path)
    for path in sorted(submissions.iterdir()):
        graded = grade_document(Intake(path, "", read_submission(path)), settings)
        row = expected["rows"][graded.evaluation.student_id]
        row["file"] = path.name
        row["comfort_score"] = graded.comfort
        row["feedback"] = {r.id: [r.feedback, *r.notes] for r in graded.evaluation.results}


def _exports(folder: Path | None) -> dict[str, Any]:
    """tests/data/submission-1 (real /1 exports, written by H3's generator): graded with the
    repository's nbkit.toml of that commit (copied here as exports-nbkit.toml), rubric only
    (some are refused by intake on purpose: a hostile student id, a future export time)."""
    from nbkit.grade.rubric import evaluate
    from nbkit.grade.settings import load_settings
    from nbkit.submission import read_submission

    if folder is None:
        return {}
    config_path = HERE / "exports-nbkit.toml"
    shutil.copy(Path(__import__("nbkit").__file__).parents[1] / "nbkit.toml", config_path)
    settings = load_settings(config_path)
    graded = {}
    for path in sorted(folder.glob("*.*")):
        if path.suffix not in (".json", ".ipynb"):
            continue
        e = evaluate(settings.rubric, read_submission(path), settings.context)
        graded[path.name] = {
            "points": e.points(),
            "total": e.total,
            "late": e.late,
            "hours_late": e.hours_late,
            "feedback": {r.id: [r.feedback, *r.notes] for r in e.results},
        }
    return graded


def main() -> int:
    from nbkit.config import load_config
    from nbkit.grade.batch import grade_submissions
    from nbkit.grade.simulate import config_text

    submissions = HERE / "submissions"
    shutil.rmtree(submissions, ignore_errors=True)
    submissions.mkdir()
    config_path = HERE / "nbkit.toml"
    config_path.write_text(config_text(WEEK1), encoding="utf-8")
    config = load_config(config_path)
    for name, doc in _documents(config).items():
        (submissions / name).write_text(
            json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    out = Path(tempfile.mkdtemp(prefix="grades-1-"))
    summary = grade_submissions(submissions, out, jobs=1, config_path=config_path, progress=False)
    print(summary.text(), file=sys.stderr)
    expected = _expected(out / "gradebook.csv")
    _add_feedback(expected, submissions, config_path)
    expected["made_by"] = "nbkit 5a3f870 (before issue 9), nbkit.grade.batch.grade_submissions"
    expected["exports"] = _exports(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    shutil.copy(out / "gradebook.csv", HERE / "gradebook.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
