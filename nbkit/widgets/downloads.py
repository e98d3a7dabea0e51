"""Buttons that write a file into the exports folder and show a link to it (no file is written
until the student clicks)."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ..errors import NbkitError


def download_buttons(actions: list[tuple[str, Callable[[], Path]]]) -> w.VBox:
    """One button per (label, write) pair; a failure to write is a message, never a traceback."""
    message = w.HTML("")

    def run(action: Callable[[], Path]) -> None:
        try:
            path = action()
        except (OSError, NbkitError) as exc:
            message.value = (
                "<span style='color:#a4000f'>Could not write the file: "
                f"{html.escape(str(exc))}</span>"
            )
            return
        message.value = file_link(path)

    buttons = []
    for label, action in actions:
        button = w.Button(description=label, icon="download", layout=w.Layout(width="auto"))
        button.on_click(lambda _b, a=action: run(a))
        buttons.append(button)
    return w.VBox([w.HBox(buttons), message])


def file_link(path: Path) -> str:
    """A link relative to the notebook's folder (JupyterLab opens or downloads it); in the app
    (Voila) the server's /files/ URL, since a relative one would point into /voila/render/."""
    from ..app import voila_file_url

    try:
        href = voila_file_url(path) or os.path.relpath(path, Path.cwd())
    except ValueError:
        href = str(path)
    href = "/".join(href.split(os.sep))
    return (
        f"Written: <a href='{html.escape(href)}' download target='_blank'>"
        f"{html.escape(path.name)}</a> (in {html.escape(str(path.parent))})"
    )
