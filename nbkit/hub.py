"""A cohort on a JupyterHub: the hub's config fragment, nbgitpuller links, and the spawn step.

- `hub_config()` is what `nbkit hub-config` prints: a jupyterhub_config.py fragment (each user's
  server is started through `python -m nbkit.hub`, lands on the lesson, and finds the cohort's
  nbkit.toml) and the recipe for The Littlest JupyterHub.
- `pull_link()` is what `nbkit link` prints: an nbgitpuller link that clones or updates the
  instructor's repository in the student's home and opens the lesson's first notebook.
- `python -m nbkit.hub CMD...` runs on the hub as the student, before their server starts:
  it copies the lesson into their home once (never over their files), points JupyterLab at the
  kit's settings, then replaces itself with CMD (jupyterhub-singleuser). A problem is printed
  as one line to the server's log and the server starts anyway: a student is never locked out.

Everything is per user by construction: answers live in ~/.nbkit/<lesson> (nbkit.paths), the
student id is the hub user (nbkit.submission), hand-in goes through the inbox (nbkit.inbox).
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, urlencode

from .catalog import LESSON_FILE, default_lesson_id, find_lesson, install_lesson
from .errors import ConfigError, NbkitError
from .launch import (
    lesson_uses_math,
    prepare_start,
    with_config_path,
    write_lab_config,
    write_lab_settings,
)
from .paths import lesson_id_of, lesson_table, resolve_paths

# Set in each user's server by the fragment: the lesson to copy in, or '' (lessons come by git).
LESSON_ENV = "NBKIT_HUB_LESSON"


def first_notebook(lesson: Path) -> str:
    """The first section's notebook file name, from lesson.toml."""
    path = lesson / LESSON_FILE
    try:
        sections = tomllib.loads(path.read_text(encoding="utf-8")).get("sections") or []
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None
    notebook = sections[0].get("notebook") if sections and isinstance(sections[0], dict) else None
    if not isinstance(notebook, str) or not notebook:
        raise ConfigError(path, "sections", "the lesson has no section with a notebook")
    return notebook


# -- nbkit hub-config ---------------------------------------------------------------------------


def hub_config(lesson_id: str | None = None, config: Path | None = None, git: bool = False) -> str:
    """The jupyterhub_config.py fragment and the TLJH recipe, as one text to print.

    `git`: the lesson reaches students by `nbkit link` (nbgitpuller), so nothing is copied at
    spawn and students land on JupyterLab's file browser until they follow the link.
    """
    ref = find_lesson(lesson_id or default_lesson_id())
    url = "/lab" if git else f"/lab/tree/{quote(ref.name)}/{quote(first_notebook(ref.dir))}"
    env = {LESSON_ENV: "" if git else ref.id}
    if config:
        env["NBKIT_CONFIG"] = str(config.resolve())
    return _FRAGMENT.format(
        title=ref.title,
        lesson_id=ref.id,
        cmd=repr([sys.executable, "-m", "nbkit.hub", singleuser_command()]),
        url=repr(url),
        env=repr(env),
        config_note=_config_note(config.resolve() if config else None),
    ) + _TLJH.format(lesson_id=ref.id, config=f" --config {config}" if config else "")


def singleuser_command() -> str:
    """jupyterhub-singleuser beside this Python (a venv need not be on the hub's PATH)."""
    beside = Path(sys.executable).parent / "jupyterhub-singleuser"
    return str(beside) if beside.is_file() else "jupyterhub-singleuser"


def _config_note(config: Path | None) -> str:
    if config:
        return (
            f"# The cohort's nbkit.toml ({config}) is shared, read only: every student's\n"
            "# server reads dates, links and the hand-in folder ([handin] inbox) from it."
        )
    return (
        "# No shared nbkit.toml: each student gets a self-paced one in their home. For a\n"
        "# cohort (dates, links, hand-in), run `nbkit hub-config --config /srv/nbkit/nbkit.toml`."
    )


_FRAGMENT = """\
# --- nbkit: a cohort on this JupyterHub, lesson {lesson_id} ("{title}")
# Written by `nbkit hub-config` (docs/hub.md). Append to jupyterhub_config.py, or save as
# /opt/tljh/config/jupyterhub_config.d/nbkit.py on The Littlest JupyterHub.
#
# Each student's server starts through `python -m nbkit.hub`, which copies the lesson into the
# student's home once (never over their files) and applies the kit's JupyterLab settings, then
# starts the usual single-user server. Answers are kept in ~/.nbkit/<lesson> of each student;
# the student id in every hand-in is the hub user name (the hub knows who is logged in).
c.Spawner.cmd = {cmd}
# Students land on the lesson's first notebook.
c.Spawner.default_url = {url}
{config_note}
c.Spawner.environment.update({env})
# --- end of nbkit
"""

