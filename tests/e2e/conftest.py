"""A real JupyterLab, started the way `nbkit start` does, driven by Debian's Chromium.

One server per session (JupyterLab takes ~5 s to come up on 2 cores); each test gets a fresh
browser context and its kernels are shut down afterwards, so tests start from the notebook
file and the store, never from another test's live kernel. Waits are on real conditions
(kernel idle, selectors, store content); there are no fixed sleeps and no retries.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nbkit.errors import ExportError
from nbkit.export.pdf import LAUNCH_ARGS as CHROMIUM_ARGS
from nbkit.export.pdf import find_chromium
from nbkit.launch import lab_command, lab_environment, write_lab_config, write_lab_settings

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VIEWPORT = {"width": 1280, "height": 900}
STARTUP_S = 90
KERNEL_IDLE_MS = 60_000
COHORT_TZ = "America/Denver"


def _system_chromium() -> str | None:
    # The same look-up the PDF export uses, so the tests run exactly when export can print.
    try:
        return str(find_chromium())
    except ExportError:
        return None


CHROMIUM = _system_chromium()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """No system Chromium: skip the browser tests with the reason (never download a browser)."""
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="no Chromium found (NBKIT_CHROMIUM, /usr/bin/chromium or on PATH): "
        "install Debian's `chromium` to run the browser tests"
    )
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


# -- the lesson folder and the server -----------------------------------------------------------


def cohort_week1(today: dt.date) -> dt.date:
    """Monday of Week 1 a week before this week: today is in Week 2, as in the lesson, and the
    action step (Monday of Week 6) is about four weeks ahead, so date checks are meaningful."""
    return today - dt.timedelta(days=today.weekday() + 7)


def write_lesson(root: Path, today: dt.date) -> Path:
    """A copy of the lesson (notebooks + nbkit.toml) whose cohort is running now."""
    shutil.copytree(
        REPO / "notebooks" / "networking",
        root / "notebooks" / "networking",
        ignore=shutil.ignore_patterns(".*"),
    )
    text = (REPO / "nbkit.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^week1_start\s*=.*$", f"week1_start = {cohort_week1(today)}", text)
    text = re.sub(r"(?m)^timezone\s*=.*$", f'timezone = "{COHORT_TZ}"', text)
    (root / "nbkit.toml").write_text(text, encoding="utf-8")
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    root: Path  # the lesson copy: nbkit.toml, notebooks/networking/, exports/
    workspace: Path  # NBKIT_HOME
    base_url: str
    token: str
    log: Path
    today: dt.date  # in the cohort's zone

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks" / "networking"

    @property
    def week1(self) -> dt.date:
        return cohort_week1(self.today)

    @property
    def action_step_due(self) -> dt.date:
        return self.week1 + dt.timedelta(weeks=5)  # Monday of Week 6 (nbkit.toml [due])

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def path(self, name: str) -> str:
        """A lesson notebook's path in JupyterLab (relative to the folder it serves)."""
        return (self.notebooks / name).relative_to(self.root).as_posix()

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path}{sep}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_with_workspace(self, name: str, workspace: Path, tag: str) -> str:
        """A copy of a lesson notebook whose parameters cell points at its own workspace (as
        papermill would inject it), for tests that need a fresh store; returns its name."""
        source = json.loads((self.notebooks / name).read_text(encoding="utf-8"))
        cell = next(c for c in source["cells"] if "parameters" in c["metadata"].get("tags", []))
        text = "".join(cell["source"])
        assert "workspace = None" in text, "the parameters cell changed shape"
        cell["source"] = text.replace("workspace = None", f"workspace = {str(workspace)!r}")
        # A subfolder keeps the notebook's own name (its tab title) and the kernel still finds
        # the lesson's nbkit.toml above it.
        (self.notebooks / tag).mkdir(exist_ok=True)
        (self.notebooks / tag / name).write_text(json.dumps(source), encoding="utf-8")
        return f"{tag}/{name}"

    def shutdown_kernels(self) -> None:
        """End every session, so the next test starts its kernels from scratch."""
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")


