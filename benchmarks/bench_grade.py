"""Batch grading: `nbkit grade` on simulated submissions vs the naive per-student loop.

The naive loop is what an instructor would script by hand: for each student, the `papermill`
CLI on the grade notebook, then the `jupyter nbconvert --to html` CLI on its output. It runs on
a small sample (it costs seconds per student); both sides must give the same totals.

`nbkit grade` is timed end to end on its default path: intake in budgeted workers, grading,
a review notebook per student through papermill (warm kernels), feedback pages, gradebook and
the cohort report through papermill. Side by side in one run, reported per student and as the
ratio naive / nbkit. `--no-review-notebooks` times the path without the review notebooks.

    python benchmarks/bench_grade.py [--students 10000] [--sample 4] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat

from nbkit.config import load_config
from nbkit.grade.batch import NOTEBOOKS, grade_submissions
from nbkit.lessons.networking.simulate import config_text, past_week1, write_valid

BIN = Path(sys.executable).parent  # the CLIs of this environment, venv activated or not


def naive(submissions: list[Path], config: Path, work: Path) -> tuple[float, dict[str, str]]:
    totals = {}
    start = time.perf_counter()
    for path in submissions:
        out = work / f"{path.stem}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(NOTEBOOKS / "grade_submission.ipynb"),
                str(out),
                "-p",
                "submission_path",
                str(path),
                "-p",
                "config_path",
                str(config),
                "--no-progress-bar",
                "--log-level",
                "ERROR",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)],
            check=True,
            capture_output=True,
        )
        cell = next(
            c
            for c in nbformat.read(out, as_version=4).cells
            if "result" in c.metadata.get("tags", [])
        )
        result = next(o for o in cell.outputs if "application/json" in o.get("data", {}))
        result = result["data"]["application/json"]
        totals[result["student_id"]] = f"{result['total']:g}"
    return (time.perf_counter() - start) / len(submissions), totals


def graded(
    submissions: Path, out: Path, config: Path, jobs: int | None, review: bool
) -> tuple[float, Any]:
    start = time.perf_counter()
    summary = grade_submissions(
        submissions,
        out_dir=out,
        jobs=jobs,
        config_path=config,
        progress=False,
        review_notebooks=review,
    )
    return time.perf_counter() - start, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--sample", type=int, default=4, help="students in the naive loop")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument(
        "--no-review-notebooks",
        dest="review",
        action="store_false",
        help="time nbkit grade without the per-student review notebooks",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nbkit-bench-"))
    config_path = work / "nbkit.toml"
    config_path.write_text(config_text(past_week1()), encoding="utf-8")
    config = load_config(config_path)
    submissions = work / "submissions"
    submissions.mkdir()
    write_valid(submissions, config, args.students)

    total, summary = graded(submissions, work / "out", config_path, args.jobs, args.review)
    fast = total / args.students
    with (work / "out" / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        gradebook = {r["student_id"]: r["total"] for r in csv.DictReader(handle)}
    reviews = len(list((work / "out" / "feedback").glob("*.ipynb")))

    sample = sorted(submissions.glob("*.json"))[: args.sample]
    naive_cost, naive_totals = naive(sample, config_path, work)
    same = all(gradebook[sid] == total for sid, total in naive_totals.items())
    path = "with review notebooks" if args.review else "without review notebooks"
    print(
        f"nbkit grade ({path}): {args.students} students end to end in {total:.1f} s "
        f"= {fast:.4f} s/student ({reviews} review notebooks, {summary.retries} retried, "
        f"{len(summary.failed)} failed)"
    )
    print(
        "  where the time goes: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
    )
    print(
        f"naive loop (papermill CLI + nbconvert CLI), {len(sample)} students: "
        f"{naive_cost:.2f} s/student"
    )
    print(f"ratio: {naive_cost / fast:.0f}x faster per student")
    print(f"same scores on the sample: {same}")
    print(
        json.dumps(
            {
                "students": args.students,
                "review_notebooks": args.review,
                "end_to_end_s": round(total, 1),
                "s_per_student": round(fast, 5),
                "timings_s": {k: round(v, 1) for k, v in summary.timings.items()},
                "naive_sample": len(sample),
                "naive_s_per_student": round(naive_cost, 3),
                "ratio": round(naive_cost / fast, 1),
                "graded": summary.graded,
                "review_notebooks_written": reviews,
                "failed": len(summary.failed),
                "same_scores": same,
            }
        )
    )
    shutil.rmtree(work)
    ok = same and summary.graded == args.students and not summary.failed
    return 0 if ok and (reviews == args.students or not args.review) else 1


if __name__ == "__main__":
    sys.exit(main())
