"""Where everything is: nbkit.toml, the lesson folder, the workspace and the exports folder.

One object, resolved once, used by `nbkit start`, status, export, import, grade and the notebooks'
kernels, so no two commands can disagree about where a student's answers live (before issue 9,
`nbkit status` outside a checkout wrote a workspace into the installed package while `nbkit
export` looked in ./.nbkit).

Rules (docs/kit-shape.md section 3):
- config: the explicit path, else NBKIT_CONFIG, else the nearest nbkit.toml upwards from start.
- root: the folder of nbkit.toml, else the start folder.
- lesson: the explicit folder; else the start folder when it holds lesson.toml (a notebook's
  kernel runs in its lesson folder); else nbkit.toml's [lesson] folder; else a copy under root
  whose lesson.toml has nbkit.toml's [lesson] id; else that installed lesson (read only); an
  nbkit.toml without [lesson] means the kit's default lesson. With no nbkit.toml: None
  (`nbkit start` copies one in; `Paths.need_lesson` says so).
- home: the explicit folder, else NBKIT_HOME, else root/.nbkit.
- exports: root/exports, inside the folder JupyterLab serves, so a student can download them.
On a JupyterHub (JUPYTERHUB_USER set by the hub's spawner, docs/hub.md), the user's own home
comes first, because root may be a cohort folder every student shares (NBKIT_CONFIG) or a git
checkout nbgitpuller merges into:
- home: ~/.nbkit/<lesson id>, outside any folder nbgitpuller merges and never shared;
- lesson: when nbkit.toml is outside the user's home, the user's copy under ~ of that lesson;
- exports: ~/exports when root is outside the user's home.
Nothing is ever written under the installed package: a home or exports folder there is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import toml_cache
from .errors import ConfigError, StoreError

CONFIG_NAME = "nbkit.toml"
LESSON_FILE = "lesson.toml"
# As in nbkit.catalog, which is imported only when the lesson folder is not the start folder.
PACKAGE_DIR = Path(__file__).resolve().parent


class WorkspaceError(StoreError):
    """The workspace or exports folder would be somewhere nbkit must not write (exit 4)."""


@dataclass(frozen=True)
class Paths:
    root: Path
    config: Path | None
    lesson: Path | None
    home: Path
    exports: Path

    def need_lesson(self) -> Path:
        """The lesson folder, or a ConfigError that says how to name one."""
        if self.lesson is None:
            where = self.config or self.root / CONFIG_NAME
            raise ConfigError(
                where,
                "lesson",
                "no lesson folder found: name one in nbkit.toml ([lesson] id and folder), "
                "or run `nbkit start --lesson ID` in an empty folder (`nbkit lessons` lists them)",
            )
        return self.lesson


def resolve_paths(
    start: Path | None = None,
    config: Path | None = None,
    home: Path | None = None,
    lesson: Path | None = None,
) -> Paths:
    here = (start or Path.cwd()).resolve()
    config_path = _config_path(here, config)
    root = config_path.parent if config_path else here
    lesson_dir = _lesson_dir(here, root, config_path, lesson)
    own = hub_home()
    default_home = root / ".nbkit" if own is None else _hub_workspace(own, lesson_dir)
    home_dir = _absolute(home or _env_path("NBKIT_HOME") or default_home)
    exports = own / "exports" if own and not root.is_relative_to(own) else root / "exports"
    for label, folder in (("workspace", home_dir), ("exports folder", exports)):
        refuse_package_dir(label, folder)
    return Paths(root=root, config=config_path, lesson=lesson_dir, home=home_dir, exports=exports)


def hub_user() -> str | None:
    """The JupyterHub user this server runs for: the spawner sets it, a student cannot."""
    value = os.environ.get("JUPYTERHUB_USER", "").strip()
    return value or None


def hub_home() -> Path | None:
    """The user's home folder on a JupyterHub, else None (not on a hub)."""
    return Path.home().resolve() if hub_user() else None