def _wait_until_up(server: LabServer, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            server.api("GET", "status")
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not come up:\n" + server.log.read_text())
            time.sleep(0.2)  # polling the server, not hiding a race


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    base = tmp_path_factory.mktemp("lab")
    today = dt.datetime.now(ZoneInfo(COHORT_TZ)).date()
    root = write_lesson(base / "lesson", today)
    workspace = base / "workspace"
    port, token = free_port(), secrets.token_hex(16)
    extra = [
        f"--ServerApp.token={token}",
        "--ServerApp.ip=127.0.0.1",
    ]  # lab_command exposes window.jupyterapp (the guard and these tests use it)
    # Served from the folder of nbkit.toml, as `nbkit start` serves it: exports/ is reachable.
    command = lab_command(root, write_lab_settings(workspace / "lab-settings"), port, False, extra)
    env = lab_environment(
        workspace, lab_config=write_lab_config(workspace / "lab-config", math=False)
    )
    env.pop("NBKIT_CONFIG", None)  # the kernel must find the copy's nbkit.toml, as a student's does
    # Keep the developer's Jupyter config and running-server list out of the test.
    env |= {"JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_RUNTIME_DIR": str(base / "rt")}
    env |= {"IPYTHONDIR": str(base / "ipython")}
    server = LabServer(root, workspace, f"http://127.0.0.1:{port}", token, base / "lab.log", today)
    with server.log.open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(server, proc)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


# -- the browser --------------------------------------------------------------------------------


# Module scope, not session: Playwright's sync API keeps an event loop running on this thread
# while it is open, and tests in other folders (the export's security test) start their own
# Playwright afterwards. Launching Chromium once per module costs about a second.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class DialogGuard:
    """page.on("dialog") must never fire: any alert/confirm/beforeunload is recorded here."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> Any:
        def record(dialog: Any) -> None:
            self.seen.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", record)
        return page


@pytest.fixture
def dialogs() -> DialogGuard:
    return DialogGuard()


@pytest.fixture
def context(browser: Any, lab: LabServer, dialogs: DialogGuard) -> Iterator[Any]:
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.on("page", dialogs.watch)
    yield ctx
    ctx.close()
    lab.shutdown_kernels()
    assert dialogs.seen == [], f"a browser dialog fired: {dialogs.seen}"


@pytest.fixture
def open_notebook(context: Any, lab: LabServer) -> Callable[..., Notebook]:
    """open_notebook("00_start_here.ipynb") -> a Notebook with its kernel idle, cells not run."""

    def opener(name: str, page: Any = None) -> Notebook:
        notebook = Notebook(page or context.new_page(), lab, name)
        notebook.open()
        return notebook

    return opener


# -- one notebook in one JupyterLab page --------------------------------------------------------

_IDLE = """() => {
  const w = window.jupyterapp?.shell?.currentWidget;
  return w?.context?.path === %s && w.sessionContext?.session?.kernel?.status === 'idle';
}"""


def css_id(answer_id: str) -> str:
    """The class a widget box carries for an answer id (nbkit/widgets/base.py)."""
    return ".nbkit-q-" + answer_id.replace(".", "-")


@dataclass
class Notebook:
    page: Any
    lab: LabServer
    name: str

    def open(self) -> None:
        # ?reset: start from the default layout, not the tabs a previous test left open.
        self.page.goto(self.lab.url(f"lab/tree/{self.path}?reset"))
        self.wait_idle()
        self.page.evaluate("window.jupyterapp.shell.collapseLeft()")

    @property
    def path(self) -> str:
        return self.lab.path(self.name)

    def wait_idle(self) -> None:
        self.page.wait_for_function(_IDLE % json.dumps(self.path), timeout=KERNEL_IDLE_MS)

    def command(self, name: str) -> Any:
        """Run a JupyterLab command; the promise resolves when the command is done."""
        return self.page.evaluate("name => window.jupyterapp.commands.execute(name)", name)

    def run_all(self) -> None:
        """Run every cell from a clean slate: cleared outputs prove the widgets are rebuilt."""
        self.command("notebook:clear-all-cell-outputs")
        assert self.command("notebook:run-all-cells") is True, "a cell failed"
        self.wait_idle()
        errors = self.page.locator(".jp-OutputArea-output[data-mime-type*='error']")
        assert errors.count() == 0, errors.first.inner_text()

    def restart_kernel(self) -> None:
        self.page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
        )
        self.wait_idle()

    def save(self) -> None:
        self.command("docmanager:save")

    def reload(self) -> None:
        # Saved first: a dirty notebook makes JupyterLab ask "leave the page?" (a dialog).
        self.save()
        self.page.reload()
        self.wait_idle()
        self.page.evaluate("window.jupyterapp.shell.collapseLeft()")

    def q(self, answer_id: str) -> Any:
        return self.page.locator(css_id(answer_id))

    def message(self, answer_id: str) -> Any:
        return self.q(answer_id).locator(".nbkit-message")

    def saved(self, answer_id: str) -> Any:
        return self.q(answer_id).locator(".nbkit-saved", has_text="Saved.")

    # -- answering, the way a student does: clicks and keystrokes -------------------------------

    def field(self, answer_id: str) -> Any:
        """The text box (input or textarea) of a short/long answer."""
        return self.q(answer_id).locator("input, textarea").first

    def choose(self, answer_id: str, label: str) -> None:
        """Single choice: click the radio button's label."""
        self.q(answer_id).locator(".widget-radio-box label").filter(has_text=label).click()

    def tick(self, answer_id: str, label: str, on: bool = True) -> None:
        """Multiple choice / checklist: click the checkbox whose label is `label`."""
        box = self.q(answer_id).locator(".widget-checkbox").filter(has_text=label)
        box.locator("input[type=checkbox]").set_checked(on)

    def likert(self, answer_id: str, item: int, anchor: int) -> None:
        """Likert: pick the `anchor`-th (1..5) radio of the `item`-th (1..) statement's group."""
        row = self.q(answer_id).locator(".nbkit-likert-item").nth(item - 1)
        row.locator("input[type=radio]").nth(anchor - 1).check()

    def rows(self, answer_id: str, kind: str = "input") -> Any:
        """The row inputs of a repeatable answer (list: text inputs; datetimes: pickers)."""
        selector = {"input": ".widget-text input", "datetime": "input[type=datetime-local]"}[kind]
        return self.q(answer_id).locator(selector)

    def click(self, answer_id: str | None, text: str) -> None:
        scope = self.q(answer_id) if answer_id else self.page
        scope.locator("button").filter(has_text=text).first.click()

    def show(self, locator: Any) -> None:
        """Bring a part of the notebook into view (for a student-like screenshot)."""
        locator.first.scroll_into_view_if_needed()
        # Scroll so the target sits near the top of the notebook panel, not at its bottom edge.
        locator.first.evaluate("el => el.scrollIntoView({block: 'start'})")


# -- the store, read the way a person would check it: straight from SQLite ---------------------


@dataclass
class StoreProbe:
    workspace: Path

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        path = self.workspace / "answers.sqlite3"
        if not path.exists():
            return []
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def value(self, answer_id: str) -> Any:
        rows = self._query("SELECT value FROM answers WHERE id = ?", (answer_id,))
        return json.loads(rows[0][0]) if rows else None

    def strings(self) -> dict[str, str]:
        """Every text answer (short and long kinds are stored as JSON strings)."""
        rows = self._query("SELECT id, value FROM answers")
        values = {answer_id: json.loads(v) for answer_id, v in rows}
        return {k: v for k, v in values.items() if isinstance(v, str)}

    def tracker(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT row_id, data FROM rows WHERE table_id = 'tracker' ORDER BY position"
        )
        return [{"row_id": r, **json.loads(d)} for r, d in rows]

    def events(self, kind: str, key: str) -> list[Any]:
        rows = self._query(
            "SELECT value FROM events WHERE kind = ? AND key = ? ORDER BY seq", (kind, key)
        )
        return [json.loads(r[0]) if r[0] else None for r in rows]

    def wait_for(self, answer_id: str, expected: Any, timeout: float = 20.0) -> Any:
        """Poll until the stored value equals `expected` (or satisfies it, if callable)."""
        check = expected if callable(expected) else (lambda v: v == expected)
        return wait_until(lambda: self.value(answer_id), check, timeout, f"store {answer_id}")

    def wait_tracker(self, check: Callable[[list[dict[str, Any]]], bool], timeout: float = 20.0):
        return wait_until(self.tracker, check, timeout, "store tracker rows")


def wait_until(read: Callable[[], Any], check: Callable[[Any], bool], timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        current = read()
        if check(current):
            return current
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {current!r} after {timeout:.0f} s")
        time.sleep(0.1)  # polling a real condition (SQLite), bounded by the deadline


@pytest.fixture(scope="session")
def store(lab: LabServer) -> StoreProbe:
    return StoreProbe(lab.workspace)


@pytest.fixture
def fresh(lab: LabServer, tmp_path: Path, request: pytest.FixtureRequest) -> FreshLesson:
    """A fresh workspace for one test: fresh("01_needs_and_notes.ipynb") -> a notebook copy
    writing there; fresh.store reads it."""
    tag = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name.removeprefix("test_"))[:24]
    return FreshLesson(lab, tmp_path / "workspace", tag)


@dataclass
class FreshLesson:
    lab: LabServer
    workspace: Path
    tag: str

    def __call__(self, name: str) -> str:
        return self.lab.notebook_with_workspace(name, self.workspace, self.tag)

    @property
    def store(self) -> StoreProbe:
        return StoreProbe(self.workspace)


# -- screenshots --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshot_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Always into tmp; also into NBKIT_SCREENSHOTS (e.g. docs/screenshots) when it is set."""
    out = [tmp_path_factory.mktemp("screenshots")]
    wanted = os.environ.get("NBKIT_SCREENSHOTS")
    if wanted:
        target = Path(wanted) if Path(wanted).is_absolute() else REPO / wanted
        target.mkdir(parents=True, exist_ok=True)
        out.append(target)
    return out


@pytest.fixture
def screenshot(screenshot_dirs: list[Path]) -> Callable[[str, Any], Path]:
    """screenshot("01-needs", page_or_locator): a PNG of what the student sees."""

    def take(name: str, target: Any) -> Path:
        first = screenshot_dirs[0] / f"{name}.png"
        target.screenshot(path=str(first), animations="disabled", caret="hide")
        for other in screenshot_dirs[1:]:
            shutil.copyfile(first, other / first.name)
        return first

    return take
