"""App mode: the lesson served through Voila, for students who never need code.

`nbkit start --app` runs a Jupyter server with Voila as its only front end (JupyterLab's is
switched off), landing on the lesson's first notebook at /voila/render/<lesson>/<notebook>.
This is the same URL layout Voila has under a JupyterHub (/user/<name>/voila/render/...), so a
hub's default URL and this command serve the lesson identically.

Why a Jupyter server with the Voila extension rather than the standalone `voila` command: it is
what a hub runs, its /files/ handler serves the exports the Export button writes, and its
settings take a prelaunch hook that lets a closing page stop its kernel (`keep_xsrf_cookie`).

Voila re-runs a notebook on every page load and never saves the .ipynb: every answer comes back
from the workspace store, which the kernels reach through NBKIT_HOME as in JupyterLab.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .errors import NbkitError

RENDER = "voila/render/"
# Idle kernels with no browser attached (a closed tab whose shutdown never arrived) are stopped
# after this long; a kernel with an open page is never culled, so nothing being typed is lost.
CULL_IDLE_S = 600
CULL_INTERVAL_S = 60


class AppError(NbkitError):
    exit_code = 2


def app_settings(
    root: Path, default_url: str, port: int, open_browser: bool
) -> dict[str, dict[str, Any]]:
    """The Jupyter server config of app mode (written to a JSON file the server reads)."""
    return {
        "ServerApp": {
            "root_dir": str(root),
            "default_url": default_url,
            "port": port,
            "port_retries": 20,
            "open_browser": open_browser,
            # Voila is the only front end: JupyterLab's menus and code cells stay out of reach.
            "jpserver_extensions": {"voila": True, "jupyterlab": False, "notebook": False},
            "terminals_enabled": False,
            # Containers and CI run as root; the server refuses root unless told it is intended.
            "allow_root": os.geteuid() == 0,
        },
        "VoilaConfiguration": {
            "strip_sources": True,
            "show_tracebacks": False,  # an expected error is one line (NbkitError), never a trace
        },
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_IDLE_S,
            "cull_interval": CULL_INTERVAL_S,
            "cull_connected": False,
        },
    }


def app_url(lab_url: str) -> str:
    """/lab/tree/<path> -> /voila/render/<path>: the same notebook, as an app."""
    return "/" + RENDER + lab_url.removeprefix("/lab/tree/").lstrip("/")


def app_command(config_file: Path) -> list[str]:
    """The server command; a clear one-line error when Voila is not installed."""
    if importlib.util.find_spec("voila") is None:
        raise AppError("app mode needs Voila: pip install 'nbkit[app]' (or pip install voila)")
    return [sys.executable, "-m", "jupyter_server", f"--config={config_file}"]


def write_app_config(folder: Path, settings: dict[str, dict[str, Any]]) -> Path:
    """A Python config file (a hook is a callable, which JSON cannot name) holding `settings`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "jupyter_server_config.py"
    path.write_text(
        "# Written by `nbkit start --app` on every start (nbkit/app.py); edits are replaced.\n"
        "import json\n\nfrom traitlets.config import Config\n\n"
        "from nbkit.app import keep_xsrf_cookie\n\n"
        f"c.merge(Config(json.loads({json.dumps(json.dumps(settings))})))  # noqa: F821\n"
        "c.VoilaConfiguration.prelaunch_hook = keep_xsrf_cookie  # noqa: F821\n",
        encoding="utf-8",
    )
    return path


def keep_xsrf_cookie(handler: Any, notebook: Any = None, cwd: str = "") -> None:
    """Voila's prelaunch hook: set the _xsrf cookie with the page.

    A closing Voila page asks the server to stop its kernel with a POST carrying the _xsrf
    cookie's value, but a Jupyter server sets that cookie only when a page reads the token, and
    Voila's page does not (voila #1458): every page load left a kernel running. On a hub, the
    hub's own pages have set it already.
    """
    handler.xsrf_token  # noqa: B018 - reading it sets the cookie on this response


def voila_page_folder(env: Mapping[str, str] | None = None) -> str | None:
    """Inside a Voila page, the URL of the page's folder (e.g. /voila/render/<lesson>/), for
    links to the lesson's other notebooks; None elsewhere (JupyterLab, papermill).

    The links must be absolute: Voila's renderer turns a relative link to a notebook into its
    /files/ download URL (JupyterLab's own link handler opens it in a tab; Voila has none).
    """
    env = os.environ if env is None else env
    base, script = env.get("VOILA_BASE_URL"), env.get("SCRIPT_NAME", "")
    if base is None or not script.startswith(base + RENDER):
        return None
    return script.rsplit("/", 1)[0] + "/"


def voila_file_url(
    path: Path, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> str | None:
    """The URL that downloads `path` from inside a Voila page, or None outside Voila.

    Voila gives its kernels the page's request path (SCRIPT_NAME, e.g.
    /user/ada/voila/render/<lesson>/<notebook>.ipynb) and base URL, and starts them in the
    notebook's folder; from those the server's root folder follows, and the server's /files/
    handler serves any file under it.
    """
    env = os.environ if env is None else env
    base, script = env.get("VOILA_BASE_URL"), env.get("SCRIPT_NAME", "")
    if base is None or not script.startswith(base + RENDER):
        return None
    folder = PurePosixPath(script.removeprefix(base + RENDER)).parent
    here = (cwd or Path.cwd()).resolve()
    depth = len(folder.parts)
    if depth > len(here.parents):
        return None
    root = here.parents[depth - 1] if depth else here
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return None  # outside what the server serves: the page shows the path only
    return base + "files/" + quote(relative.as_posix())
