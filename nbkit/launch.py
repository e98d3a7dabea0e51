"""`nbkit start`: JupyterLab on the lesson folder with the kit's settings.

The settings live in a kit-owned user-settings folder inside the workspace instead of the
Python environment's overrides.json, so starting the kit never edits the installation:
- widget state saving ON (harmless backup; the store stays the record of truth),
- notebook windowing OFF, so every cell stays in the page (long lessons, browser tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .config import find_config
from .errors import NbkitError
from .store import default_home

LAB_SETTINGS = {
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def lesson_dir(root: Path) -> Path:
    return root / "notebooks" / "networking"


def write_lab_settings(folder: Path) -> Path:
    for name, values in LAB_SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    return folder


def lab_command(
    notebook_dir: Path,
    settings_dir: Path,
    port: int,
    open_browser: bool,
    extra: list[str] | None = None,
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={notebook_dir}",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--ServerApp.port={port}",
        f"--ServerApp.open_browser={open_browser}",
        "--ServerApp.port_retries=20",
        # Containers and CI run as root; JupyterLab refuses root unless told it is intended.
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
        *(extra or []),
    ]


def lab_environment(workspace: Path) -> dict[str, str]:
    # Kernels inherit this, so every notebook writes the same workspace whatever its folder.
    return {**os.environ, "NBKIT_HOME": str(workspace)}


def start_lab(port: int = 8888, open_browser: bool = True, lab_dir: Path | None = None) -> int:
    config = find_config()
    if lab_dir is None:
        if config is None:
            raise NbkitError("no nbkit.toml here or above: run `nbkit start` inside the kit folder")
        lab_dir = lesson_dir(config.parent)
    if not lab_dir.is_dir():
        raise NbkitError(f"lesson folder {lab_dir} not found")
    workspace = default_home(config.parent if config else None)
    settings = write_lab_settings(workspace / "lab-settings")
    print(f"nbkit: starting JupyterLab on {lab_dir} (answers are saved in {workspace})", flush=True)
    print("nbkit: the URL to open is printed below; press Ctrl+C to stop.", flush=True)
    command = lab_command(lab_dir.resolve(), settings, port, open_browser)
    return subprocess.call(command, env=lab_environment(workspace))
