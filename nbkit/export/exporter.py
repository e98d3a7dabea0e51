"""`jupyter nbconvert --to nbkit NOTEBOOK`: the same deliverable HTML as `nbkit export --to html`.

The deliverable is built from data, never from the notebook's cells or widget state: from the
submission in the notebook's `metadata.nbkit.submission` when it has one (an exported .ipynb,
so this works on an instructor's machine with no workspace), else from the student's workspace
found from the notebook's folder (or `--NbkitExporter.workspace` / `config_file`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default

from ..content import Lesson
from ..errors import ExportError, NbkitError
from ..submission_types import Submission
from .api import load_sources
from .html import render_deliverable


class NbkitExporter(Exporter):
    """The nbkit deliverable: one static, escaped HTML page with no script."""

    export_from_notebook = "nbkit deliverable"
    output_mimetype = "text/html"

    workspace = Unicode(
        None, allow_none=True, help="the student's workspace (default: NBKIT_HOME, else .nbkit/)"
    ).tag(config=True)
    config_file = Unicode(
        None, allow_none=True, help="nbkit.toml (default: the nearest one to the notebook)"
    ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(  # type: ignore[override]  # returns HTML text, as HTMLExporter does
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        _nb, resources = super().from_notebook_node(nb, resources, **kw)
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        resources["output_extension"] = ".html"
        embedded = nb.get("metadata", {}).get("nbkit", {}).get("submission")
        if embedded is not None:
            document, lesson = from_embedded(embedded, folder)
        else:
            sources = load_sources(self.workspace, self.config_file, start=folder)
            document, lesson = sources.document, sources.lesson
        return render_deliverable(document, lesson), resources


def from_embedded(embedded: Any, folder: Path) -> tuple[Submission, Lesson]:
    """A notebook's own submission (validated; /1 migrated) and the lesson it names: the one
    beside the notebook when its id matches, else the installed lesson with that id."""
    from ..submission import parse

    document = parse(embedded)
    return document, lesson_by_id(document["lesson"]["id"], folder)


def lesson_by_id(lesson_id: str, folder: Path) -> Lesson:
    from ..catalog import find_lesson
    from ..content import load_lesson
    from ..paths import resolve_paths

    try:
        here = resolve_paths(start=folder).lesson
        if here is not None and load_lesson(here).id == lesson_id:
            return load_lesson(here)
        return load_lesson(find_lesson(lesson_id).dir)
    except NbkitError as exc:
        raise ExportError(f"cannot render this submission: {exc}") from None
