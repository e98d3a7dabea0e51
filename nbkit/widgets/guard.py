"""The guard every kit notebook shows once (from `open_section`): a small script that makes the
notebook's widgets read-only, with one plain sentence, when nothing saves them any more.

Why a script in an output: ipywidgets leaves a control editable after its kernel restarts, shuts
down or dies (only a restart even marks it), and JupyterLab has no setting for it. An output
produced by the running kernel is trusted, so JupyterLab runs its script; saved with the notebook
it runs again when the notebook is reopened, and then explains the widgets that cannot come back
until the cells run. It watches the kernel through `window.jupyterapp` (`nbkit start` exposes
it); without that it still catches a restart from the widgets' own "disconnected" mark.
The script is the kit's own constant text: nothing a student typed is in it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

STOPPED_MESSAGE = "The lesson stopped. Run all cells to continue: your saved answers come back."


@cache
def guard_script() -> str:
    return files("nbkit.widgets").joinpath("guard.js").read_text(encoding="utf-8")


def guard_bundle() -> dict[str, str]:
    """The display bundle: an empty marker the script looks for, and the script.

    text/plain is empty so a terminal, nbval or a plain-text export shows nothing."""
    html = f'<div class="nbkit-guard" hidden></div><script>{guard_script()}</script>'
    return {"text/html": html, "text/plain": ""}
