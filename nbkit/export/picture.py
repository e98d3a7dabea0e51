"""The spectrum picture as PNG bytes, embedded in the deliverable as a data: URL (no file, no fetch)."""

from __future__ import annotations

import base64
import io
from typing import Any


def spectrum_png(assessment: dict[str, Any], maximum: int = 50) -> bytes | None:
    """The student's score on the 10..50 line (midpoint marked), plus earlier takes; None if none."""
    if assessment.get("score") is None:
        return None
    import matplotlib

    matplotlib.use("Agg")  # a file, never a window; safe in a kernel and on a server
    from matplotlib.figure import Figure

    minimum, score = maximum // 5, assessment["score"]
    fig = Figure(figsize=(7, 1.8), dpi=110)
    ax = fig.add_subplot()
    ax.hlines(0, minimum, maximum, color="#888", linewidth=2)
    ax.axvline((minimum + maximum) / 2, color="#bbb", linestyle="--", linewidth=1)
    earlier = [t["score"] for t in assessment.get("takes", [])[:-1]]
    ax.scatter(earlier, [0] * len(earlier), s=60, color="#9ecae1", zorder=2, label="earlier takes")
    ax.scatter([score], [0], s=160, color="#08519c", zorder=3, label=f"you: {score}")
    ax.set_xlim(minimum - 1, maximum + 1)
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    ax.set_xticks([minimum, (minimum + maximum) // 2, maximum])
    ax.set_xticklabels([f"{minimum}\nintroverted", "30\nmiddle", f"{maximum}\nextraverted"])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=8)
    fig.tight_layout()
    return _png(fig)


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def data_url(png: bytes | None) -> str | None:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None
