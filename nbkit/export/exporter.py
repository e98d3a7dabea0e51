"""`jupyter nbconvert --to nbkit NOTEBOOK`: the same deliverable HTML as `nbkit export --to html`.

The deliverable is built from the workspace (answers as data), not from the notebook's cells or
widget state: the notebook given to nbconvert only says where the lesson is (the nearest
nbkit.toml to it) unless `--NbkitExporter.workspace` / `config_file` say otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default

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
        folder = resources.get("metadata", {}).get("path") or "."
        sources = load_sources(self.workspace, self.config_file, start=Path(folder))
        resources["output_extension"] = ".html"
        return render_deliverable(sources.document, sources.lesson), resources
