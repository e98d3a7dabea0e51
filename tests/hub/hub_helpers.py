"""Helpers the hub tests share: a cohort folder (nbkit.toml + the networking lesson)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "notebooks" / "networking"
LESSON_ID = "module1-week2-networking"
# An instructor and two students; short names (TLJH would call them jupyter-<name>).
USERS = ("nbkitteach", "nbkitada", "nbkitbob")


def copy_lesson(root: Path, inbox: Path | None = None) -> Path:
    """root/nbkit.toml (the repo's, plus [handin] inbox) and root/notebooks/networking/."""
    root.mkdir(parents=True, exist_ok=True)
    text = (REPO / "nbkit.toml").read_text(encoding="utf-8")
    if inbox is not None:
        text += f"\n[handin]\ninbox = {str(inbox)!r}\n"
    (root / "nbkit.toml").write_text(text, encoding="utf-8")
    shutil.copytree(LESSON, root / "notebooks" / "networking",
                    ignore=shutil.ignore_patterns(".*"))  # fmt: skip
    return root


def shared_python() -> tuple[list[str], dict[str, str]]:
    """A Python every test user can run, with the kit's packages: the venv's own interpreter
    when its path is open to all; else the system's Python of the same version reading the
    venv's site-packages (a pyenv Python under /root, mode 0700, is out of other users' reach).
    """
    if _open_to_all(Path(sys.executable).resolve()):
        return [sys.executable], {}
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not system.is_file():
        pytest.skip(f"no Python other users can run ({sys.executable} is not reachable)")
    site = sysconfig.get_paths()["purelib"]
    if not _open_to_all(Path(site)):
        pytest.skip(
            f"the kit's packages in {site} are out of other users' reach: run the tests in a venv"
            " made from /usr/bin/python3, as .ci/run does"
        )
    prefix = Path(sys.prefix)  # Jupyter finds its extensions, settings and JupyterLab here
    return [str(system)], {
        "PYTHONPATH": os.pathsep.join([site, str(REPO)]),
        "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
        "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
        "JUPYTERLAB_DIR": str(prefix / "share" / "jupyter" / "lab"),
    }


def _open_to_all(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents]) and bool(
        os.stat(path).st_mode & 0o004 or os.stat(path).st_mode & 0o001
    )


def run_as(
    user: pwd.struct_passwd, code: str, home: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """Python `code` run by `user` (its own uid and group, no root groups)."""
    python, extra = shared_python()
    return subprocess.run(
        [*python, "-c", code],
        user=user.pw_uid,
        group=user.pw_gid,
        extra_groups=[],
        env={"HOME": str(home), "PATH": os.environ["PATH"], **extra, **env},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
