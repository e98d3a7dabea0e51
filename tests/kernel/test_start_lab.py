"""`nbkit start --no-browser` really serves JupyterLab on the lesson, with the kit's settings."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.kernel, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_start_serves_lab_with_kit_settings(
    repo: Path, isolated_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    port = free_port()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    env = dict(os.environ)
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nbkit.cli", "start", "--no-browser", "--port", str(port)],
        cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                listing = _get(port, "api/contents/")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("JupyterLab did not come up:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        assert "00_start_here.ipynb" in listing  # root_dir is the lesson folder
        assert "JupyterLab" in _get(port, "lab")
        settings = isolated_workspace / "lab-settings"
        widget = settings / "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
        assert json.loads(widget.read_text()) == {"saveState": True}
        tracker = settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
        assert json.loads(tracker.read_text()) == {"windowingMode": "none"}
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def _get(port: int, path: str) -> str:
    token = _token(port)
    if not token:
        raise OSError("server not listed yet")
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(req, timeout=10) as response:
        return response.read().decode()


def _token(port: int) -> str:
    from jupyter_server.serverapp import list_running_servers

    for server in list_running_servers(os.environ.get("JUPYTER_RUNTIME_DIR")):
        if server["port"] == port:
            return server["token"]
    return ""
