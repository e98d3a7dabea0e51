"""`nbkit start --app`: the lesson as an app through Voila, driven by Debian's Chromium.

The server is started exactly as a student starts it, from an empty folder (the lesson is copied
in, nbkit.toml written), and stopped the same way (SIGTERM to nbkit); every process it started,
kernels included, must be gone afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
pytest.importorskip("voila")

STARTUP_S = 90
RENDER_MS = 90_000  # Voila runs the whole notebook before the page shows (2 shared cores)
WIDGET_MS = 30_000  # then the widgets render once the page's kernel connection is up
FIRST = "networking/00_start_here.ipynb"
LAST = "networking/05_reflection.ipynb"
SOURCES = ("open_section(", "lesson.ask(", "lesson.text(", "from nbkit")
VIEWPORT = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    read: Callable[[], Any], check: Callable[[Any], bool], timeout: float, what: str
) -> Any:
    deadline = time.monotonic() + timeout
    while not check(current := read()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {current!r} after {timeout:.0f} s")
        time.sleep(0.1)  # polling a real condition (SQLite, the server), bounded by the deadline
    return current


@dataclass
class App:
    root: Path  # the student's folder: nbkit.toml, networking/, .nbkit/, exports/
    base_url: str
    token: str
    proc: subprocess.Popen[bytes]

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path}?token={self.token}"

    def api(self, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}/api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def answer(self, answer_id: str) -> Any:
        db = self.root / ".nbkit" / "answers.sqlite3"
        if not db.exists():
            return None
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute("SELECT value FROM answers WHERE id = ?", (answer_id,)).fetchall()
        finally:
            con.close()
        return json.loads(rows[0][0]) if rows else None


def _start_command(port: int) -> list[str]:
    code = "import sys; from nbkit.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, "start", "--app", "--no-browser", f"--port={port}"]


def _environment(base: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NBKIT_", "JUPYTERHUB_"))}
    # The token the server uses, and the developer's Jupyter config kept out of the test.
    return env | {
        "JUPYTER_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "rt"),
        "IPYTHONDIR": str(base / "ipython"),
    }


def _wait_until_up(app: App, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            app.api("status")
            return
        except OSError:
            if app.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("nbkit start --app did not come up:\n" + log.read_text())
            time.sleep(0.2)  # polling the server, not hiding a race


def _stop(proc: subprocess.Popen[bytes]) -> list[str]:
    """SIGTERM to nbkit, as Ctrl+C or a service manager would; returns what outlived it."""
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []  # it already exited (it failed to start: the log says why)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    left = [" ".join(p.cmdline()) for p in alive if p.is_running()]
    for p in alive:
        p.kill()
    return left


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    base = tmp_path_factory.mktemp("app")
    root = base / "student"
    root.mkdir()
    port, token = free_port(), secrets.token_hex(16)
    log = base / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _start_command(port), cwd=root, env=_environment(base, token), stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        server = App(root, f"http://127.0.0.1:{port}", token, proc)
        try:
            _wait_until_up(server, log)
            yield server
        finally:
            left = _stop(proc)
    assert left == [], f"still running after nbkit start --app stopped: {left}"


@pytest.fixture
def page(browser: Any, app: App) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    dialogs: list[str] = []
    context.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    yield context.new_page()
    for open_page in context.pages:
        open_page.close(run_before_unload=True)  # as a student closes the tab
    context.close()
    # Closing a page shuts its kernel down (Voila's beforeunload request, accepted under
    # jupyter_server), so an app left open for a week does not pile up kernels.
    wait_until(lambda: app.api("kernels"), lambda ks: ks == [], 30, "kernels after closing")
    assert dialogs == [], f"a browser dialog fired: {dialogs}"


def field(page: Any, answer_id: str) -> Any:
    box = page.locator(".nbkit-q-" + answer_id.replace(".", "-"))
    return box.locator("input, textarea").first


def rendered(page: Any) -> None:
    """Voila's page is complete when its last cell's output (the nav links) is in it."""
    page.locator(".nbkit-nav").wait_for(timeout=RENDER_MS)


def assert_no_source(page: Any) -> None:
    html = page.content()
    shown = [s for s in SOURCES if s in html]
    assert shown == [], f"Python source reached the app page: {shown}"
    code = page.locator(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .CodeMirror, .cm-editor")
    assert code.count() == 0, code.first.evaluate("el => el.outerHTML.slice(0, 300)")


def test_app_keeps_answers_links_sections_and_downloads_the_export(
    app: App, page: Any, tmp_path: Path, screenshot: Callable[[str, Any], Path]
) -> None:
    page.goto(app.url())  # the default URL lands on the lesson's first notebook
    rendered(page)
    assert page.url.split("?")[0].endswith("/voila/render/" + FIRST)
    assert_no_source(page)

    field(page, "start.name").fill("Ada Lovelace")
    field(page, "start.student_id").fill("ada-01")
    wait_until(lambda: app.answer("start.student_id"), lambda v: v == "ada-01", 20, "store")
    assert app.answer("start.name") == "Ada Lovelace"
    # The live summary redraws in the app too (a widget: Voila drops display updates).
    expect(page.locator(".nbkit-summary")).to_contain_text("Ada Lovelace", timeout=WIDGET_MS)

    page.reload()  # a fresh kernel runs the notebook again: the answers come from the store
    rendered(page)
    expect(field(page, "start.name")).to_have_value("Ada Lovelace", timeout=WIDGET_MS)
    expect(field(page, "start.student_id")).to_have_value("ada-01", timeout=WIDGET_MS)

    # Typed, then straight on to the next page: leaving stops this page's kernel, and the
    # answer must be saved all the same.
    field(page, "start.cohort").fill("2611-BE")
    page.locator(".nbkit-nav-next").click()  # Next: the second section, as a new app page
    page.wait_for_url("**/voila/render/networking/01_needs_and_notes.ipynb", wait_until="commit")
    rendered(page)
    expect(page.locator(".nbkit-nav-prev")).to_have_text("← Previous: Start here")
    wait_until(lambda: app.answer("start.cohort"), lambda v: v == "2611-BE", 20, "store")

    page.goto(app.url("voila/render/" + LAST))
    rendered(page)
    assert_no_source(page)
    page.locator("button", has_text="Export my lesson").click()
    page.locator("button", has_text="Export anyway").click()  # only the profile is answered
    link = page.locator("a[download]", has_text=".html").first
    link.wait_for(timeout=RENDER_MS)  # the PDF is printed by Chromium before the list shows
    heading = page.locator("h2", has_text="Hand in")
    heading.evaluate("el => el.scrollIntoView({block: 'start'})")
    screenshot("app-export", page)  # the README's picture of the app
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".html" and "ada-01" in saved.name
    assert (app.root / "exports" / saved.name).read_bytes() == saved.read_bytes()
    assert "Ada Lovelace" in saved.read_text(encoding="utf-8")
