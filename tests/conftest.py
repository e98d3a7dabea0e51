"""Shared fixtures: every test gets its own empty workspace and never touches the repo's .nbkit/."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "workspace"
    monkeypatch.setenv("NBKIT_HOME", str(home))
    return home


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A valid cohort config in a temporary folder, with fixed dates (weeks 1..6 in 2026-10/11)."""
    path = tmp_path / "nbkit.toml"
    path.write_text(
        """
[cohort]
name = "test-cohort"
week1_start = 2026-10-19
timezone = "America/Denver"

[[instructors]]
name = "Allison Singer"
slack = "@allison_reu_singer"

[links]
video = "https://videos.example.org/networking"
""",
        encoding="utf-8",
    )
    return path
