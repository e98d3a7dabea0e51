"""App mode's pure parts: the server settings, the download URL inside Voila, the nav links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbkit.app import app_settings, app_url, voila_file_url, write_app_config
from nbkit.content import load_lesson
from nbkit.notebook import nav_html

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]


def test_settings_serve_voila_only_with_sources_stripped(tmp_path: Path) -> None:
    url = app_url("/lab/tree/networking/00_start_here.ipynb")
    assert url == "/voila/render/networking/00_start_here.ipynb"
    settings = app_settings(tmp_path, url, 9999, False)
    server = settings["ServerApp"]
    assert server["default_url"] == url and server["root_dir"] == str(tmp_path)
    assert server["jpserver_extensions"]["jupyterlab"] is False
    assert server["jpserver_extensions"]["voila"] is True
    assert server["terminals_enabled"] is False
    assert settings["VoilaConfiguration"]["strip_sources"] is True
    # Only kernels with no page attached are culled: a student reading for an hour keeps hers.
    assert settings["MappingKernelManager"]["cull_connected"] is False
    written = write_app_config(tmp_path / "app", settings)
    assert json.loads(written.read_text(encoding="utf-8")) == settings


def voila_env(base: str, notebook: str) -> dict[str, str]:
    return {"VOILA_BASE_URL": base, "SCRIPT_NAME": f"{base}voila/render/{notebook}"}


def test_file_url_inside_voila_points_at_the_servers_files(tmp_path: Path) -> None:
    lesson = tmp_path / "networking"
    lesson.mkdir()
    export = tmp_path / "exports" / "lesson ada.html"
    env = voila_env("/", "networking/05_reflection.ipynb")
    assert voila_file_url(export, env, lesson) == "/files/exports/lesson%20ada.html"
    # On a hub: the user's base URL, the server root is the user's home.
    env = voila_env("/user/ada/", "networking/05_reflection.ipynb")
    assert voila_file_url(export, env, lesson) == "/user/ada/files/exports/lesson%20ada.html"


def test_file_url_outside_voila_or_outside_the_root_is_none(tmp_path: Path) -> None:
    lesson = tmp_path / "root" / "networking"
    lesson.mkdir(parents=True)
    assert voila_file_url(tmp_path / "x.html", {}, lesson) is None  # JupyterLab, papermill
    env = voila_env("/", "networking/05_reflection.ipynb")
    assert voila_file_url(tmp_path / "x.html", env, lesson) is None  # not served
    deep = voila_env("/", "/".join(["a"] * 40) + "/n.ipynb")
    assert voila_file_url(lesson / "x.html", deep, lesson) is None


@pytest.mark.parametrize("lesson_dir", ["networking", "interview"])
def test_nav_links_each_section_to_its_neighbours(lesson_dir: str) -> None:
    lesson = load_lesson(REPO / "notebooks" / lesson_dir)
    order = lesson.ordered()
    first, last = nav_html(lesson, order[0]), nav_html(lesson, order[-1])
    assert "nbkit-nav-prev" not in first and f"href='{order[1].notebook}'" in first
    assert "nbkit-nav-next" not in last and f"href='{order[-2].notebook}'" in last
    middle = nav_html(lesson, order[1])
    assert f"href='{order[0].notebook}'" in middle and f"href='{order[2].notebook}'" in middle
    assert f"Next: {order[2].title}" in middle
