"""The import contracts (.importlinter) cover the whole core and hold (lint-imports, as in CI)."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]


def _core_modules() -> set[str]:
    package = REPO / "nbkit"
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.parent.name for p in package.glob("*/__init__.py")}
    return {f"nbkit.{n}" for n in names} - {"nbkit.lessons"}


def test_every_core_module_is_forbidden_to_import_a_lesson_and_has_a_layer():
    config = configparser.ConfigParser()
    config.read(REPO / ".importlinter")
    forbidden = config["importlinter:contract:core-imports-no-lesson"]
    assert set(forbidden["source_modules"].split()) == _core_modules()
    layers = config["importlinter:contract:core-layers"]["layers"].replace("|", " ").split()
    assert set(layers) == _core_modules()


def test_lint_imports_keeps_every_contract():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
