"""`nbkit start --no-browser` from an empty folder really serves JupyterLab on a copied lesson,
with the kit's settings, the workspace beside it and exports/ inside the served folder."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
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
        return int(s.getsockname()[1])


def test_start_in_an_empty_folder_serves_the_copied_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "student"
    folder.mkdir()
    port = free_port()
    monkeypatch.delenv("NBKIT_HOME", raising=False)  # the workspace must land beside nbkit.toml
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    command = [sys.executable, "-m", "nbkit.cli", "start", "--no-browser", "--port", str(port)]
    lab = lab_running(command + ["--lesson", "module1-informational-interview"], folder, tmp_path)
    with lab:
        listing = json.loads(wait_for(port, "api/contents/interview", tmp_path))
        names = {item["name"] for item in listing["content"]}
        assert {"00_start.ipynb", "lesson.toml"} <= names
        page = get(port, "lab")
        assert "JupyterLab" in page
        # The lesson has no LaTeX (no `math = true`): the page the browser gets turns MathJax off.
        assert "@jupyterlab/mathjax-extension" in page_config(page)["disabledExtensions"]
        (folder / "exports").mkdir()
        (folder / "exports" / "me.html").write_text("<p>deliverable</p>")
        assert get(port, "files/exports/me.html") == "<p>deliverable</p>"  # reachable to download
    assert lab.leftovers == [], "processes outlived nbkit start:\n" + lab.log_path.read_text()
    assert (folder / "nbkit.toml").is_file()
    settings = folder / ".nbkit" / "lab-settings"
    widget = settings / "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings"
    assert json.loads(widget.read_text()) == {"saveState": False}  # no stale snapshot
    tracker = settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    # cells in view first, every cell in the page in the end ("full" would drop cells out of view)
    assert json.loads(tracker.read_text()) == {"windowingMode": "defer"}


class lab_running:
    """`nbkit start` in its own process group; on exit the group is stopped, children included."""

    def __init__(self, command: list[str], cwd: Path, tmp_path: Path) -> None:
        self.command, self.cwd, self.log_path = command, cwd, tmp_path / "lab.log"

    def __enter__(self) -> subprocess.Popen[bytes]:
        self.log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            self.command, cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        return self.proc

    def __exit__(self, *exc: object) -> None:
        self.leftovers = stop_group(self.proc)
        self.log.close()


def stop_group(proc: subprocess.Popen[bytes]) -> list[int]:
    """SIGTERM to `nbkit start` (it stops JupyterLab, which stops its kernels); then kill what
    is left of its process group and return those pids (none, when the shutdown is clean)."""
    proc.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(60)
    leftovers = group_members(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    return leftovers


def group_members(pgid: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def page_config(page: str) -> dict:
    """The page config JupyterLab embeds in its page (the plugins the browser will load)."""
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert found, "no page config in the JupyterLab page"
    return json.loads(found.group(1))


def wait_for(port: int, path: str, tmp_path: Path, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(port, path)
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not come up:\n" + (tmp_path / "lab.log").read_text())
            time.sleep(0.5)


def get(port: int, path: str) -> str:
    token = _token(port)
    if not token:
        raise OSError("server not listed yet")
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(req, timeout=10) as response:
        return str(response.read().decode())


def _token(port: int) -> str:
    from jupyter_server.serverapp import list_running_servers

    for server in list_running_servers(os.environ.get("JUPYTER_RUNTIME_DIR")):
        if server["port"] == port:
            return str(server["token"])
    return ""
