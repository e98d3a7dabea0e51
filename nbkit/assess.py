"""Scoring and placement for the comfort-level assessment (pure functions).

IPIP scoring (ipip.ori.org/newScoringInstructions.htm): "+" items score as answered (1..5),
"-" items are reversed as 6 - x (not 5 - x, a common slip). The scale score is the sum; the
student-facing band uses the item mean so it reads the same for the 10- and 4-item versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .content import LikertItem

INSTRUMENT = "ipip-bfm-extraversion-10"
BANDS = (
    (2.5, "leans introverted"),
    (3.5, "in the middle of the spectrum (ambivert)"),
    (5.01, "leans extraverted"),
)


@dataclass(frozen=True)
class Result:
    complete: bool
    score: int | None
    mean: float | None
    band: str | None
    minimum: int
    maximum: int
    midpoint: float


def item_score(answer: int, key: str) -> int:
    if not 1 <= answer <= 5:
        raise ValueError(f"IPIP answers are 1..5, got {answer}")
    return 6 - answer if key == "-" else answer


def band_for(mean: float) -> str:
    return next(label for upper, label in BANDS if mean < upper)


def score(responses: Mapping[str, int], items: Iterable[LikertItem]) -> Result:
    """Score a response set; incomplete sets report complete=False and no score."""
    items = list(items)
    n = len(items)
    answered = [item_score(int(responses[i.id]), i.key) for i in items if i.id in responses]
    complete = len(answered) == n and n > 0
    total = sum(answered) if complete else None
    mean = round(total / n, 2) if total is not None else None
    return Result(
        complete=complete,
        score=total,
        mean=mean,
        band=band_for(mean) if mean is not None else None,
        minimum=n,
        maximum=5 * n,
        midpoint=3 * n,
    )
