"""The "Export my lesson" button for the last notebook: `export_button()` in one cell."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import NbkitError

MAIN_FORMATS = ("html", "json", "ipynb")


def export_button(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    out_dir: Path | str | None = None,
) -> Any:
    """A button, a "replace my earlier export" box and a status line listing what was written."""
    import ipywidgets as w

    button = w.Button(
        description="Export my lesson",
        icon="download",
        button_style="primary",
        layout=w.Layout(width="auto"),
    )
    replace = w.Checkbox(value=False, description="Replace my earlier export", indent=False)
    status = w.HTML(value="")

    def on_click(_: Any) -> None:
        button.disabled = True
        status.value = "Exporting..."
        try:
            status.value = run_export(workspace, config_path, out_dir, replace.value)
        finally:
            button.disabled = False

    button.on_click(on_click)
    return w.VBox([w.HBox([button, replace]), status])


def run_export(
    workspace: Path | str | None,
    config_path: Path | str | None,
    out_dir: Path | str | None,
    overwrite: bool,
) -> str:
    """Export; the PDF separately, so a missing Chromium is reported without losing the rest."""
    try:
        from .api import export_lesson  # seconds of imports: paid on click, not on display

        written = export_lesson(workspace, config_path, out_dir, MAIN_FORMATS, overwrite)
    except NbkitError as exc:
        return _message([], [str(exc)])
    problems = []
    try:
        written += export_lesson(workspace, config_path, out_dir, ["pdf"], overwrite)
    except NbkitError as exc:
        problems.append(f"PDF not written: {exc}")
    try:
        from .handin import submit_if_configured  # hands in when nbkit.toml names an inbox

        handed_in = submit_if_configured(workspace, config_path)
        written += [handed_in] if handed_in else []
    except NbkitError as exc:
        problems.append(f"Not handed in: {exc}")
    return _message(written, problems)


def _message(written: Sequence[Path], problems: Sequence[str]) -> str:
    lines = [f"<li><code>{html.escape(str(p))}</code>{_download(p)}</li>" for p in written]
    parts = [f"<p>Written:</p><ul>{''.join(lines)}</ul>"] if written else []
    parts += [f"<p style='color:#a4000f'>{html.escape(p)}</p>" for p in problems]
    return "".join(parts)


def _download(path: Path) -> str:
    """In the app (Voila) the student has no file browser: a link downloads each file."""
    from ..app import voila_file_url

    url = voila_file_url(path)
    if url is None:
        return ""
    name = html.escape(path.name)
    # Styled here: a widget's HTML gets no link colour in Voila's page.
    style = "color:#1a5fb4;text-decoration:underline"
    return f" <a href='{html.escape(url)}' download='{name}' style='{style}'>Download {name}</a>"
