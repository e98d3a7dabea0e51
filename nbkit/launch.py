"""`nbkit start`: JupyterLab on the student's working folder, with the kit's settings.

Before anything launches, the folder is made ready and checked:
- no nbkit.toml here or above: the lesson (`--lesson ID`, else the kit's default lesson) is
  copied into ./<name>/ once and a minimal nbkit.toml naming it is written (never over one);
- a newer installed version of a copied lesson is offered, applied only with --update-lesson;
- nbkit.toml, lesson.toml, its sections and its rubric are read strictly, so a misspelled key
  stops here with exit 3 instead of inside a notebook.
JupyterLab serves the folder of nbkit.toml (so exports/ is reachable from the file browser);
kernels get NBKIT_HOME, so every notebook writes the same workspace.

The settings live in a kit-owned user-settings folder inside the workspace instead of the
Python environment's overrides.json, so starting the kit never edits the installation:
- widget state saving OFF: a saved snapshot reopened before Run All looked editable but saved
  nothing, and filled the lesson .ipynb files with answers. Reopened, a notebook shows its prose,
  the "Your answers so far" summary (static text) and, where each control was, the guard's
  sentence saying to run all cells (nbkit/widgets/guard.py);
- MathJax off unless the lesson sets `math = true` (write_lab_config says why);
- notebook windowing "defer": the cells in view are drawn first and the rest while the page
  is idle, so a long lesson opens sooner and every cell still ends up in the page (browser
  find, screen readers, browser tests), unlike "full", which drops cells out of view.
The app object is exposed in the page (`window.jupyterapp`) so the guard can watch each
notebook's kernel: a restart, shut down or dead kernel makes the controls read-only at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .catalog import (
    default_lesson_id,
    install_lesson,
    installed_lessons,
    read_ref,
    update_lesson,
    update_notice,
)
from .errors import ConfigError, NbkitError
from .paths import CONFIG_NAME, Paths, lesson_id_of, lesson_table, resolve_paths

MATHJAX_PLUGIN = "@jupyterlab/mathjax-extension"
LAB_SETTINGS = {
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "defer"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


class UsageError(NbkitError):
    exit_code = 2


@dataclass(frozen=True)
class StartPlan:
    paths: Paths
    notices: tuple[str, ...]


def prepare_start(
    cwd: Path | None = None,
    lesson_id: str | None = None,
    config: Path | None = None,
    update: bool = False,
) -> StartPlan:
    """Make the working folder ready (copy the lesson, write nbkit.toml) and validate it."""
    paths = resolve_paths(start=cwd, config=config)
    notices: list[str] = []
    if paths.config is None:
        lesson = _lesson_for_new_folder(paths, lesson_id, notices)
        folder = os.path.relpath(lesson, paths.root)
        written = write_minimal_config(paths.root / CONFIG_NAME, read_ref(lesson).id, folder)
        notices.append(f"wrote {written}: cohort dates and links are the lesson's defaults")
        paths = resolve_paths(start=cwd, config=config)
    else:
        _check_requested_lesson(paths.config, lesson_id)
        if _is_installed_copy(paths):
            paths = _install_configured(paths, cwd, config, notices)
    notices.extend(_updates(paths.need_lesson(), update))
    validate_kit(paths)
    return StartPlan(paths=paths, notices=tuple(notices))


def _lesson_for_new_folder(paths: Paths, lesson_id: str | None, notices: list[str]) -> Path:
    """A folder with no nbkit.toml: it is a lesson folder itself, or the lesson is copied in."""
    if paths.lesson is not None:
        here = lesson_id_of(paths.lesson)
        if lesson_id not in (None, here):
            raise UsageError(
                f"{paths.lesson} is the lesson {here!r}; start {lesson_id!r} elsewhere"
            )
        return paths.lesson
    copy = install_lesson(lesson_id or default_lesson_id(), paths.root)
    notices.append(f"copied the lesson into {copy}")
    return copy


def write_minimal_config(path: Path, lesson_id: str, folder: str) -> Path:
    """nbkit.toml naming the lesson, for a student working alone; never replaces an existing one.

    A cohort is required by the config format, so this one is a self-paced cohort starting this
    week in the computer's time zone: due dates then count from today's week.
    """
    if path.exists():
        return path
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    path.write_text(
        "# Written by `nbkit start`: which lesson this folder works on. Your instructor may give\n"
        "# you a fuller nbkit.toml (your cohort's dates, links); replace this file with theirs.\n"
        f"[lesson]\nid = {json.dumps(lesson_id)}\nfolder = {json.dumps(folder)}\n\n"
        f'[cohort]\nname = "self-paced"\nweek1_start = {monday.isoformat()}\n'
        f"timezone = {json.dumps(local_timezone())}\n",
        encoding="utf-8",
    )
    return path


def local_timezone() -> str:
    """The computer's IANA zone name (TZ, else /etc/localtime's target), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = os.readlink("/etc/localtime")
        candidates.append(target.split("zoneinfo/", 1)[-1] if "zoneinfo/" in target else "")
    for name in candidates:
        with contextlib.suppress(ValueError, ZoneInfoNotFoundError):
            if name and ZoneInfo(name):
                return name
    return "UTC"


