"""Grading on a dask LocalCluster beside the process pool, on the same submissions, in one run.

On one machine the cluster cannot be faster than the pool (the same number of warm kernels, plus
the scheduler and shipping each submission and notebook as bytes); what this measures is that
overhead per student, so an instructor knows what a cluster costs before it pays off across
several machines. Both runs must write the same gradebook.

    python benchmarks/bench_distributed.py [--students 200] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from nbkit.config import load_config
from nbkit.grade.batch import grade_submissions
from nbkit.lessons.networking.simulate import config_text, past_week1, write_valid


def timed_run(submissions: Path, out: Path, config: Path, jobs: int, scheduler: str | None):
    start = time.perf_counter()
    summary = grade_submissions(
        submissions, out, jobs=jobs, config_path=config, progress=False, scheduler=scheduler
    )
    assert not summary.failed, summary.failed
    return time.perf_counter() - start, summary.timings["notebooks"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2, help="pool processes = cluster workers")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nbkit-bench-dask-"))
    config = work / "nbkit.toml"
    config.write_text(config_text(past_week1()), encoding="utf-8")
    submissions = work / "submissions"
    submissions.mkdir()
    write_valid(submissions, load_config(config), args.students)

    pool_total, pool_nb = timed_run(submissions, work / "pool", config, args.jobs, None)
    dask_total, dask_nb = timed_run(submissions, work / "dask", config, args.jobs, "local")
    same = (work / "pool" / "gradebook.csv").read_bytes() == (
        work / "dask" / "gradebook.csv"
    ).read_bytes()
    n = args.students
    overhead = (dask_nb - pool_nb) / n
    print(f"{n} students, {args.jobs} pool processes / {args.jobs} cluster workers")
    print(f"process pool:      {pool_total:.1f} s total, notebooks {pool_nb:.1f} s "
          f"= {pool_nb / n:.3f} s/student")  # fmt: skip
    print(f"dask LocalCluster: {dask_total:.1f} s total, notebooks {dask_nb:.1f} s "
          f"= {dask_nb / n:.3f} s/student")  # fmt: skip
    print(f"ratio (cluster / pool, notebooks): {dask_nb / pool_nb:.2f}x; "
          f"cluster overhead {overhead * 1000:+.0f} ms/student")  # fmt: skip
    print(f"identical gradebooks: {same}")
    print(json.dumps({
        "students": n,
        "pool_s_per_student": round(pool_nb / n, 4),
        "cluster_s_per_student": round(dask_nb / n, 4),
        "ratio_cluster_over_pool": round(dask_nb / pool_nb, 2),
        "overhead_ms_per_student": round(overhead * 1000, 1),
        "identical_gradebooks": same,
    }))  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
