"""Render the deliverable HTML from a submission document (Jinja2, autoescape on)."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from ..content import Lesson
from ..store import parse_iso
from . import view

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    # autoescape=True for every template (not select_autoescape): nothing reaches the page
    # unescaped, whatever the template file is called.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_deliverable(document: dict[str, Any], lesson: Lesson) -> str:
    """The whole self-contained page; a pure function of the document and the lesson content."""
    head, rows = view.tracker_table(document["tracker"], lesson)
    context = {
        "document": document,
        "exported": view.exported_local(document, ZoneInfo(document["cohort"]["timezone"])),
        "profile": view.profile(document, lesson),
        "due": view.due_dates(document),
        "titles": {s.id: s.title for s in lesson.ordered()},
        "sections": view.sections(document, lesson),
        "picture": spectrum_data_url(document, lesson),
        "tracker_head": head,
        "tracker_rows": rows,
    }
    return environment().get_template("deliverable.html.j2").render(context)


def render_items(items: list[view.Item]) -> str:
    """A fragment for one notebook cell's output: the same markup as the page's prompts."""
    return environment().get_template("answers.html.j2").render(items=items)


def spectrum_data_url(document: dict[str, Any], lesson: Lesson) -> str | None:
    """The comfort-level picture (nbkit.plots) as a data: URL: embedded, nothing to fetch."""
    from ..assess import score
    from ..plots import spectrum_png

    assessment = document["assessment"]
    try:
        result = score(assessment["responses"], lesson.question("comfort.ipip").items)
    except KeyError:
        return None
    if not result.complete:
        return None
    tz = ZoneInfo(document["cohort"]["timezone"])
    takes = [
        (parse_iso(t["taken_at"]).astimezone(tz).date(), t["score"]) for t in assessment["takes"]
    ]
    png = spectrum_png(result, takes)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
