"""The cohort report notebook as one static HTML page (nbconvert, once per run, code hidden).

The report's tables are built with html.escape (views.table_html) and its plots are PNGs, so
the page carries no student markup; nbconvert's own sanitiser is a second line of defence.
"""

from __future__ import annotations

from pathlib import Path

import nbformat


def export_report(notebook: Path, target: Path) -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,
    )
    body, _resources = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target.write_text(body, encoding="utf-8")
