"""Scoring a Likert scale (pure functions): any lesson's self-assessment, no instrument named here.

The public-domain item pool's scoring rules (ipip.ori.org/newScoringInstructions.htm) are the model: "+" items score as answered
(1..5), "-" items are reversed as 6 - x (not 5 - x, a common slip). The scale score is the sum.
Bands are data on the question: `bands = [{max = 24, label = "...", text = "..."}, ...]`, each
holding the scores up to and including its `max`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .content import LikertItem, Question


@dataclass(frozen=True)
class Band:
    """Scores up to and including `max` fall in this band (the last band holds every higher one)."""

    max: float
    label: str
    text: str = ""


@dataclass(frozen=True)
class Result:
    complete: bool
    score: int | None
    mean: float | None
    band: str | None  # the band's label
    minimum: int
    maximum: int
    midpoint: float
    band_text: str = ""


def item_score(answer: int, key: str) -> int:
    if not 1 <= answer <= 5:
        raise ValueError(f"Likert answers are 1..5, got {answer}")
    return 6 - answer if key == "-" else answer


def parse_bands(raw: Any) -> tuple[Band, ...]:
    """A question's `bands` list (TOML tables) as Bands, lowest first."""
    if not isinstance(raw, list):
        return ()
    bands = [
        Band(float(b["max"]), str(b["label"]), str(b.get("text", "")))
        for b in raw
        if isinstance(b, dict) and "max" in b and "label" in b
    ]
    return tuple(sorted(bands, key=lambda b: b.max))


def bands_of(question: Question) -> tuple[Band, ...]:
    declared = getattr(question, "bands", None)
    return parse_bands(declared if declared is not None else question.extra.get("bands"))


def band_for(total: int, bands: Sequence[Band]) -> Band | None:
    if not bands:
        return None
    return next((b for b in bands if total <= b.max), bands[-1])


def score(
    responses: Mapping[str, int], items: Iterable[LikertItem], bands: Sequence[Band] = ()
) -> Result:
    """Score a response set; incomplete sets report complete=False and no score."""
    items = list(items)
    n = len(items)
    answered = [item_score(int(responses[i.id]), i.key) for i in items if i.id in responses]
    complete = len(answered) == n and n > 0
    total = sum(answered) if complete else None
    mean = round(total / n, 2) if total is not None else None
    band = band_for(total, bands) if total is not None else None
    return Result(
        complete=complete,
        score=total,
        mean=mean,
        band=band.label if band else None,
        minimum=n,
        maximum=5 * n,
        midpoint=3 * n,
        band_text=band.text if band else "",
    )


def score_question(question: Question, value: Any) -> Result:
    """The stored value of a likert question (item id -> 1..5), scored with its declared bands."""
    raw = value if isinstance(value, dict) else {}
    responses = {k: v for k, v in raw.items() if isinstance(v, int) and 1 <= v <= 5}
    return score(responses, question.items, bands_of(question))


def result_text(result: Result) -> str:
    """The plain-language reading of a result, for any scale."""
    if not result.complete:
        return f"Answer all {result.minimum} statements to see your result."
    text = (
        f"Your score: {result.score} of {result.maximum} (average per statement "
        f"{result.mean:.1f} of 5)."
    )
    if result.band:
        text += f" Where you are right now: {result.band}."
    return f"{text} {result.band_text}".strip()
