"""The on-request formats (.ics, tracker CSV/XLSX), produced by the lesson's own modules."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from ..config import Config
from ..content import load_lesson
from ..errors import ExportError
from ..store import parse_iso


def produce(fmt: str, document: dict[str, Any], config: Config) -> bytes | str:
    values = {k: a["value"] for k, a in document["answers"].items()}
    if fmt == "ics":
        from ..compose import ics_calendar, lesson_events

        due = dt.date.fromisoformat(document["cohort"]["due"]["action_step"])
        events = lesson_events(values, due, document["cohort"]["timezone"])
        return ics_calendar(events, parse_iso(document["exported_at"]))
    from .. import tracker

    section = load_lesson().sections.get("tracker")
    if section is None:
        raise ExportError("the lesson has no tracker section to export")
    cols = tracker.columns(section)
    if fmt == "csv":
        # utf-8-sig, as tracker.write_csv does: Excel reads UTF-8 without it as Latin-1.
        return tracker.to_csv(document["tracker"], cols).encode("utf-8-sig")
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = tracker.write_xlsx(Path(tmp) / "tracker.xlsx", document["tracker"], cols)
            return path.read_bytes()
    raise ExportError(f"unknown format {fmt}")
