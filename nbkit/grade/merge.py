"""Array jobs without a cluster: `nbkit grade --shard K/N`, then `nbkit grade merge`.

Each shard (a Kubernetes Indexed Job pod, a Slurm array task) reads and scores every submission
(milliseconds each, so every shard places students against the whole cohort) but runs the grade
notebook only for its share: the students at positions K-1, K-1+N, ... of the sorted student ids.
It writes those notebooks, the run's state and `shard.json`. `nbkit grade merge SHARD_DIR...
--out DIR` checks that shards 1..N of one run are all there, gathers their notebooks and state,
and runs the ordinary grading into DIR, which re-uses every notebook (the state says they are
current) and writes the gradebook, feedback and cohort report from the same data a single run
would: the merged gradebook cannot drift from an unsharded one.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import NbkitError
from .gradebook import write_text_atomic
from .runner import Task

SHARD_NAME = "shard.json"
SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
STATE_NAME = ".nbkit-grade-state.json"  # nbkit.grade.batch keeps the same name
NOTEBOOKS = "feedback"


class UsageError(NbkitError):
    exit_code = 2


def parse_shard(text: str) -> tuple[int, int]:
    """ "K/N" with 1 <= K <= N (1-based, as people count array tasks)."""
    match = SHARD.match(text or "")
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"--shard must be K/N with 1 <= K <= N (e.g. 1/4), not {text!r}")
    return int(match[1]), int(match[2])


def in_shard(tasks: Sequence[Task], student_ids: Sequence[str], shard: str | None) -> list[Task]:
    """This shard's share of the tasks; every student falls in exactly one shard."""
    if not shard:
        return list(tasks)
    k, n = parse_shard(shard)
    position = {sid: i for i, sid in enumerate(sorted(student_ids))}
    return [t for t in tasks if position[t.student_id] % n == k - 1]


def write_manifest(out: Path, shard: str, key: str, run: dict[str, Any], ran: int) -> None:
    k, n = parse_shard(shard)
    manifest = {"shard": [k, n], "key": key, "ran": ran, "run": run}
    write_text_atomic(out / SHARD_NAME, json.dumps(manifest, indent=1))


def _manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / SHARD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NbkitError(
            f"{folder} is not the output of `nbkit grade --shard` (no {SHARD_NAME})"
        ) from None
    if not isinstance(data, dict) or not {"shard", "key", "run"} <= set(data):
        raise NbkitError(f"{folder / SHARD_NAME} is not a shard manifest")
    return data


def check_complete(manifests: Sequence[dict[str, Any]], folders: Sequence[Path]) -> None:
    """All N shards of one run, each once, all with the same rubric, config, lesson and notebook."""
    sizes = {m["shard"][1] for m in manifests}
    if len(sizes) != 1:
        raise NbkitError(f"the shards split the cohort differently (N = {sorted(sizes)})")
    n = sizes.pop()
    seen = [m["shard"][0] for m in manifests]
    missing = sorted(set(range(1, n + 1)) - set(seen))
    twice = sorted({k for k in seen if seen.count(k) > 1})
    if missing or twice:
        raise NbkitError(f"merge needs each shard 1..{n} once: missing {missing}, twice {twice}")
    if (
        len({m["key"] for m in manifests}) != 1
        or len({json.dumps(m["run"], sort_keys=True) for m in manifests}) != 1
    ):
        names = ", ".join(str(f) for f in folders)
        raise NbkitError(
            f"these shards come from different runs (files or options differ): {names}"
        )


def merge_shards(folders: Sequence[Path | str], out: Path | str) -> dict[str, Any]:
    """Gather the shards' notebooks and state into `out`; returns the run's options (for
    nbkit.grade.batch.grade_submissions, which then writes everything else)."""
    paths = [Path(f).resolve() for f in folders]
    target = Path(out).resolve()
    if target in paths:
        raise UsageError("--out must be a new folder, not one of the shards")
    manifests = [_manifest(p) for p in paths]
    check_complete(manifests, paths)
    (target / NOTEBOOKS).mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for folder in paths:
        try:
            state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NbkitError(
                f"{folder} has no readable grading state: run that shard again"
            ) from None
        for sid, digest in state.get("files", {}).items():
            source = folder / NOTEBOOKS / f"{sid}.ipynb"
            if source.is_file():
                shutil.copy2(source, target / NOTEBOOKS / source.name)
                files[sid] = digest
    write_text_atomic(
        target / STATE_NAME, json.dumps({"key": manifests[0]["key"], "files": files}, indent=1)
    )
    return dict(manifests[0]["run"])


def shard_text(shard: str, ran: int, failed: Sequence[str], out: Path) -> str:
    k, n = parse_shard(shard)
    lines = [f"Shard {k}/{n}: {ran} grade notebook(s) run into {out}."]
    lines += [f"notebook failed: {f}" for f in failed]
    lines.append(f"When all {n} shards are done: nbkit grade merge SHARD_DIR... --out DIR")
    return "\n".join(lines)
