"""Cohort statistics for the cohort report and each student's place on the lesson's scales (pure).

A lesson's self-assessment scale (a likert question) rarely has norms that fit a bootcamp cohort
(public item pools advise local norms): a score is placed against the cohort's own mean and SD,
as z and a normal percentile. Everything here is generic over the lesson's
criteria, scales and choice questions.
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

from ..content import Question
from .gradebook import Row
from .rubric import Rubric

# No statistic or quote about fewer students than this is shown anywhere (report, feedback pages,
# themes): with two students a "cohort mean" reveals the other one's score.
MIN_GROUP = 5


@dataclass(frozen=True)
class Placement:
    score: int
    mean: float
    sd: float
    z: float | None  # None when the cohort has no spread (fewer than 2 scores or SD 0)
    percentile: float | None
    n: int


@dataclass(frozen=True)
class ScaleResult:
    """One student on one of the lesson's scales: the score (None until every item is
    answered) and where it falls in the cohort (None without a cohort to compare with)."""

    question: Question
    score: int | None
    placement: Placement | None


def scale_results(
    scores: Mapping[str, int], summaries: Mapping[str, Any], scales: Sequence[Question]
) -> list[ScaleResult]:
    return [
        ScaleResult(q, scores.get(q.id), place(scores.get(q.id), summaries.get(q.id)))
        for q in scales
    ]


def percentile_of(z: float) -> float:
    return 100 * 0.5 * (1 + math.erf(z / math.sqrt(2)))


def scale_summary(scores: Mapping[str, int]) -> dict[str, Any]:
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
    if int(summary.get("n") or 0) < MIN_GROUP:
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


def scale_summaries(
    scores: Mapping[str, Mapping[str, int]], scales: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per scale question id, the cohort summary of the students' scores (student -> qid -> score)."""
    return {
        qid: scale_summary({sid: s[qid] for sid, s in scores.items() if qid in s}) for qid in scales
    }


def scale_stats(question: Question, summary: Mapping[str, Any]) -> dict[str, Any]:
    """One scale in the report: its label and range, the cohort summary and every placement."""
    placements = {sid: place(s, summary) for sid, s in summary["scores"].items()}
    n = len(question.items)
    return {
        "label": question.label,
        "minimum": n,
        "maximum": 5 * n,
        "midpoint": 3 * n,
        "summary": dict(summary),
        "placements": {sid: p.__dict__ for sid, p in placements.items() if p},
    }


def choice_counts(question: Question, chosen: Iterable[Mapping[str, list[str]]]) -> dict[str, Any]:
    counts = Counter(v for c in chosen for v in c.get(question.id, []))
    return {
        "label": question.label,
        "counts": {question.option_label(v): n for v, n in counts.most_common()},
    }


def cohort_stats(
    rows: Sequence[Row],
    rubric: Rubric,
    scales: Mapping[str, dict[str, Any]],
    choices: Mapping[str, dict[str, Any]],
    roster: Mapping[str, str],
) -> dict[str, Any]:
    """Everything the cohort report shows, as plain data (also written to cohort.json).
    `scales` and `choices` come from scale_stats and choice_counts, keyed by question id."""
    graded = [r for r in rows if r.status == "graded"]
    return hide_small({
        "graded": len(graded),
        "invalid": len(rows) - len(graded),
        "max_points": rubric.max_points,
        "totals": {r.student_id: r.total for r in graded},
        "completion": completion_rates(rows, rubric),
        "scales": dict(scales),
        "choices": dict(choices),
        "on_time": sum(not r.late for r in graded),
        "late": sum(r.late for r in graded),
        "missing": missing(roster, rows) if roster else [],
    })  # fmt: skip


# -- the actionable cohort view (issue 11): every statistic needs MIN_GROUP students -------------


def score_distributions(rows: Sequence[Row], rubric: Rubric) -> dict[str, Any]:
    """Per criterion, how many graded students got each of its levels' points."""
    graded = [r for r in rows if r.status == "graded"]
    if len(graded) < MIN_GROUP:
        return {}
    out = {}
    for c in rubric.criteria:
        levels = sorted({lv.points for lv in c.levels} | {r.points.get(c.id, 0.0) for r in graded})
        counts = Counter(r.points.get(c.id, 0.0) for r in graded)
        out[c.id] = {
            "title": c.title,
            "max_points": c.max_points,
            "counts": {f"{p:g}": counts.get(p, 0) for p in levels},
        }
    return out


def section_completion(
    progress: Sequence[Mapping[str, Any]], sections: Mapping[str, str]
) -> dict[str, Any]:
    """Per section (id -> title), the share of students who answered all it requires."""
    if len(progress) < MIN_GROUP:
        return {}
    out = {}
    for sid, title in sections.items():
        parts = [p.get(sid) for p in progress]
        if not any(isinstance(p, dict) and int(p.get("required", 0)) for p in parts):
            continue  # nothing required here: "complete" would say nothing
        done = sum(
            isinstance(p, dict) and int(p.get("answered", 0)) >= int(p.get("required", 0))
            for p in parts
        )
        out[sid] = {
            "title": title,
            "complete": round(done / len(progress), 3),
            "students": len(progress),
        }
    return out


def hide_small(stats: dict[str, Any]) -> dict[str, Any]:
    """Below MIN_GROUP graded students, drop every cohort statistic (individual rows stay)."""
    if stats["graded"] >= MIN_GROUP:
        return stats | {"hidden": ""}
    return stats | {
        "hidden": f"fewer than {MIN_GROUP} graded students: cohort statistics are not shown",
        "totals": {},
        "completion": {},
        "scales": {},
        "choices": {},
    }