def validate_kit(paths: Paths) -> None:
    """Read every file the lesson depends on strictly, so a bad key stops before JupyterLab."""
    from .config import load_config
    from .content import load_lesson
    from .grade.rubric import load_rubric

    lesson = load_lesson(paths.need_lesson())
    config = load_config(paths.config, lesson)
    rubric = config.rubric or lesson.rubric
    if rubric is not None:
        load_rubric(rubric)


def _check_requested_lesson(config: Path, lesson_id: str | None) -> None:
    configured = lesson_table(config).get("id")
    if lesson_id is not None and configured not in (None, lesson_id):
        raise ConfigError(
            config,
            "lesson.id",
            f"this folder works on {configured!r}, not {lesson_id!r}: start that lesson in "
            "another folder, or change [lesson] id here",
        )


def _is_installed_copy(paths: Paths) -> bool:
    """nbkit.toml names a lesson by id only and no working copy exists yet: the resolved folder
    is the installed lesson itself (site-packages), which a student must not work in."""
    assert paths.config is not None
    if lesson_table(paths.config).get("folder") or paths.lesson is None:
        return False
    installed = {ref.dir for ref in installed_lessons().values()}
    return paths.lesson in installed and not paths.lesson.is_relative_to(paths.root)


def _install_configured(
    paths: Paths, cwd: Path | None, config: Path | None, notices: list[str]
) -> Paths:
    """Copy the lesson nbkit.toml names beside it, once."""
    copy = install_lesson(read_ref(paths.need_lesson()).id, paths.root)
    notices.append(f"copied the lesson into {copy}")
    return resolve_paths(start=cwd, config=config, lesson=copy)


def _updates(lesson: Path, update: bool) -> list[str]:
    installed = installed_lessons().get(lesson_id_of(lesson) or "")
    if installed is None or installed.dir == lesson.resolve():
        return []  # a checkout's own lesson folder, or a lesson this installation does not have
    if not update:
        notice = update_notice(lesson)
        return [notice] if notice else []
    report = update_lesson(lesson)
    kept = f"; kept your changed files: {', '.join(report.kept)}" if report.kept else ""
    return [f"updated {len(report.copied)} lesson file(s) in {lesson}{kept}"]


def write_lab_settings(folder: Path) -> Path:
    for name, values in LAB_SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    return folder


def write_lab_config(folder: Path, *, math: bool) -> Path:
    """A Jupyter config folder whose labconfig/page_config.json says which JupyterLab plugins
    the kit turns off; `lab_environment(lab_config=...)` puts it on JUPYTER_CONFIG_PATH.

    MathJax: JupyterLab loads and starts it for the first markdown cell it draws, math or not,
    and it costs every notebook page about 0.3 s (benchmarks/bench_lesson_ready.py). It stays
    on for a lesson that sets `math = true` in lesson.toml (lesson check says when math needs it)."""
    path = folder / "labconfig" / "page_config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    disabled = {MATHJAX_PLUGIN: not math}
    path.write_text(json.dumps({"disabledExtensions": disabled}, indent=2), encoding="utf-8")
    return folder


def lesson_uses_math(paths: Paths) -> bool:
    """The lesson's `math` flag; False when there is no lesson yet (a hub waiting for git)."""
    from .content import load_lesson

    try:
        return load_lesson(paths.need_lesson()).math
    except NbkitError:
        return False


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
        "--LabApp.expose_app_in_browser=True",  # the guard watches kernels through it
        # Containers and CI run as root; JupyterLab refuses root unless told it is intended.
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
        *(extra or []),
    ]


