"""Hub fixtures: a hub user's server (JUPYTERHUB_USER, its own HOME)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_helpers import USERS


@pytest.fixture
def hub_user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inside a hub user's server: JUPYTERHUB_USER=ada, HOME its own folder, no NBKIT_HOME."""
    home = tmp_path / "home" / "ada"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    monkeypatch.delenv("NBKIT_HOME", raising=False)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    return home


@pytest.fixture(scope="session")
def unix_users() -> Iterator[dict[str, pwd.struct_passwd]]:
    """Three real Unix users (an instructor and two students), removed again at the end.

    Permission tests need real, different uids: root bypasses every permission check, and one
    uid for everyone (JupyterHub's SimpleLocalProcessSpawner) can read everyone's files.
    """
    if os.geteuid() != 0:
        pytest.skip("needs root to create Unix users (useradd); permissions are per uid")
    base = Path(tempfile.mkdtemp(prefix="nbkit-homes-", dir="/tmp"))
    base.chmod(0o755)
    created = []
    try:
        for name in USERS:
            if _exists(name):  # left by a run that was killed
                subprocess.run(["userdel", name], check=False, capture_output=True)
            subprocess.run(["useradd", "--system", "--user-group", "--shell", "/usr/sbin/nologin",
                            "--home-dir", str(base / name), name], check=True)  # fmt: skip
            created.append(name)
            user = pwd.getpwnam(name)
            home = base / name
            home.mkdir(mode=0o700)  # private, as on a hub: no student reads another's home
            os.chown(home, user.pw_uid, user.pw_gid)
        yield {name: pwd.getpwnam(name) for name in USERS}
    finally:
        for name in created:
            subprocess.run(["userdel", name], check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder every uid can reach (pytest's tmp_path is root's, mode 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="nbkit-hub-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
