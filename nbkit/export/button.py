"""The "Export my lesson" button for the last notebook: `export_button()` in one cell.

Before exporting it names every required answer still missing and asks whether to export an
incomplete lesson anyway; afterwards it lists the written files as download links."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import NbkitError

ShowFiles = Callable[[Any, Sequence[Path]], None]  # (an Output widget, the written files)

MAIN_FORMATS = ("html", "json", "ipynb")
MESSAGE_STYLE = "color:#a4000f"
SHOWN_MISSING = 12  # beyond this, "and N more" (the progress cells say which)


def export_button(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    out_dir: Path | str | None = None,
    missing: Callable[[], list[str]] | None = None,
    files: ShowFiles | None = None,
) -> Any:
    """A button, a "replace my earlier export" box, a status line, the written files and the
    "export anyway?" question. `missing()` lists what is still missing ("Start here: Your full
    name"); `files(output, paths)` shows the written files as download links (the notebook
    passes nbkit.widgets.downloads.show_files: export and widgets are independent layers)."""
    import ipywidgets as w

    button = w.Button(
        description="Export my lesson",
        icon="download",
        button_style="primary",
        layout=w.Layout(width="auto"),
    )
    replace = w.Checkbox(value=False, description="Replace my earlier export", indent=False)
    status = w.HTML(value="")
    links = w.Output()
    box = w.VBox([w.HBox([button, replace]), status, links])
    # The "export anyway?" row is made the first time it is asked: most opens never need its
    # seven widget models, and each is work for the kernel and the page (bench_lesson_ready).
    confirm: list[Any] = []

    def show_confirm(shown: bool) -> None:
        if shown and not confirm:
            anyway = w.Button(description="Export anyway", button_style="danger")
            not_yet = w.Button(description="Not yet: I will finish first")
            anyway.on_click(lambda _b: export())
            not_yet.on_click(cancel)
            confirm.append(w.HBox([anyway, not_yet]))
            box.children = (*box.children[:2], confirm[0], links)
        if confirm:
            confirm[0].layout.display = "flex" if shown else "none"

    def export() -> None:
        show_confirm(False)
        button.disabled = True
        status.value = "Exporting..."
        links.clear_output()
        try:
            written, problems = run_export(workspace, config_path, out_dir, replace.value)
        finally:
            button.disabled = False
        status.value = _message(written, problems, shown=files is not None)
        if written:  # with [handin] inbox in nbkit.toml, the export is also handed in
            from .handin import hand_in_note

            status.value += hand_in_note(workspace, config_path)
        if files is not None:
            files(links, written)

    def on_click(_: Any) -> None:
        gaps = missing() if missing else []
        if not gaps:
            export()
            return
        status.value = missing_html(gaps)
        show_confirm(True)

    def cancel(_: Any) -> None:
        show_confirm(False)
        status.value = "Not exported. Finish the answers above, then export."

    button.on_click(on_click)
    box.add_class("nbkit-export")
    return box


def missing_html(gaps: Sequence[str]) -> str:
    """What is still missing, as an escaped list, and the question."""
    items = "".join(f"<li>{html.escape(g)}</li>" for g in gaps[:SHOWN_MISSING])
    more = f"<li>and {len(gaps) - SHOWN_MISSING} more</li>" if len(gaps) > SHOWN_MISSING else ""
    return (
        f"<div role='alert'><p style='{MESSAGE_STYLE}'><b>Still missing ({len(gaps)}):</b></p>"
        f"<ul class='nbkit-missing'>{items}{more}</ul>"
        "<p>Export an incomplete lesson anyway? You can export again later "
        "(tick <i>Replace my earlier export</i>).</p></div>"
    )


def run_export(
    workspace: Path | str | None,
    config_path: Path | str | None,
    out_dir: Path | str | None,
    overwrite: bool,
) -> tuple[list[Path], list[str]]:
    """Export: (written files, problems); the PDF separately, so a missing Chromium is reported
    without losing the rest."""
    try:
        from .api import export_lesson  # seconds of imports: paid on click, not on display

        written = export_lesson(workspace, config_path, out_dir, MAIN_FORMATS, overwrite)
    except NbkitError as exc:
        return [], [str(exc)]
    problems = []
    try:
        written += export_lesson(workspace, config_path, out_dir, ["pdf"], overwrite)
    except NbkitError as exc:
        problems.append(f"PDF not written: {exc}")
    return written, problems


def _message(written: Sequence[Path], problems: Sequence[str], shown: bool) -> str:
    """The status line: the problems, and the files by name when no links show them."""
    parts = [] if shown or not written else [_names(written)]
    parts += [f"<p style='{MESSAGE_STYLE}'>{html.escape(p)}</p>" for p in problems]
    return "".join(parts) or ("" if written else "Nothing was written.")


def _names(paths: Sequence[Path]) -> str:
    items = "".join(f"<li>{html.escape(p.name)}</li>" for p in paths)
    return f"<p>Written to {html.escape(str(paths[0].parent))}:</p><ul>{items}</ul>"
