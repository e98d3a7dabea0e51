"""Plugin registries: code registration, entry points found through real package metadata."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nbkit import registry
from nbkit.errors import ConfigError
from nbkit.registry import Registry

pytestmark = pytest.mark.unit


def test_registered_names_resolve_and_unknown_ones_suggest_a_close_match():
    cells: Registry[object] = Registry("nbkit.test-cells", "cell kind")
    cells.register("demo.goal_plan", len)
    assert cells.get("demo.goal_plan") is len
    assert "demo.goal_plan" in cells and cells.names() == ["demo.goal_plan"]
    with pytest.raises(ConfigError) as info:
        cells.get("demo.goal_pla", source="lesson/03.ipynb", key="cells[4]")
    assert info.value.exit_code == 3
    assert str(info.value) == (
        "lesson/03.ipynb: cells[4]: no cell kind named 'demo.goal_pla'; "
        "did you mean 'demo.goal_plan'? (known: demo.goal_plan)"
    )
    cells.unregister("demo.goal_plan")
    with pytest.raises(ConfigError, match=r"\(known: none\)"):
        cells.get("demo.goal_plan")


@pytest.fixture
def plugin_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed distribution (dist-info with entry_points.txt) and its module on sys.path."""
    (tmp_path / "nbkit_demo_plugin.py").write_text(
        "LOADS = []\n\ndef summary(view, **kwargs):\n    return 'demo summary'\n", encoding="utf-8"
    )
    info = tmp_path / "nbkit_demo_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nbkit-demo-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[nbkit.test-plugins]\ndemo.summary = nbkit_demo_plugin:summary\n"
        "demo.broken = nbkit_demo_plugin:missing\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "nbkit_demo_plugin", raising=False)
    return tmp_path


def test_entry_points_are_listed_without_import_and_loaded_on_first_use(plugin_on_path: Path):
    plugins: Registry[object] = Registry("nbkit.test-plugins", "cell kind")
    assert plugins.names() == ["demo.broken", "demo.summary"]
    assert "nbkit_demo_plugin" not in sys.modules  # listing a name never imports the plugin
    summary = plugins.get("demo.summary")
    assert callable(summary) and summary(None) == "demo summary"
    plugins.register("demo.summary", str)  # code registration wins (tests, core built-ins)
    assert plugins.get("demo.summary") is str


def test_a_broken_entry_point_is_a_config_error_naming_it(plugin_on_path: Path):
    plugins: Registry[object] = Registry("nbkit.test-plugins", "cell kind")
    with pytest.raises(ConfigError) as info:
        plugins.get("demo.broken")
    assert info.value.key == "demo.broken"
    assert "nbkit_demo_plugin:missing" in str(info.value)


def test_the_five_groups_of_the_contract_exist():
    assert set(registry.REGISTRIES) == {
        "nbkit.cells",
        "nbkit.checks",
        "nbkit.views",
        "nbkit.formats",
        "nbkit.lessons",
    }
