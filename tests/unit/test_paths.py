"""resolve_paths on real folders: where the config, lesson, workspace and exports resolve to."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbkit import paths as paths_module
from nbkit.errors import ConfigError
from nbkit.paths import PACKAGE_DIR, WorkspaceError, resolve_paths

pytestmark = pytest.mark.unit


def _lesson(folder: Path, lesson_id: str = "demo-lesson") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lesson.toml").write_text(f'id = "{lesson_id}"\ntitle = "Demo"\nversion = "1"\n')
    return folder


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBKIT_HOME", raising=False)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)


def test_empty_folder_is_its_own_root(tmp_path: Path, no_env: None):
    paths = resolve_paths(start=tmp_path)
    assert paths.root == tmp_path.resolve()
    assert paths.config is None and paths.lesson is None
    assert paths.home == tmp_path.resolve() / ".nbkit"
    assert paths.exports == tmp_path.resolve() / "exports"
    with pytest.raises(ConfigError, match="nbkit start --lesson"):
        paths.need_lesson()


def test_config_names_the_lesson_folder(tmp_path: Path, no_env: None):
    lesson = _lesson(tmp_path / "networking")
    (tmp_path / "nbkit.toml").write_text('[lesson]\nid = "demo-lesson"\nfolder = "networking"\n')
    deeper = tmp_path / "somewhere" / "deeper"
    deeper.mkdir(parents=True)
    paths = resolve_paths(start=deeper)
    assert paths.root == tmp_path.resolve()
    assert paths.config == tmp_path.resolve() / "nbkit.toml"
    assert paths.lesson == lesson.resolve()
    assert paths.home == tmp_path.resolve() / ".nbkit"


def test_config_with_an_id_only_finds_the_copy_by_id(tmp_path: Path, no_env: None):
    _lesson(tmp_path / "other", "other-lesson")
    lesson = _lesson(tmp_path / "notebooks" / "mine", "demo-lesson")
    (tmp_path / "nbkit.toml").write_text('[lesson]\nid = "demo-lesson"\n')
    assert resolve_paths(start=tmp_path).lesson == lesson.resolve()


def test_a_kernel_in_its_lesson_folder_finds_that_lesson_and_the_config_above(
    tmp_path: Path, no_env: None
):
    _lesson(tmp_path / "networking")
    second = _lesson(tmp_path / "interview", "interview")
    (tmp_path / "nbkit.toml").write_text('[lesson]\nid = "demo-lesson"\nfolder = "networking"\n')
    paths = resolve_paths(start=second)
    assert paths.lesson == second.resolve()
    assert paths.config == tmp_path.resolve() / "nbkit.toml"
    assert paths.home == tmp_path.resolve() / ".nbkit"


def test_explicit_arguments_and_environment_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None
):
    lesson = _lesson(tmp_path / "elsewhere")
    config = tmp_path / "cfg" / "nbkit.toml"
    config.parent.mkdir()
    config.write_text("")
    monkeypatch.setenv("NBKIT_HOME", str(tmp_path / "env-home"))
    paths = resolve_paths(start=tmp_path, config=config, lesson=lesson)
    assert paths.root == config.parent.resolve() and paths.lesson == lesson.resolve()
    assert paths.home == (tmp_path / "env-home").resolve()
    assert resolve_paths(start=tmp_path, home=tmp_path / "h").home == (tmp_path / "h").resolve()
    monkeypatch.setenv("NBKIT_CONFIG", str(config))
    assert resolve_paths(start=tmp_path).config == config.resolve()


def test_missing_things_are_config_errors_naming_them(tmp_path: Path, no_env: None):
    (tmp_path / "nbkit.toml").write_text('[lesson]\nfolder = "gone"\n')
    with pytest.raises(ConfigError, match="lesson.folder"):
        resolve_paths(start=tmp_path)
    with pytest.raises(ConfigError, match="file not found"):
        resolve_paths(start=tmp_path, config=tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="no lesson.toml"):
        resolve_paths(start=tmp_path, config=tmp_path / "nbkit.toml", lesson=tmp_path)


def test_never_a_workspace_inside_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_env: None
):
    with pytest.raises(WorkspaceError, match="inside the installed nbkit package") as info:
        resolve_paths(start=tmp_path, home=PACKAGE_DIR / ".nbkit")
    assert info.value.exit_code == 4
    # An installed wheel: running in its bundled lesson folder (no nbkit.toml above) is refused.
    package = tmp_path / "site-packages" / "nbkit"
    bundled = _lesson(package / "bundled" / "demo")
    monkeypatch.setattr(paths_module, "PACKAGE_DIR", package.resolve())
    with pytest.raises(WorkspaceError, match="in a folder of your own"):
        resolve_paths(start=bundled)
    with pytest.raises(WorkspaceError, match="the exports folder"):
        resolve_paths(start=bundled, home=tmp_path / "home")
    outside = tmp_path / "work"
    outside.mkdir()
    paths = resolve_paths(start=outside, lesson=bundled)  # reading an installed lesson is fine
    assert paths.lesson == bundled.resolve() and paths.home == outside.resolve() / ".nbkit"