def _hub_workspace(own: Path, lesson: Path | None) -> Path:
    lesson_id = lesson_id_of(lesson) if lesson else None
    return own / ".nbkit" / (lesson_id or "default")


def find_config(start: Path) -> Path | None:
    """nbkit.toml in `start` or the nearest parent folder."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def refuse_package_dir(label: str, folder: Path) -> None:
    """Refuse a folder inside the installed nbkit package (a wheel's site-packages/nbkit)."""
    if folder.resolve().is_relative_to(PACKAGE_DIR):
        raise WorkspaceError(
            f"the {label} {folder} is inside the installed nbkit package ({PACKAGE_DIR}); "
            "nbkit never writes there: run nbkit in a folder of your own (`nbkit start` in an "
            "empty folder copies the lesson there)"
        )


def _config_path(here: Path, explicit: Path | None) -> Path | None:
    path = explicit or _env_path("NBKIT_CONFIG") or find_config(here)
    if path is None:
        return None
    path = _absolute(path)
    if not path.is_file():
        raise ConfigError(path, None, "file not found")
    return path


def _lesson_dir(here: Path, root: Path, config: Path | None, explicit: Path | None) -> Path | None:
    if explicit is not None:
        folder = _absolute(explicit)
        if not (folder / LESSON_FILE).is_file():
            raise ConfigError(folder / LESSON_FILE, None, "no lesson.toml in this lesson folder")
        return folder
    if (here / LESSON_FILE).is_file():
        return here  # a notebook's kernel: the installed lessons (nbkit.catalog) are not needed
    from .catalog import default_lesson_id, find_lesson

    table = lesson_table(config) if config else {}
    own = hub_home()
    if config is not None and own is not None and not root.is_relative_to(own):
        copy = _folder_with_id(own, str(table.get("id") or default_lesson_id()))
        if copy is not None:
            return copy
    folder_name = table.get("folder")
    if isinstance(folder_name, str) and folder_name:
        folder = (root / folder_name).resolve()
        if not (folder / LESSON_FILE).is_file():
            raise ConfigError(config or root, "lesson.folder", f"no lesson.toml in {folder}")
        return folder
    lesson_id = table.get("id")
    if config is None:
        return None  # `nbkit start` copies a lesson in; other commands say how to name one
    if not isinstance(lesson_id, str):
        # nbkit.toml without [lesson] (written before lessons were folders): the default lesson.
        return find_lesson(default_lesson_id()).dir
    return _folder_with_id(root, lesson_id) or find_lesson(lesson_id).dir


def lesson_table(config: Path) -> dict[str, Any]:
    """nbkit.toml's [lesson] table, read without the rest of the config (that needs the lesson)."""
    try:
        raw = toml_cache.load(config)
    except ValueError as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
        raise ConfigError(config, None, f"not valid TOML: {exc}") from None
    table = raw.get("lesson", {})
    if not isinstance(table, dict):
        raise ConfigError(config, "lesson", "must be a table: [lesson] with id and folder")
    return table


def lesson_id_of(folder: Path) -> str | None:
    try:
        raw = toml_cache.load(folder / LESSON_FILE)
    except (OSError, ValueError):  # ValueError: tomllib.TOMLDecodeError, UnicodeDecodeError
        return None
    value = raw.get("id")
    return value if isinstance(value, str) else None


def _folder_with_id(root: Path, lesson_id: str) -> Path | None:
    # A lesson copied by `nbkit start` sits in root/<name>/; a checkout keeps them in notebooks/.
    for pattern in (f"*/{LESSON_FILE}", f"notebooks/*/{LESSON_FILE}"):
        for found in sorted(root.glob(pattern)):
            if lesson_id_of(found.parent) == lesson_id:
                return found.parent
    return None


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def _absolute(path: Path) -> Path:
    return path.expanduser().resolve()
