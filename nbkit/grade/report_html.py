"""The cohort report notebook as one static HTML page (nbconvert, once per run, code hidden).

nbconvert's "basic" template gives the cells without the lab page's scripts (require.js,
MathJax from a CDN); the page shell adds a Content-Security-Policy with no script source.
The report's tables are built with html.escape (views.table_html) and its plots are PNGs.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}"""


def export_report(notebook: Path, target: Path, title: str = "Cohort report") -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb = nbformat.read(notebook, as_version=4)
    # Widget state would come out as a <script> block: the page needs none (and its CSP allows none).
    nb.metadata.pop("widgets", None)
    body, _resources = exporter.from_notebook_node(nb)
    target.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n",
        encoding="utf-8",
    )
