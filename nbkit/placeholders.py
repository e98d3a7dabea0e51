"""The {placeholders} a lesson's text blocks may use, filled from the cohort's configuration.

Pure, and apart from the notebook module, so the exporter and `nbkit lesson check` can use the
same names without importing the notebook cells (which would be an import cycle).
"""

from __future__ import annotations

from typing import Any

from .config import Config


def text_context(config: Config) -> dict[str, Any]:
    """Every placeholder: cohort, timezone, instructor_name/_slack, and per declared key
    due_<key> (a date in words), minutes_<key>, minutes_total and link_<key>."""
    instructor = config.primary_instructor()
    values: dict[str, Any] = {
        "cohort": config.cohort,
        "timezone": config.timezone,
        "instructor_name": instructor.name if instructor else "your instructor",
        "instructor_slack": instructor.slack if instructor else "",
    }
    values |= {f"due_{k}": f"{d:%A %d %B %Y}" for k, d in config.due_dates().items()}
    values |= {f"minutes_{k}": m for k, m in config.minutes.items()}
    values["minutes_total"] = sum(config.minutes.values())
    values |= {f"link_{k}": v for k, v in config.links.items()}
    return values


def fill(block: str, config: Config) -> str:
    return block.format(**text_context(config))