_TLJH = """
# --- The Littlest JupyterHub, in a terminal on the hub as an admin:
#   sudo -E /opt/tljh/user/bin/pip install nbkit          # into the users' shared environment
#   sudo -E /opt/tljh/user/bin/nbkit hub-config --lesson {lesson_id}{config} \\
#     | sudo tee /opt/tljh/config/jupyterhub_config.d/nbkit.py
#   sudo tljh-config set user_environment.default_app jupyterlab
#   sudo tljh-config reload
# Hand-in folder (optional): sudo -u <instructor> nbkit inbox create /srv/nbkit/inbox
"""


# -- nbkit link ---------------------------------------------------------------------------------


def pull_link(hub: str, repo: str, branch: str | None = None, lesson_path: str = "") -> str:
    """An nbgitpuller link: clone/update `repo` into ~/<repo name> and open `lesson_path` there.

    nbgitpuller's own parameters: repo, branch, targetpath (the folder in the home) and urlpath
    (where the browser goes after the pull, relative to the user's server).
    """
    if not hub.startswith(("http://", "https://")):
        raise NbkitError(
            f"--hub must be the hub's address, like https://hub.example.org (got {hub!r})"
        )
    target = repo_folder(repo)
    params = {"repo": repo, **({"branch": branch} if branch else {}), "targetpath": target}
    params["urlpath"] = "lab/tree/" + "/".join(p for p in (target, lesson_path) if p)
    query = urlencode(params, safe="/", quote_via=quote)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def repo_folder(repo: str) -> str:
    """The folder a clone gets: the last part of the URL without `.git` (`lesson.git` -> lesson)."""
    name = repo.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
    if not name or name in (".", ".."):
        raise NbkitError(f"cannot tell the repository's name from {repo!r}")
    return name


def lesson_path_in_checkout(start: Path, lesson_id: str | None = None) -> str:
    """`<lesson folder>/<first notebook>` relative to the git checkout `start` is in."""
    paths = resolve_paths(start=start)
    lesson = _lesson_in(paths.root, lesson_id) if lesson_id else paths.need_lesson()
    top = git_top(lesson)
    if top is None:
        raise NbkitError(
            f"{lesson} is not in a git checkout: run `nbkit link` in your clone of the repository "
            "the students pull from"
        )
    return (lesson / first_notebook(lesson)).relative_to(top).as_posix()


def _lesson_in(root: Path, lesson_id: str) -> Path:
    for found in sorted(root.rglob(LESSON_FILE)):
        if ".git" not in found.parts and lesson_id_of(found.parent) == lesson_id:
            return found.parent
    raise NbkitError(f"no lesson {lesson_id!r} under {root} (a folder whose lesson.toml has it)")


def git_top(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


# -- python -m nbkit.hub: the spawn step ---------------------------------------------------------


def prepare_home(home: Path) -> list[str]:
    """Make the student's home ready for the lesson; returns what was done, one line each."""
    wanted = os.environ.get(LESSON_ENV)
    paths = resolve_paths(start=home)
    notes: list[str] = []
    if wanted == "":
        pass  # lessons arrive by nbgitpuller (hub-config --git): nothing to copy
    elif paths.config is not None and not paths.root.is_relative_to(home):
        # The cohort's shared nbkit.toml: the lesson copy goes to the home, never next to it.
        lesson_id = str(lesson_table(paths.config).get("id") or wanted or default_lesson_id())
        notes.append(f"lesson {lesson_id} in {install_lesson(lesson_id, home)}")
    else:
        notes.extend(prepare_start(home, lesson_id=wanted or None).notices)
    paths = resolve_paths(start=home)
    settings = write_lab_settings(paths.home / "lab-settings")
    os.environ.setdefault("JUPYTERLAB_SETTINGS_DIR", str(settings))
    lab_config = write_lab_config(paths.home / "lab-config", math=lesson_uses_math(paths))
    os.environ["JUPYTER_CONFIG_PATH"] = with_config_path(
        lab_config, os.environ.get("JUPYTER_CONFIG_PATH")
    )
    return notes


def main(argv: Sequence[str]) -> int:
    if not argv:
        print("usage: python -m nbkit.hub COMMAND [ARGS...]  (on a hub: jupyterhub-singleuser)")
        return 2
    home = Path.home().resolve()
    try:
        for note in prepare_home(home):
            print(f"nbkit: {note}", file=sys.stderr, flush=True)
    except (NbkitError, OSError) as exc:
        print(f"nbkit: the lesson was not prepared in {home}: {exc}", file=sys.stderr, flush=True)
    os.execvp(argv[0], with_guard_flag(argv))
    return 1  # not reached: execvp replaces this process


def with_guard_flag(argv: Sequence[str]) -> list[str]:
    """The single-user server's arguments with JupyterLab's app exposed to the page, once.

    The kit's page guard (nbkit/widgets/guard.js) watches each notebook's kernel through
    `window.jupyterapp` to turn the controls read-only when the lesson stops; given twice,
    traitlets turns the flag off again, so it is added only when absent.
    """
    flag = "--LabApp.expose_app_in_browser=True"
    args = list(argv)
    return args if any("expose_app_in_browser" in a for a in args) else [*args, flag]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
