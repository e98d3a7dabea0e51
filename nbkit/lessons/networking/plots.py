"""The comfort-level picture: a score on the 10..50 line, the middle band, and the retake history.

matplotlib is imported here only, when a picture is drawn, so opening a notebook stays fast.
The Figure is built without pyplot (no global state, no GUI backend) and rendered with Agg.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from ...assess import Result

INTROVERTED, MIDDLE, EXTRAVERTED = "#5b8db8", "#d9d9d9", "#e0a458"


def spectrum_png(result: Result, takes: Sequence[tuple[dt.date, int]] = ()) -> bytes:
    """PNG bytes: the student's score on the spectrum; below it the takes over time, if any."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = 2 if takes else 1
    fig = Figure(figsize=(7, 1.9 * rows + 0.3), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
    _spectrum(axes[0], result)
    if takes:
        _history(axes[1], result, takes)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _band_edges(result: Result) -> tuple[float, float]:
    # The student-facing band uses the item mean (assess.BANDS): 2.5 and 3.5 per item.
    n = result.minimum
    return 2.5 * n, 3.5 * n


def _spectrum(ax, result: Result) -> None:  # noqa: ANN001 - a matplotlib Axes
    low, high = _band_edges(result)
    ax.axvspan(result.minimum, low, color=INTROVERTED, alpha=0.35, lw=0)
    ax.axvspan(low, high, color=MIDDLE, alpha=0.8, lw=0)
    ax.axvspan(high, result.maximum, color=EXTRAVERTED, alpha=0.35, lw=0)
    ax.axvline(result.midpoint, color="#555", ls="--", lw=1)
    ax.text(
        result.midpoint,
        0.93,
        f"middle ({result.midpoint:g})",
        ha="center",
        va="top",
        fontsize=8,
        transform=ax.get_xaxis_transform(),
    )
    for x, label in (
        ((result.minimum + low) / 2, "leans introverted"),
        ((low + high) / 2, "in the middle"),
        ((high + result.maximum) / 2, "leans extraverted"),
    ):
        ax.text(x, 0.12, label, ha="center", fontsize=9, transform=ax.get_xaxis_transform())
    if result.score is not None:
        ax.plot(
            [result.score],
            [0.55],
            marker="v",
            ms=16,
            color="#222",
            transform=ax.get_xaxis_transform(),
        )
        ax.text(
            result.score,
            0.78,
            f"you: {result.score}",
            ha="center",
            fontsize=10,
            weight="bold",
            transform=ax.get_xaxis_transform(),
        )
    ax.set_xlim(result.minimum, result.maximum)
    ax.set_yticks([])
    ax.set_xticks(range(result.minimum, result.maximum + 1, 5))
    ax.set_title("Where you are now on the introversion-extroversion spectrum", fontsize=10)


def _history(ax, result: Result, takes: Sequence[tuple[dt.date, int]]) -> None:  # noqa: ANN001
    low, high = _band_edges(result)
    ax.axhspan(low, high, color=MIDDLE, alpha=0.6, lw=0)
    ax.axhline(result.midpoint, color="#555", ls="--", lw=1)
    xs = list(range(1, len(takes) + 1))
    ax.plot(xs, [s for _d, s in takes], marker="o", color="#222")
    ax.set_xticks(xs, [f"{d:%d %b}" for d, _s in takes], fontsize=8)
    ax.set_xlim(0.5, len(takes) + 0.5)
    ax.set_ylim(result.minimum, result.maximum)
    ax.set_ylabel("score", fontsize=9)
    ax.set_title("Your saved takes over time", fontsize=10)
