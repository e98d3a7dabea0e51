"""Hub fixtures: a hub user's server (JUPYTERHUB_USER, its own HOME)."""

from __future__ import annotations

from pathlib import Path

import pytest


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
