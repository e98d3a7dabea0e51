"""Notebook open to all widgets ready, in a real JupyterLab and Chromium (issue 12, part 8).

What a student waits for: the notebook opens, its kernel starts, Run All, every widget drawn.
Measured in one run, side by side, against the same JupyterLab opening a one-cell notebook that
only imports ipywidgets and shows one widget; the difference is what the kit adds (target: at
most 0.5 s). Each notebook is opened several times in turn, each time with a fresh kernel, and
the medians are compared. Two ways of opening, both in every round:
- by URL, in a new page: JupyterLab itself loads too (about 4 s here), which is how `nbkit start`
  lands a student on the first notebook; the app's load makes these figures vary by +-0.3 s;
- in the running JupyterLab (`docmanager:open`, then the notebook is closed and its kernel
  stopped): how the Next link and the file browser open every other notebook.

Prose is not the kit: JupyterLab pays for every markdown cell it draws (each gets an editor) in
any notebook lesson, kit or not. So each notebook also has a prose twin in the same run (the
baseline cell plus that notebook's markdown cells, nothing of the kit), and each line splits
what the notebook adds into the prose's share and the kit's (notebook minus its prose twin).

Each line also gives the widget models the notebook's Run All made (comm_open messages the page
received from its kernel): every model is a message, a model and a view the page must build.
nbkit's modules are compiled to bytecode first, as any installed package is (an environment
with PYTHONDONTWRITEBYTECODE would otherwise compile them in every kernel).
Run: python benchmarks/bench_lesson_ready.py [--repeat N] [--notebooks 01_needs_and_notes ...]
[--against REV]. With --against, each notebook as it was at git revision REV runs in the same
run too (it must still run against today's section files): runs on this kind of machine drift by
0.3-0.5 s, so only a change measured side by side in one run is a measurement.
Needs Debian's chromium (or NBKIT_CHROMIUM); never downloads a browser. Everything it starts
(JupyterLab, its kernels, Chromium) is stopped before it exits.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat

REPO = Path(__file__).resolve().parents[1]
LESSON = REPO / "notebooks" / "networking"
SERVED = "notebooks/networking"  # where nbkit.toml's [lesson] folder says the copy is
BASELINE = "baseline.ipynb"
BASELINE_SOURCE = "import ipywidgets as w\nw.Text(value='')"
PROSE = ".prose.ipynb"  # <stem>.prose.ipynb: the baseline cell and the notebook's markdown
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
TARGET_S = 0.5
BY_URL, IN_APP = "url", "app"
WAYS = {
    BY_URL: "opened by URL in a new page (JupyterLab loads too): how `nbkit start` opens 00",
    IN_APP: "opened in the running JupyterLab: how the Next link and the file browser open the rest",
}
TIMEOUT_MS = 120_000

_IDLE = """path => {
  const w = window.jupyterapp?.shell?.currentWidget;
  return w?.context?.path === path && w.sessionContext?.session?.kernel?.status === 'idle';
}"""
# Every widget output in the notebook's model has its view drawn in the page (the kit's lab
# settings use "defer" windowing: every cell reaches the DOM, the ones out of view last).
_DRAWN = """mime => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  let want = 0;
  for (const cell of nb.widgets) {
    if (cell.model.type !== 'code') continue;
    want += cell.model.outputs.toJSON().filter(o => o.data && o.data[mime]).length;
  }
  const drawn = nb.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
  return want > 0 && drawn >= want;
}"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def lab_server(folder: Path, workspace: Path) -> Iterator[tuple[str, str]]:
    """JupyterLab serving `folder` the way `nbkit start` does; stopped (kernels too) on exit."""
    from nbkit.content import load_lesson
    from nbkit.launch import lab_command, lab_environment, write_lab_config, write_lab_settings

    port, token = _port(), secrets.token_hex(8)
    settings = write_lab_settings(workspace / "lab-settings")
    lab_config = write_lab_config(workspace / "lab-config", math=load_lesson(LESSON).math)
    extra = [f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1"]
    env = lab_environment(workspace, lab_config=lab_config) | {
        "JUPYTER_CONFIG_DIR": str(workspace / "config"),
        "JUPYTER_RUNTIME_DIR": str(workspace / "rt"),
        "IPYTHONDIR": str(workspace / "ipython"),
    }
    env.pop("NBKIT_CONFIG", None)
    log = (workspace / "lab.log").open("wb")
    proc = subprocess.Popen(
        lab_command(folder, settings, port, False, extra), env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        f"JupyterLab did not start; see {workspace / 'lab.log'}"
                    ) from None
                time.sleep(0.2)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def _shutdown_kernels(base: str, token: str) -> None:
    def call(method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"{base}/api/{path}", method=method, headers={"Authorization": f"token {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    for session in call("GET", "sessions"):
        call("DELETE", f"sessions/{session['id']}")


_APP_READY = "() => window.jupyterapp?.commands?.hasCommand('docmanager:open')"
_CLOSE = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.shutdown();
  panel.dispose();
}"""
Timing = tuple[float, float, int]  # seconds to kernel idle, seconds to ready, widget models
# Counts the widget models a kernel opens (comm_open messages to the page) from now on.
_COUNT_COMMS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__nbkitComms = 0;
  kernel.anyMessage.connect((_, args) => {
    if (args.direction === 'recv' && args.msg.header.msg_type === 'comm_open') {
      window.__nbkitComms += 1;
    }
  });
}"""


def open_to_ready(browser: Any, base: str, token: str, path: str) -> Timing:
    """Opened by URL in a new page (JupyterLab loads too): (seconds to kernel idle, seconds to
    every widget drawn after Run All, widget models), from navigation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(f"{base}/lab/tree/{path}?reset&token={token}")
        return _run_all(page, path, start)
    finally:
        page.close()


def app_page(browser: Any, base: str, token: str) -> Any:
    """A JupyterLab page with no notebook open, for opens in the running app."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/lab?reset&token={token}")
    page.wait_for_function(_APP_READY, timeout=TIMEOUT_MS)
    return page


def open_in_app(page: Any, path: str) -> Timing:
    """Opened in the running JupyterLab, as the Next link or the file browser opens it; the same
    three figures, from the open command. The notebook is closed and its kernel stopped after."""
    start = time.perf_counter()
    page.evaluate(
        "path => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", path
    )
    try:
        return _run_all(page, path, start)
    finally:
        page.evaluate(_CLOSE)


def _run_all(page: Any, path: str, start: float) -> Timing:
    page.wait_for_function(_IDLE, arg=path, timeout=TIMEOUT_MS)
    idle = time.perf_counter() - start
    page.evaluate(_COUNT_COMMS)
    ran = page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    if ran is not True:
        raise SystemExit(f"{path}: a cell failed")
    page.wait_for_function(_IDLE, arg=path, timeout=TIMEOUT_MS)
    page.wait_for_function(_DRAWN, arg=WIDGET_MIME, timeout=TIMEOUT_MS)
    ready = time.perf_counter() - start
    return idle, ready, int(page.evaluate("() => window.__nbkitComms"))


def prepare(root: Path) -> None:
    """The lesson copy and its nbkit.toml (as `nbkit start` leaves them) plus the baseline."""
    shutil.copytree(LESSON, root / SERVED, ignore=shutil.ignore_patterns(".*"))
    shutil.copy(REPO / "nbkit.toml", root / "nbkit.toml")
    nbformat.write(_with_baseline([]), root / SERVED / BASELINE)
    for path in LESSON.glob("*.ipynb"):
        prose = [c for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"]
        nbformat.write(_with_baseline(prose), root / SERVED / f"{path.stem}{PROSE}")


def write_old(root: Path, stem: str, rev: str) -> str:
    """The notebook `stem` as it was at git revision `rev`, beside today's: `<stem>@<rev>.ipynb`."""
    relative = (LESSON / f"{stem}.ipynb").relative_to(REPO).as_posix()
    old = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{rev}:{relative}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    name = f"{stem}@{rev}.ipynb"
    (root / SERVED / name).write_text(old, encoding="utf-8")
    return name


def _with_baseline(cells: list[Any]) -> Any:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE_SOURCE), *cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def compile_kit() -> None:
    """Bytecode for nbkit's modules, as pip writes it for an installed package."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("nbkit")
    assert spec is not None and spec.submodule_search_locations
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=6)  # single opens vary by +-0.5 s here
    parser.add_argument("--notebooks", nargs="*", default=None, help="stems; default: all")
    parser.add_argument("--against", default=None, help="a git revision to compare with")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from nbkit.export.pdf import LAUNCH_ARGS, find_chromium

    stems = args.notebooks or sorted(p.stem for p in LESSON.glob("*.ipynb"))
    names = [BASELINE, *(f"{s}{suffix}" for s in stems for suffix in (".ipynb", PROSE))]
    compile_kit()
    with tempfile.TemporaryDirectory(prefix="nbkit-bench-ready-") as tmp:
        root = Path(tmp)
        prepare(root)
        if args.against:
            names += [write_old(root, stem, args.against) for stem in stems]
        times: dict[str, dict[str, list[Timing]]] = {w: {n: [] for n in names} for w in WAYS}
        with lab_server(root, root / "workspace") as (base, token), sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=str(find_chromium()), args=LAUNCH_ARGS)
            try:
                open_to_ready(chromium, base, token, f"{SERVED}/{BASELINE}")  # warm the server
                _shutdown_kernels(base, token)
                # One way after the other: a JupyterLab page left open (polling, timers) slows
                # the loads of the pages opened by URL beside it.
                for _ in range(args.repeat):
                    for name in names:  # interleaved, so load on the machine hits all alike
                        path = f"{SERVED}/{name}"
                        times[BY_URL][name].append(open_to_ready(chromium, base, token, path))
                        _shutdown_kernels(base, token)
                app = app_page(chromium, base, token)
                open_in_app(app, f"{SERVED}/{BASELINE}")
                for _ in range(args.repeat):
                    for name in names:
                        times[IN_APP][name].append(open_in_app(app, f"{SERVED}/{name}"))
            finally:
                chromium.close()
    for way, title in WAYS.items():
        print(f"\n== {title}")
        report(times[way], args.repeat)


def report(times: dict[str, list[Timing]], repeat: int) -> None:
    def median(name: str, part: int) -> float:
        return statistics.median(t[part] for t in times[name])

    base_idle, base_ready = median(BASELINE, 0), median(BASELINE, 1)
    print(f"JupyterLab, notebook open to all widgets ready (median of {repeat}), {sys.platform}")
    print(
        f"baseline (ipywidgets + one Text): kernel idle {base_idle:.2f} s, ready {base_ready:.2f} s,"
        f" {max(t[2] for t in times[BASELINE])} widget models"
    )
    worst_total = worst_kit = 0.0
    for name in times:
        if name == BASELINE or name.endswith(PROSE) or "@" in name:
            continue
        idle, ready = median(name, 0), median(name, 1)
        prose = median(name.removesuffix(".ipynb") + PROSE, 1)
        added, kit = ready - base_ready, ready - prose
        worst_total, worst_kit = max(worst_total, added), max(worst_kit, kit)
        verdict = "ok" if kit <= TARGET_S else f"OVER {TARGET_S} s"
        # Where the added time goes: the lesson's prose (JupyterLab drawing markdown cells) and
        # the kit; and in time, opening (cells drawn, kernel started) or running (Run All).
        print(
            f"{name}: ready {ready:.2f} s, adds {added:+.2f} s to the baseline = prose "
            f"{prose - base_ready:+.2f} s + kit {kit:+.2f} s ({verdict}); "
            f"open {idle - base_idle:+.2f} s, run {ready - idle - (base_ready - base_idle):+.2f} s; "
            f"{max(t[2] for t in times[name])} widget models"
        )
    print(
        f"worst: the kit adds {worst_kit:+.2f} s over its prose (target <= {TARGET_S} s); "
        f"prose and kit together {worst_total:+.2f} s over the one-cell baseline"
    )
    for name in (n for n in times if "@" in n):
        stem, rev = name.removesuffix(".ipynb").split("@", 1)
        old, now = median(name, 1), median(f"{stem}.ipynb", 1)
        print(f"{stem}: ready {now:.2f} s now, {old:.2f} s at {rev} ({now - old:+.2f} s)")


if __name__ == "__main__":
    main()
