"""Cohort statistics for the cohort report and each student's comfort placement (pure).

IPIP publishes no norms for the 10-item scale and advises local norms (ipip.ori.org/newNorms.htm):
a comfort score is placed against the cohort's own mean and SD, as z and a normal percentile.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gradebook import Row
from .rubric import Rubric


@dataclass(frozen=True)
class Placement:
    score: int
    mean: float
    sd: float
    z: float | None  # None when the cohort has no spread (fewer than 2 scores or SD 0)
    percentile: float | None
    n: int


def percentile_of(z: float) -> float:
    return 100 * 0.5 * (1 + math.erf(z / math.sqrt(2)))


def comfort_summary(scores: Mapping[str, int]) -> dict[str, Any]:
    """What the grade notebook needs to place one student: the cohort's scores, mean and SD."""
    values = list(scores.values())
    return {
        "n": len(values),
        "mean": statistics.fmean(values) if values else None,
        "sd": statistics.stdev(values) if len(values) > 1 else None,
        "scores": dict(scores),
    }


def place(score: int | None, summary: Mapping[str, Any] | None) -> Placement | None:
    if score is None or not summary or summary.get("mean") is None:
        return None
    mean, sd = float(summary["mean"]), summary.get("sd")
    z = (score - mean) / sd if sd else None
    return Placement(
        score,
        round(mean, 2),
        round(sd or 0.0, 2),
        round(z, 2) if z is not None else None,
        round(percentile_of(z), 1) if z is not None else None,
        int(summary["n"]),
    )


def completion_rates(rows: Sequence[Row], rubric: Rubric) -> dict[str, float]:
    """Share of graded students at a criterion's full points."""
    graded = [r for r in rows if r.status == "graded"]
    if not graded:
        return {c.id: 0.0 for c in rubric.criteria}
    return {
        c.id: round(sum(r.points.get(c.id, 0) >= c.max_points for r in graded) / len(graded), 3)
        for c in rubric.criteria
    }


def read_roster(path: Path | None) -> dict[str, str]:
    """student_id -> name (name optional) from a CSV with a student_id column."""
    if path is None:
        return {}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return {
            (r.get("student_id") or "").strip(): (r.get("name") or "").strip()
            for r in csv.DictReader(handle)
            if (r.get("student_id") or "").strip()
        }


def missing(roster: Mapping[str, str], rows: Iterable[Row]) -> list[tuple[str, str]]:
    graded = {r.student_id for r in rows if r.status == "graded"}
    return sorted((sid, name) for sid, name in roster.items() if sid not in graded)


def cohort_stats(
    rows: Sequence[Row],
    rubric: Rubric,
    comfort: Mapping[str, int],
    goals: Mapping[str, list[str]],
    roster: Mapping[str, str],
) -> dict[str, Any]:
    """Everything the cohort report shows, as plain data (also written to cohort.json)."""
    graded = [r for r in rows if r.status == "graded"]
    summary = comfort_summary(comfort)
    placements = {sid: place(s, summary) for sid, s in comfort.items()}
    return {
        "graded": len(graded),
        "invalid": len(rows) - len(graded),
        "max_points": rubric.max_points,
        "totals": {r.student_id: r.total for r in graded},
        "completion": completion_rates(rows, rubric),
        "comfort": summary,
        "placements": {sid: p.__dict__ for sid, p in placements.items() if p},
        "goal_choices": dict(Counter(g for chosen in goals.values() for g in chosen)),
        "on_time": sum(not r.late for r in graded),
        "late": sum(r.late for r in graded),
        "missing": missing(roster, rows) if roster else [],
    }
