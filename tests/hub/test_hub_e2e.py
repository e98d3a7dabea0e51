"""A real JupyterHub on 127.0.0.1 driven by Chromium: two students, one inbox, one instructor.

The hub runs as root and starts each student's server as that student's own Unix user
(LocalProcessSpawner), through the fragment `nbkit hub-config` prints; the proxy is
configurable-http-proxy from npm (.ci/run installs it). Each student logs in, lands on the
lesson, answers, and hands in with the Export button; their workspaces are their own; one
student cannot read or overwrite the other's hand-in; the instructor grades the inbox.
Everything started here is stopped at the end: the hub, the proxy, the single-user servers and
their kernels (every process of the test users).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hub_helpers import LESSON_ID, USERS, copy_lesson, run_as, shared_python
from test_inbox import ATTEMPTS

from nbkit.cli import main
from nbkit.errors import ExportError
from nbkit.export.pdf import LAUNCH_ARGS, find_chromium
from nbkit.hub import hub_config

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PROXY = shutil.which("configurable-http-proxy")
START_S = 60
IDLE = """path => {
  const w = window.jupyterapp?.shell?.currentWidget;
  return w?.context?.path === path && w.sessionContext?.session?.kernel?.status === 'idle';
}"""


@dataclass
class Hub:
    url: str
    password: str
    srv: Path  # the instructor's course folder: the cohort's nbkit.toml and the inbox
    inbox: Path
    log: Path


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hub_config(folder: Path, srv: Path, password: str, ports: list[int]) -> str:
    python, env = shared_python()
    fragment = hub_config(LESSON_ID, srv / "nbkit.toml")
    return f"""{fragment}
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports[0]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports[1]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports[2]}"
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "hub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {set(USERS[1:])!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
# The students' Unix users cannot reach this venv's interpreter (a pyenv Python under /root):
# the same command with a Python they can run.
c.Spawner.cmd = {[*python, "-m", "nbkit.hub", *python, "-m", "jupyterhub.singleuser"]!r}
c.Spawner.environment.update({env!r})
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"]
c.Spawner.start_timeout = {START_S}
c.Spawner.http_timeout = {START_S}
"""


def _wait_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the hub exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the hub did not come up:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen[bytes], folder: Path, uids: set[int]) -> None:
    """The hub stops the servers and the proxy itself; then nothing of ours may be left."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    pid_file = folder / "proxy.pid"
    leftovers = [int(pid_file.read_text())] if pid_file.is_file() else []
    leftovers += _processes_of(uids)  # single-user servers, kernels, Chromium for the PDF
    for pid in leftovers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the hub's own session, if anything stayed in it