def lab_environment(
    workspace: Path, config: Path | None = None, lab_config: Path | None = None
) -> dict[str, str]:
    # Kernels inherit this, so every notebook writes the same workspace whatever its folder,
    # and an explicit --config reaches kernels that would otherwise look upwards from their cwd.
    env = {**os.environ, "NBKIT_HOME": str(workspace)}
    if config is not None:
        env["NBKIT_CONFIG"] = str(config)
    if lab_config is not None:
        env["JUPYTER_CONFIG_PATH"] = with_config_path(lab_config, env.get("JUPYTER_CONFIG_PATH"))
    return env


def with_config_path(folder: Path, existing: str | None) -> str:
    """JUPYTER_CONFIG_PATH with `folder` first. jupyter_core reads JUPYTER_CONFIG_PATH before
    every other config folder, so what the kit says about a plugin wins; page configs merge, so
    plugins the student or the environment turned off stay off."""
    rest = [p for p in (existing or "").split(os.pathsep) if p and p != str(folder)]
    return os.pathsep.join([str(folder), *rest])


def first_notebook_url(paths: Paths) -> str | None:
    """/lab/tree/<lesson>/<first section's notebook>, so the student lands on the lesson."""
    lesson = paths.need_lesson()
    try:
        index = tomllib.loads((lesson / "lesson.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    sections = index.get("sections") or [{}]
    notebook = sections[0].get("notebook") if isinstance(sections[0], dict) else None
    if not isinstance(notebook, str) or not lesson.is_relative_to(paths.root):
        return None
    return "/lab/tree/" + (lesson / notebook).relative_to(paths.root).as_posix()


def start_lab(
    port: int = 8888,
    open_browser: bool = True,
    lesson_id: str | None = None,
    config: Path | None = None,
    update_lesson: bool = False,
    cwd: Path | None = None,
    say: Callable[[str], None] = lambda line: print(f"nbkit: {line}", flush=True),
    app: bool = False,
) -> int:
    plan = prepare_start(cwd, lesson_id=lesson_id, config=config, update=update_lesson)
    paths = plan.paths
    for notice in plan.notices:
        say(notice)
    if app:
        command = app_mode_command(paths, port, open_browser)
        say(f"starting the lesson as an app in {paths.root} (answers are saved in {paths.home})")
        say("the URL to open is printed below; press Ctrl+C to stop.")
        return run_lab(command, lab_environment(paths.home, config and config.resolve()))
    settings = write_lab_settings(paths.home / "lab-settings")
    lab_config = write_lab_config(paths.home / "lab-config", math=lesson_uses_math(paths))
    url = first_notebook_url(paths)
    say(f"starting JupyterLab in {paths.root} (answers are saved in {paths.home})")
    say("the URL to open is printed below; press Ctrl+C to stop.")
    extra = [f"--LabApp.default_url={url}"] if url else []
    command = lab_command(paths.root, settings, port, open_browser, extra)
    env = lab_environment(paths.home, config and config.resolve(), lab_config)
    return run_lab(command, env)


def app_mode_command(paths: Paths, port: int, open_browser: bool) -> list[str]:
    """`nbkit start --app`: the server command serving the lesson through Voila (nbkit.app)."""
    from .app import app_command, app_settings, app_url, write_app_config

    first = first_notebook_url(paths)
    url = app_url(first) if first else "/voila"  # no notebook to land on: Voila's file list
    settings = app_settings(paths.root, url, port, open_browser)
    return app_command(write_app_config(paths.home / "app", settings))


def run_lab(command: list[str], env: dict[str, str]) -> int:
    """Run JupyterLab until it exits; a SIGTERM or Ctrl+C to nbkit stops it cleanly (its own
    shutdown stops the kernels), so no server or kernel outlives `nbkit start`."""
    lab = subprocess.Popen(command, env=env)

    def stop(signum: int, frame: object) -> None:
        lab.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return lab.wait()
    except KeyboardInterrupt:
        lab.terminate()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        _wait_or_kill(lab)


def _wait_or_kill(lab: subprocess.Popen[bytes]) -> None:
    try:
        lab.wait(timeout=30)
    except subprocess.TimeoutExpired:
        lab.kill()
        lab.wait()
