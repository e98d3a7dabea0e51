"""Buttons that write a file into the exports folder and show a link to it (no file is written
until the student clicks).

The links are shown as an ordinary output (inside an Output widget), never inside an HTML
widget: JupyterLab resolves a relative link only in outputs it renders itself, turning it into
the file's /files/ URL; in an HTML widget the browser would resolve it against the page URL."""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

import ipywidgets as w

from ..errors import NbkitError
from . import shared


def download_buttons(actions: list[tuple[str, Callable[[], Path]]]) -> w.VBox:
    """One button per (label, write) pair; a failure to write is a message, never a traceback."""
    message = shared.html()
    links = w.Output(layout=shared.layout())

    def run(action: Callable[[], Path]) -> None:
        links.clear_output()
        try:
            path = action()
        except (OSError, NbkitError) as exc:
            message.value = (
                "<span style='color:#a4000f'>Could not write the file: "
                f"{html.escape(str(exc))}</span>"
            )
            return
        message.value = ""
        show_files(links, [path])

    buttons = []
    for label, action in actions:
        button = shared.button(label, icon="download")
        button.on_click(lambda _b, a=action: run(a))
        buttons.append(button)
    return shared.vbox([shared.hbox(buttons), message, links])


def show_files(out: w.Output, paths: Sequence[Path]) -> None:
    """Show the files' download links in `out` (see the module docstring for why an Output)."""
    from IPython.display import HTML

    out.clear_output()
    if paths:
        out.append_display_data(HTML(files_html(paths)))


def files_html(paths: Sequence[Path]) -> str:
    """The written files as download links, and the folder they are in by name only."""
    if not paths:
        return ""
    items = "".join(f"<li>{file_link(p)}</li>" for p in paths)
    folder = html.escape(paths[0].parent.name)
    return (
        f"<p>Written to the <b>{folder}</b> folder (in JupyterLab's file browser). "
        f"Click a file to download it:</p><ul class='nbkit-files'>{items}</ul>"
    )


def file_link(path: Path) -> str:
    """A download link relative to the notebook's folder (the kernel's working folder).

    JupyterLab resolves a relative link in an output against the notebook and serves the file
    from its /files/ URL; with `download` the browser saves it instead of JupyterLab opening it
    in a tab. The exports folder is inside the folder `nbkit start` serves (nbkit.paths)."""
    from ..app import voila_file_url

    # In the app (Voila) a relative link would point into /voila/render/: use the /files/ URL.
    app_url = voila_file_url(path)
    if app_url is not None:
        href = app_url
    else:
        try:
            href = os.path.relpath(path, Path.cwd())
        except ValueError:  # another drive (Windows): no relative link exists
            href = str(path)
        href = quote("/".join(href.split(os.sep)))
    name = html.escape(path.name)
    return f"<a class='nbkit-file' href='{html.escape(href)}' download='{name}'>{name}</a>"