def _processes_of(uids: set[int]) -> list[int]:
    """Live processes of these users (a zombie has ended: it only waits for its parent)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if entry.stat().st_uid in uids and state != "Z":
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return found


def _gone(uids: set[int], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while _processes_of(uids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _processes_of(uids)


@pytest.fixture
def hub(unix_users: dict[str, pwd.struct_passwd], tmp_path: Path) -> Iterator[Hub]:
    if PROXY is None:
        pytest.skip("configurable-http-proxy is not installed (.ci/run installs it from npm)")
    teach = unix_users[USERS[0]]
    srv = Path(teach.pw_dir) / "course"  # like /srv/nbkit: the instructor's, readable by all
    copy_lesson(srv, inbox=srv / "inbox")
    for folder, _dirs, files in os.walk(srv):
        for entry in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(entry, teach.pw_uid, teach.pw_gid)
    Path(teach.pw_dir).chmod(0o755)
    made = run_as(teach, f"from nbkit.cli import main; main(['inbox', 'create', {str(srv / 'inbox')!r}])",
                  Path(teach.pw_dir))  # fmt: skip
    assert made.returncode == 0, made.stderr
    password = secrets.token_urlsafe(12)
    ports = [_free_port() for _ in range(3)]
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(_hub_config(tmp_path, srv, password, ports), encoding="utf-8")
    log = tmp_path / "hub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{ports[0]}"
    try:
        _wait_up(url, proc, log)
        yield Hub(url, password, srv, srv / "inbox", log)
    finally:
        _stop(proc, tmp_path, {u.pw_uid for u in unix_users.values()})
        uids = {u.pw_uid for u in unix_users.values()}
        assert _gone(uids), f"still running: {_processes_of(uids)}"


class Student:
    """One student's browser page on the hub; steps are split so two students' servers and
    kernels start and work at the same time (each step waits on a real condition)."""

    def __init__(self, browser: Any, hub: Hub, user: str) -> None:
        self.hub, self.user = hub, user
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()

    def log_in(self) -> None:
        self.page.goto(f"{self.hub.url}/hub/login")
        self.page.fill("#username_input", self.user)
        self.page.fill("#password_input", self.hub.password)
        self.page.click("#login_submit")  # the hub starts the server, then opens default_url

    def wait_for(self, notebook: str) -> None:
        path = f"networking/{notebook}"
        self.page.wait_for_url(f"**/user/{self.user}/lab/tree/{path}*", timeout=START_S * 1000)
        self.page.wait_for_function(IDLE, arg=path, timeout=START_S * 1000)

    def open(self, notebook: str) -> None:
        self.page.goto(f"{self.hub.url}/user/{self.user}/lab/tree/networking/{notebook}")

    def run_all(self) -> None:
        run = "() => window.jupyterapp.commands.execute('notebook:run-all-cells')"
        assert self.page.evaluate(run), "a cell failed"

    def answer(self, name: str, typed_id: str) -> None:
        self.page.locator(".nbkit-q-start-name input").fill(name)
        self.page.locator(".nbkit-q-start-student_id input").fill(typed_id)
        saved = self.page.locator(".nbkit-q-start-student_id .nbkit-saved", has_text="Saved.")
        saved.wait_for()

    def export(self) -> None:
        self.page.locator("button", has_text="Export my lesson").click()
        # Most questions are unanswered here: the button asks before an incomplete export.
        self.page.locator("button", has_text="Export anyway").click()

    def wait_handed_in(self) -> None:
        pattern = re.compile(rf"Handed in to your instructor: {self.user}-\d{{8}}T")
        self.page.get_by_text(pattern).wait_for(timeout=120_000)

    def failed(self) -> AssertionError:
        self.page.screenshot(path=str(self.hub.log.parent / f"{self.user}.png"))
        tail = self.hub.log.read_text(errors="replace")[-4000:]
        return AssertionError(f"{self.user} at {self.page.url}; the hub's log ends:\n{tail}")


def _both(students: list[Student], step: str, *args: Any) -> None:
    for student in students:
        try:
            getattr(student, step)(*args)
        except Exception:
            raise student.failed() from None


def _work_through_the_hub(browser: Any, hub: Hub, ada: str, bob: str) -> None:
    students = [Student(browser, hub, ada), Student(browser, hub, bob)]
    _both(students, "log_in")
    _both(students, "wait_for", "00_start_here.ipynb")  # the default URL from hub-config
    _both(students, "run_all")
    students[0].answer("Ada", ada)
    students[1].answer("Bob", ada)  # Bob types Ada's id: the hub's user name is used
    _both(students, "open", "05_reflection.ipynb")
    _both(students, "wait_for", "05_reflection.ipynb")
    _both(students, "run_all")
    _both(students, "export")
    _both(students, "wait_handed_in")
    for student in students:
        student.context.close()


def test_two_students_hand_in_through_the_hub_and_the_instructor_grades(
    hub: Hub, unix_users: dict[str, pwd.struct_passwd], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    try:
        chromium = find_chromium()
    except ExportError:
        pytest.skip("no Chromium (Debian's `chromium`, or NBKIT_CHROMIUM) for the browser")
    teach, ada, bob = (unix_users[name] for name in USERS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            _work_through_the_hub(browser, hub, ada.pw_name, bob.pw_name)
        finally:
            browser.close()

    for user, name in ((ada, "Ada"), (bob, "Bob")):  # each workspace in its owner's home
        db = Path(user.pw_dir) / ".nbkit" / LESSON_ID / "answers.sqlite3"
        assert db.is_file() and db.stat().st_uid == user.pw_uid
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            values = dict(conn.execute("select id, value from answers"))
        assert json.loads(values["start.name"]) == name
    handed = {p.name.split("-")[0]: p for p in hub.inbox.glob("*.json")}
    assert set(handed) == {ada.pw_name, bob.pw_name}
    for user in (ada, bob):
        assert handed[user.pw_name].stat().st_uid == user.pw_uid
        document = json.loads(handed[user.pw_name].read_text(encoding="utf-8"))
        assert document["profile"]["student_id"] == user.pw_name  # the hub's, not the typed id

    target = handed[ada.pw_name]
    tried = run_as(bob, f"import sys; sys.argv = ['x', {str(target)!r}, {str(hub.inbox)!r}]\n"
                   + ATTEMPTS, Path(bob.pw_dir))  # fmt: skip
    assert tried.returncode == 0, tried.stderr
    assert set(json.loads(tried.stdout).values()) == {"refused"}, tried.stdout

    out = tmp_path / "graded"
    assert main(["grade", str(hub.inbox), "--out", str(out), "--quiet"]) == 0
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        graded = {r["student_id"]: r["name"] for r in csv.DictReader(handle)}
    assert graded == {ada.pw_name: "Ada", bob.pw_name: "Bob"}
