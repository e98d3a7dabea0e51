"""App mode's pure parts: the server settings, the download URL inside Voila, the nav links."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config import PyFileConfigLoader

from nbkit.app import (
    app_settings,
    app_url,
    keep_xsrf_cookie,
    voila_file_url,
    voila_page_folder,
    write_app_config,
)
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
    loaded = PyFileConfigLoader(written.name, str(written.parent)).load_config()
    assert loaded.ServerApp.default_url == url
    assert loaded.MappingKernelManager.cull_connected is False
    assert loaded.VoilaConfiguration.prelaunch_hook is keep_xsrf_cookie


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


def test_nav_links_inside_voila_are_absolute_render_urls() -> None:
    # A relative link would be rewritten by Voila's renderer into the notebook's download URL.
    env = voila_env("/user/ada/", "networking/00_start_here.ipynb")
    folder = voila_page_folder(env)
    assert folder == "/user/ada/voila/render/networking/"
    assert voila_page_folder({}) is None
    lesson = load_lesson(REPO / "notebooks" / "networking")
    first = nav_html(lesson, lesson.ordered()[0], folder or "")
    assert "href='/user/ada/voila/render/networking/01_needs_and_notes.ipynb'" in first
