"""The built wheel, installed in a fresh venv, works from an empty folder with no checkout:
`nbkit lessons`, `nbkit start --no-browser` serves the default lesson, then import, export and
grade; and nothing is ever written under site-packages/nbkit.

Installing the wheel's dependencies from the package registry takes minutes (2 min 18 s
measured on the 2-core machine), so by default the new venv borrows this test run's already
installed dependencies through a .pth line and the wheel is installed with --no-deps. A .pth
line adds a folder without processing that folder's own .pth files, so the editable checkout's
hook is never run: every command asserts that `nbkit` is imported from the new venv. Set
NBKIT_WHEEL_FULL_INSTALL=1 to install the dependencies from the registry instead.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.kernel]
REPO = Path(__file__).resolve().parents[2]
FULL_INSTALL = os.environ.get("NBKIT_WHEEL_FULL_INSTALL") == "1"
SUBMISSION = REPO / "tests" / "data" / "submission-1" / "simulated-complete.json"


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root), str(REPO)])
    (wheel,) = root.glob("nbkit-*.whl")
    env_dir = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    python = env_dir / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    if FULL_INSTALL:
        run([*pip, str(wheel)])
    else:
        (site_packages(python) / "zz_test_dependencies.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n"
        )
        run([*pip, "--no-deps", str(wheel)])
    return env_dir


def test_the_installed_wheel_works_from_an_empty_folder(venv: Path, tmp_path: Path):
    python, nbkit = venv / "bin" / "python", venv / "bin" / "nbkit"
    folder = tmp_path / "student"
    folder.mkdir()
    env = clean_env(tmp_path)
    installed = site_packages(python) / "nbkit"
    where = run([str(python), "-c", "import nbkit; print(nbkit.__file__)"], folder, env)
    assert Path(where.strip()).parent == installed  # the wheel, not the editable checkout
    before = files_under(installed)

    lessons = run([str(nbkit), "lessons"], folder, env)
    assert "module1-week2-networking" in lessons and "module1-informational-interview" in lessons
    assert str(installed / "bundled") in lessons

    serve_and_stop(nbkit, folder, env, tmp_path)
    assert (folder / "networking" / "lesson.toml").is_file() and (folder / "nbkit.toml").is_file()

    assert "Imported" in run([str(nbkit), "import", str(SUBMISSION)], folder, env)
    exported = run([str(nbkit), "export", "--to", "json,html"], folder, env).split()
    assert [Path(p).parent for p in exported] == [folder / "exports"] * 2
    assert json.loads(Path(exported[0]).read_text())["schema"] == "nbkit.submission/2"
    graded = tmp_path / "graded"
    run(
        [str(nbkit), "grade", "exports", "--out", str(graded), "--jobs", "1", "--quiet"],
        folder,
        env,
    )
    with (graded / "gradebook.csv").open(newline="") as f:
        assert [row["student_id"] for row in csv.DictReader(f)] == ["sim-complete"]

    assert files_under(installed) == before  # nothing written into the installed package
    assert (folder / ".nbkit" / "answers.sqlite3").is_file()


def serve_and_stop(nbkit: Path, folder: Path, env: dict[str, str], tmp_path: Path) -> None:
    """`nbkit start --no-browser` serves /lab and the copied lesson; SIGTERM stops every child."""
    port = free_port()
    log_path = tmp_path / "lab.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(nbkit), "start", "--no-browser", "--port", str(port)],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            token = wait_for_token(port, env, proc, log_path)
            assert "JupyterLab" in get(port, "lab", token)
            listing = json.loads(get(port, "api/contents/networking", token))
            assert "00_start_here.ipynb" in {item["name"] for item in listing["content"]}
        finally:
            leftovers = stop_group(proc)
    assert leftovers == [], "processes outlived nbkit start:\n" + log_path.read_text()


def wait_for_token(port: int, env: dict[str, str], proc: subprocess.Popen[bytes], log: Path) -> str:
    runtime = Path(env["JUPYTER_RUNTIME_DIR"])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        for info in runtime.glob("jpserver-*.json"):
            with contextlib.suppress(OSError, ValueError):
                server = json.loads(info.read_text())
                if server.get("port") == port:
                    with contextlib.suppress(OSError):
                        get(port, "api/status", server["token"])
                        return str(server["token"])
        time.sleep(0.5)
    pytest.fail("JupyterLab did not come up:\n" + log.read_text())


def stop_group(proc: subprocess.Popen[bytes]) -> list[int]:
    proc.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(60)
    leftovers = [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if _group_of(stat) == proc.pid
    ]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    return leftovers


def _group_of(stat: Path) -> int | None:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[2]) if fields[0] != "Z" else None


def get(port: int, path: str, token: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())


def clean_env(tmp_path: Path) -> dict[str, str]:
    """No NBKIT_HOME/NBKIT_CONFIG (the workspace must land beside nbkit.toml), no PYTHONPATH
    that could reach the checkout, Jupyter's runtime and config in the test's own folders; with
    borrowed dependencies, also their data files (nbconvert templates, JupyterLab's build),
    which live under this environment's prefix, not the new venv's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NBKIT_HOME", "NBKIT_CONFIG", "PYTHONPATH", "VIRTUAL_ENV"}
    }
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    if not FULL_INSTALL:
        env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
        env["JUPYTERLAB_DIR"] = str(Path(sys.prefix) / "share" / "jupyter" / "lab")
    return env


def site_packages(python: Path) -> Path:
    out = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    return Path(out.strip())


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, (
        f"{command} -> {result.returncode}\n{result.stdout}{result.stderr}"
    )
    return result.stdout
