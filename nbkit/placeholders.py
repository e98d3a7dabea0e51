"""The {placeholders} a lesson's text blocks may use, filled from the cohort's configuration.

Pure, and apart from the notebook module, so the exporter and `nbkit lesson check` can use the
same names without importing the notebook cells (which would be an import cycle).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
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


def block_names(value: Any) -> list[str]:
    """The text block names a stamp's argument holds: one name or a list of them."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def block_text(blocks: Mapping[str, str], names: Sequence[str], values: Mapping[str, Any]) -> str:
    """Text blocks filled in, one paragraph each. A block with a `<name>_missing` variant shows
    the variant when the cohort left empty a placeholder the block uses and the variant does
    without (a link not set up yet), so a student never meets an empty link."""
    return "\n\n".join(_filled(blocks, name, values).strip() for name in names)


def _filled(blocks: Mapping[str, str], name: str, values: Mapping[str, Any]) -> str:
    variant = blocks.get(f"{name}_missing")
    if variant is not None:
        needed = _placeholders(blocks[name]) - _placeholders(variant)
        if any(not values.get(key) for key in needed):
            name = f"{name}_missing"
    try:
        return blocks[name].format(**values)
    except (KeyError, IndexError, ValueError):  # a placeholder check (nbkit lesson check) failed
        return blocks[name]


def _placeholders(text: str) -> set[str]:
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return set()
