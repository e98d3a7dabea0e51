"""Render the deliverable HTML from a submission document (Jinja2, autoescape on)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import view

if TYPE_CHECKING:
    import jinja2

    from ..content import Lesson
    from ..submission_types import Submission

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    import jinja2

    from ..submission import cache_dir

    # autoescape=True for every template (not select_autoescape): nothing reaches the page
    # unescaped, whatever the template file is called. The bytecode cache saves compiling the
    # template in every export process; Jinja checks it against the template's source.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_bytecode_cache(cache_dir() / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    import jinja2

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache folder: templates are compiled each time, nothing else changes
    return jinja2.FileSystemBytecodeCache(str(folder))


def render_deliverable(
    document: Submission, lesson: Lesson, views: Sequence[view.BlockView] | None = None
) -> str:
    """The whole self-contained page; a pure function of the document, the lesson and the
    plugin views that add blocks (default: the registered views of the lesson's plugins)."""
    context = {
        "document": document,
        "exported": view.exported_local(document, ZoneInfo(document["cohort"]["timezone"])),
        "page": view.page(document, lesson, block_views(lesson) if views is None else views),
    }
    return environment().get_template("deliverable.html.j2").render(context)


def block_views(lesson: Lesson) -> list[view.BlockView]:
    """The lesson's plugin views that contribute blocks to the deliverable."""
    from .. import registry

    found = [registry.views.get(n) for n in lesson.plugins if n in registry.views]
    return [v for v in found if hasattr(v, "blocks")]


def render_items(items: list[view.Item]) -> str:
    """A fragment for one notebook cell's output: the same markup as the page's prompts."""
    return environment().get_template("answers.html.j2").render(items=items)
