"""A hostile folder: each hostile kind x10 plus N valid submissions, graded side by side with the
N valid alone in one run. Every hostile file must be an `invalid` row with a reason, and the
hostile folder must take at most 2x the time of the valid one (issue 10, "Done when").

Kinds: the nine that once aborted a batch (tests/grade/hostile_files.py), texts that were
quadratic for Python's re (200 KB each, as in the issue), file names with terminal control
codes, ids equal but for case; plus one file of each older hostile kind of the simulator.
Both runs skip the per-student review notebooks (no grade depends on them).

    python benchmarks/bench_hostile.py [--valid 1000] [--copies 10] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from nbkit.config import Config, load_config
from nbkit.grade.batch import grade_submissions
from nbkit.lessons.networking.simulate import (
    config_text,
    make_submission,
    past_week1,
    write_hostile,
    write_valid,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "grade"))
from hostile_files import quadratic_texts, write_abort_kinds  # noqa: E402


def write_more_kinds(folder: Path, config: Config, copies: int) -> dict[str, str]:
    files = {}
    for n in range(copies):
        name = f"quadratic-{n:02d}.json"
        doc = quadratic_texts(config, f"q{n:03d}", 200_000)
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
        files[name] = "quadratic"  # valid: graded, in linear time
        name = f"\x1b[2J\x1b[Hclear-{n:02d}.json"
        (folder / name).write_text("{}", encoding="utf-8")
        files[name] = "control_name"
        for sid in (f"case{n:02d}", f"CASE{n:02d}"):
            doc = make_submission(config, "complete", sid, f"Case {sid}")
            if sid.isupper():
                doc["exported_at"] = "2026-01-01T00:00:00Z"  # the older one is refused
            (folder / f"{sid}-{len(files)}.json").write_text(json.dumps(doc), encoding="utf-8")
        files[f"CASE{n:02d}"] = "case_duplicate"
    return files


def run(
    folder: Path, out: Path, config: Path, jobs: int | None
) -> tuple[float, list[dict[str, str]]]:
    start = time.perf_counter()
    grade_submissions(
        folder, out, jobs=jobs, config_path=config, progress=False, review_notebooks=False
    )
    seconds = time.perf_counter() - start
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        return seconds, list(csv.DictReader(handle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--valid", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nbkit-hostile-"))
    config_path = work / "nbkit.toml"
    # 1 MB: the quadratic texts fit, and the simulator's oversized file can be written.
    config_path.write_text(config_text(past_week1(), max_mb=1), encoding="utf-8")
    config = load_config(config_path)
    valid, hostile = work / "valid", work / "hostile"
    for folder in (valid, hostile):
        folder.mkdir()
        write_valid(folder, config, args.valid)
    aborts = write_abort_kinds(hostile, config, args.copies)
    more = write_more_kinds(hostile, config, args.copies)
    older = write_hostile(hostile, config, work / "MARKER")

    warm = work / "warm"  # one-time costs (imports, compiled validators) paid before timing
    warm.mkdir()
    write_valid(warm, config, 5)
    run(warm, work / "out-warm", config_path, args.jobs)
    valid_s, valid_rows = run(valid, work / "out-valid", config_path, args.jobs)
    hostile_s, rows = run(hostile, work / "out-hostile", config_path, args.jobs)
    by_file = {r["reason"].split(":")[0]: r for r in rows if r["status"] == "invalid"}
    bad = [n for n in aborts if n not in by_file]
    unrefused_names = sum("clear-" in name for name in by_file) != args.copies
    graded_quadratic = sum(r["student_id"].startswith("q") for r in rows if r["status"] == "graded")
    ratio = hostile_s / valid_s
    print(f"{args.valid} valid alone: {valid_s:.1f} s")
    print(
        f"{args.valid} valid + {len(aborts)} abort-kind files + {len(more)} more hostile "
        f"+ {len(older)} older kinds: {hostile_s:.1f} s"
    )
    print(f"ratio: {ratio:.2f}x (must be <= 2)")
    print(f"invalid rows: {len(by_file)}; abort-kind files without one: {len(bad)}")
    print(f"quadratic texts graded: {graded_quadratic} of {args.copies}")
    print(
        json.dumps(
            {
                "valid": args.valid,
                "valid_s": round(valid_s, 1),
                "hostile_s": round(hostile_s, 1),
                "ratio": round(ratio, 2),
                "invalid_rows": len(by_file),
                "abort_files_without_invalid_row": len(bad),
                "valid_graded_alone": sum(r["status"] == "graded" for r in valid_rows),
            }
        )
    )
    ok = ratio <= 2 and not bad and not unrefused_names and graded_quadratic == args.copies
    ok = ok and not (work / "MARKER").exists()
    shutil.rmtree(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
