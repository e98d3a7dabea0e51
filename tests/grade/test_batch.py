"""`nbkit grade` end to end on a simulated cohort: real papermill, real kernels, real files."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import statistics
from pathlib import Path

import nbformat
import pytest

from nbkit.cli import main
from nbkit.grade.batch import grade_submissions

pytestmark = [pytest.mark.grade, pytest.mark.slow]

PARTIAL = {
    "comfort": "5",
    "industry_questions": "5",
    "goal_chosen": "5",
    "call_questions": "5",
    "outreach_message": "5",
    "smart_goal": "0",  # "I will message my mentor.": too few of the student's own words
    "slack_reflection": "0",
    "action_step": "0",
}
INVALID_FILES = {
    "malformed.json",
    "truncated.json",
    "wrong-schema.json",
    "oversized.json",
    "dup-older.json",
    "future.json",
    "traversal.json",
    "markup.json",
    "metadata-code.ipynb",
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_gradebook(out: Path) -> list[dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rows_and_points(graded) -> None:
    summary, out, _ = graded
    rows = read_gradebook(out)
    by_id = {r["student_id"]: r for r in rows if r["status"] == "graded"}
    assert set(by_id) == {"s000", "s001", "s002", "s003", "s004", "d001", "h900", "lt01"}
    assert {r["total"] for sid, r in by_id.items() if sid != "s003"} == {"100"}
    assert {k: by_id["s003"][k] for k in PARTIAL} == PARTIAL and by_id["s003"]["total"] == "25"
    assert (by_id["s004"]["late"], by_id["s004"]["hours_late"]) == ("yes", "30")
    assert by_id["s000"]["late"] == "no" and by_id["s000"]["feedback_file"] == "feedback/s000.html"
    invalid = [r for r in rows if r["status"] == "invalid"]
    assert {r["reason"].split(":")[0] for r in invalid} == INVALID_FILES
    assert all(r["total"] == "" and r["feedback_file"] == "" for r in invalid)
    assert summary.exit_code == 8 and "invalid 9" in summary.text()


def test_nothing_from_a_submission_ran_and_nothing_was_modified(graded, cohort) -> None:
    _, _, before = graded
    assert not cohort.marker.exists()
    assert digest(cohort.submissions) == before


def test_feedback_pages_are_escaped_static_html(graded) -> None:
    _, out, _ = graded
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.html")}
    assert set(pages) == {"s000", "s001", "s002", "s003", "s004", "d001", "h900", "lt01"}
    assert all("<script" not in p.lower() for p in pages.values())
    assert "Tom &quot;Tag&quot; &lt;3 &amp; Co" in pages["lt01"]
    assert "3 &lt; 5 &amp; &quot;quotes&quot;" in pages["lt01"]
    assert "30 hours after the due date" in pages["s004"]
    assert "missing why this person" in pages["s003"]


def test_grade_notebooks_agree_with_the_gradebook(graded) -> None:
    _, out, _ = graded
    for row in read_gradebook(out):
        if row["status"] != "graded":
            continue
        nb = nbformat.read(out / "feedback" / f"{row['student_id']}.ipynb", as_version=4)
        cell = next(c for c in nb.cells if "result" in c.metadata.get("tags", []))
        data = next(o.data for o in cell.outputs if "application/json" in o.get("data", {}))
        result = data["application/json"]
        assert result["student_id"] == row["student_id"]
        assert f"{result['total']:g}" == row["total"]


def test_cohort_report(graded) -> None:
    _, out, _ = graded
    stats = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    scale = stats["scales"]["comfort.ipip"]  # the lesson's likert question, placed generically
    scores = scale["summary"]["scores"]
    assert (scale["minimum"], scale["maximum"], scale["midpoint"]) == (10, 50, 30)
    mean, sd = statistics.fmean(scores.values()), statistics.stdev(scores.values())
    sid, score = next(iter(scores.items()))
    z = (score - mean) / sd
    assert scale["placements"][sid]["z"] == round(z, 2)
    assert scale["placements"][sid]["percentile"] == round(50 * (1 + math.erf(z / math.sqrt(2))), 1)
    chosen = stats["choices"]["goals.chosen"]["counts"]
    assert sum(chosen.values()) == 8  # one goal per graded student, counted by its label
    assert (stats["on_time"], stats["late"]) == (7, 1)
    assert stats["missing"] == [["zz99", "Never Handed In"]]
    assert stats["completion"]["slack_reflection"] == round(7 / 8, 3)
    html = (out / "cohort_report.html").read_text(encoding="utf-8")
    assert "Never Handed In" in html and "Completion rate per criterion" in html
    assert "<img" in html and "<script" not in html  # the histograms, no JavaScript


def test_rerun_skips_unchanged_keeps_overrides_and_force_reruns(cohort, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = grade_submissions(
        cohort.submissions, out_dir=out, config_path=cohort.config_path, jobs=2, progress=False
    )
    assert first.ran == 8
    (out / "overrides.csv").write_text(
        "student_id,criterion,points,comment\ns003,slack_reflection,10,Answered live in Slack\n",
        encoding="utf-8",
    )
    second = grade_submissions(
        cohort.submissions, out_dir=out, config_path=cohort.config_path, jobs=2, progress=False
    )
    assert (second.ran, second.reused) == (0, 8)
    row = next(r for r in read_gradebook(out) if r["student_id"] == "s003")
    assert (row["slack_reflection"], row["total"]) == ("10", "35")
    assert "Answered live in Slack" in (out / "feedback" / "s003.html").read_text(encoding="utf-8")
    code = main(
        [
            "grade",
            str(cohort.submissions),
            "--out",
            str(out),
            "--config",
            str(cohort.config_path),
            "--force",
            "--quiet",
            "--jobs",
            "1",
        ]
    )
    assert code == 8
    assert next(r for r in read_gradebook(out) if r["student_id"] == "s003")["total"] == "35"
    state = json.loads((out / ".nbkit-grade-state.json").read_text(encoding="utf-8"))
    assert len(state["files"]) == 8


def test_a_failed_grade_notebook_names_the_error_and_the_cell_and_logs_the_traceback(
    tmp_path: Path,
) -> None:
    """Real papermill and kernel: a cell that raises is reported as `ename: evalue (cell N)`,
    not retried (it would raise again), and its whole traceback goes to logs/<student>.txt."""
    from nbkit.grade.runner import Task, run_all, write_log

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell('submission_path = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("Grading"),
        nbformat.v4.new_code_cell("raise ValueError('no goal in ' + submission_path)"),
    ]
    path = tmp_path / "grade.ipynb"
    nbformat.write(notebook, path)
    task = Task("s001", str(tmp_path / "s001.ipynb"), {"submission_path": "s001.json"})
    (outcome,) = run_all([task], path, jobs=1)
    assert not outcome.ok and outcome.attempts == 1
    # cell 4 of the executed notebook: papermill inserts the injected-parameters cell
    assert outcome.error == "ValueError: no goal in s001.json (cell 4)"
    log = write_log(tmp_path / "logs", outcome).read_text(encoding="utf-8")
    assert "raise ValueError" in log and "\x1b[" not in log
