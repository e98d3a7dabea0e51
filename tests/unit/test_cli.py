"""The CLI in-process on real files: version, status, config errors as one line and an exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbkit import __version__
from nbkit.cli import main
from nbkit.store import Store

pytestmark = pytest.mark.unit


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_status_json_profile_and_due_date(capsys, config_file: Path, isolated_workspace: Path):
    assert main(["status", "--json", "--config", str(config_file)]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["profile_complete"] is False
    with Store(isolated_workspace) as store:
        for key, value in {
            "start.name": "Zoë Ångström",
            "start.student_id": "zoe-a",
            "start.cohort": "2610",
            "start.slack": "@zoe",
        }.items():
            store.save(key, value)
    assert main(["status", "--json", "--config", str(config_file)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["profile_complete"] is True
    start = next(s for s in report["sections"] if s["id"] == "start")
    assert (start["answered"], start["required"]) == (4, 4)
    assert report["due"]["action_step"] == "2026-11-23"
    assert report["due"]["action_step_deadline"] == "2026-11-23T23:59:59-07:00"
    assert report["timezone"] == "America/Denver"


def test_status_text(capsys, config_file: Path):
    assert main(["status", "--config", str(config_file)]) == 0
    out = capsys.readouterr().out
    assert "Start here" in out and "Networking action step due: 2026-11-23" in out


def test_bad_config_is_one_line_and_exit_3(capsys, tmp_path: Path):
    bad = tmp_path / "nbkit.toml"
    bad.write_text('[cohort]\nname = "x"\nweek1_start = 2026-10-19\ntimezone = "Nowhere/Land"\n')
    assert main(["status", "--config", str(bad)]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "cohort.timezone" in err and str(bad) in err and "Traceback" not in err


def test_start_outside_a_kit_is_a_clear_error(capsys, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    assert main(["start", "--no-browser"]) == 1
    assert "no nbkit.toml" in capsys.readouterr().err
