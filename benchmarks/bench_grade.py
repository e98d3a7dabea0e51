"""Batch grading: `nbkit grade` on 200 simulated submissions vs the naive per-student loop.

The naive loop is what an instructor would script by hand: for each student, the `papermill`
CLI on the grade notebook, then the `jupyter nbconvert --to html` CLI on its output. It runs on
a sample (it costs seconds per student); both sides must give the same totals.

    python benchmarks/bench_grade.py [--students 200] [--sample 6] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from nbkit.config import load_config
from nbkit.grade.batch import NOTEBOOKS, grade_submissions
from nbkit.lessons.networking.simulate import config_text, past_week1, write_valid


def naive(submissions: list[Path], config: Path, work: Path) -> tuple[float, dict[str, str]]:
    totals = {}
    start = time.perf_counter()
    for path in submissions:
        out = work / f"{path.stem}.ipynb"
        subprocess.run(
            [
                "papermill",
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
            ["jupyter", "nbconvert", "--to", "html", str(out)], check=True, capture_output=True
        )
        cell = next(
            c
            for c in nbformat.read(out, as_version=4).cells
            if "result" in c.metadata.get("tags", [])
        )
        result = cell.outputs[0]["data"]["application/json"]
        totals[result["student_id"]] = f"{result['total']:g}"
    return (time.perf_counter() - start) / len(submissions), totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--sample", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nbkit-bench-"))
    config_path = work / "nbkit.toml"
    config_path.write_text(config_text(past_week1()), encoding="utf-8")
    submissions = work / "submissions"
    submissions.mkdir()
    write_valid(submissions, load_config(config_path), args.students)

    start = time.perf_counter()
    summary = grade_submissions(
        submissions, out_dir=work / "out", jobs=args.jobs, config_path=config_path, progress=False
    )
    fast_total = time.perf_counter() - start
    fast = fast_total / args.students
    with (work / "out" / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        gradebook = {r["student_id"]: r["total"] for r in csv.DictReader(handle)}

    sample = sorted(submissions.glob("*.json"))[: args.sample]
    naive_cost, naive_totals = naive(sample, config_path, work)
    same = all(gradebook[sid] == total for sid, total in naive_totals.items())
    print(f"nbkit grade: {args.students} students in {fast_total:.1f} s = {fast:.3f} s/student")
    print(
        "  where the time goes: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
    )
    print(
        f"naive loop (papermill CLI + nbconvert CLI), {len(sample)} students: "
        f"{naive_cost:.2f} s/student"
    )
    print(f"ratio: {naive_cost / fast:.1f}x faster per student")
    print(f"same scores on the sample: {same}")
    print(
        json.dumps(
            {
                "fast_s_per_student": round(fast, 4),
                "naive_s_per_student": round(naive_cost, 3),
                "ratio": round(naive_cost / fast, 1),
                "same_scores": same,
            }
        )
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
