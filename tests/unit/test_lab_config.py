"""The Jupyter config folder `nbkit start` and the hub spawn put on JUPYTER_CONFIG_PATH, read by
jupyterlab_server's own page-config reader (what decides the plugins the browser loads)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jupyterlab_server.config import get_static_page_config

from nbkit.launch import MATHJAX_PLUGIN, lab_environment, with_config_path, write_lab_config

pytestmark = pytest.mark.unit


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    user = tmp_path / "user-jupyter"
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    return user


def _page_config(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    env = lab_environment(folder.parent / "workspace", lab_config=folder)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", env["JUPYTER_CONFIG_PATH"])
    return get_static_page_config(level="all")


def test_mathjax_is_off_unless_the_lesson_uses_math(
    tmp_path: Path, user_config: Path, monkeypatch: pytest.MonkeyPatch
):
    off = write_lab_config(tmp_path / "off", math=False)
    assert _page_config(off, monkeypatch)["disabledExtensions"] == {MATHJAX_PLUGIN: True}
    on = write_lab_config(tmp_path / "on", math=True)
    assert _page_config(on, monkeypatch)["disabledExtensions"] == {MATHJAX_PLUGIN: False}


def test_plugins_the_student_turned_off_stay_off(
    tmp_path: Path, user_config: Path, monkeypatch: pytest.MonkeyPatch
):
    mine = user_config / "labconfig" / "page_config.json"
    mine.parent.mkdir(parents=True)
    mine.write_text(json.dumps({"disabledExtensions": {"@jupyterlab/toc-extension": True}}))
    on = write_lab_config(tmp_path / "kit", math=True)
    assert _page_config(on, monkeypatch)["disabledExtensions"] == {
        "@jupyterlab/toc-extension": True,
        MATHJAX_PLUGIN: False,
    }


def test_the_kit_folder_goes_first_once_and_keeps_the_others(tmp_path: Path):
    kit = tmp_path / "kit"
    assert with_config_path(kit, None) == str(kit)
    existing = os.pathsep.join(["/etc/a", str(kit), "", "/etc/b"])
    assert with_config_path(kit, existing) == os.pathsep.join([str(kit), "/etc/a", "/etc/b"])
