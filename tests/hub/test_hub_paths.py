"""On a JupyterHub the workspace, the lesson copy and the student id are the user's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hub_helpers import LESSON, LESSON_ID, copy_lesson
from traitlets.config import Config as TraitletsConfig

from nbkit.cli import main
from nbkit.content import load_lesson
from nbkit.hub import hub_config, prepare_home, pull_link, repo_folder
from nbkit.paths import resolve_paths
from nbkit.store import Store
from nbkit.submission import with_hub_identity
from nbkit.submission_types import Answer

pytestmark = pytest.mark.unit


def test_workspace_is_in_the_users_home_outside_the_lesson_checkout(hub_user_home: Path) -> None:
    checkout = copy_lesson(hub_user_home / "course")  # what nbgitpuller clones
    paths = resolve_paths(start=checkout / "notebooks" / "networking")
    assert paths.home == hub_user_home / ".nbkit" / LESSON_ID
    assert paths.lesson == checkout / "notebooks" / "networking"
    assert paths.exports == checkout / "exports"


def test_a_shared_cohort_config_finds_the_users_own_copy(
    hub_user_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = copy_lesson(tmp_path / "srv")  # the cohort folder every student reads
    monkeypatch.setenv("NBKIT_CONFIG", str(shared / "nbkit.toml"))
    notes = prepare_home(hub_user_home)  # the spawn step copies the lesson in once
    assert (hub_user_home / "networking" / "lesson.toml").is_file(), notes
    paths = resolve_paths(start=hub_user_home)
    assert paths.lesson == hub_user_home / "networking"
    assert paths.exports == hub_user_home / "exports"
    assert paths.home == hub_user_home / ".nbkit" / LESSON_ID
    answer = hub_user_home / "networking" / "00_start_here.ipynb"
    answer.write_text("the student's own edit", encoding="utf-8")
    prepare_home(hub_user_home)  # a later spawn never copies over the student's files
    assert answer.read_text(encoding="utf-8") == "the student's own edit"


def test_off_a_hub_nothing_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("NBKIT_HOME", raising=False)
    root = copy_lesson(tmp_path / "course")
    assert resolve_paths(start=root).home == root / ".nbkit"


def test_the_profile_cannot_claim_another_students_id(hub_user_home: Path) -> None:
    lesson = load_lesson(LESSON)
    key = lesson.profile["student_id"]
    typed: dict[str, Answer] = {key: {"value": "bob", "updated_at": "2026-11-20T15:00:00+00:00"}}
    fixed = with_hub_identity(lesson, typed, "ada", "2026-11-21T00:00:00+00:00")
    assert fixed[key] == {"value": "ada", "updated_at": "2026-11-20T15:00:00+00:00"}
    assert with_hub_identity(lesson, {}, "ada", "now")[key]["value"] == "ada"
    assert with_hub_identity(lesson, typed, None, "now") is typed


def test_export_on_a_hub_names_the_hub_user(hub_user_home: Path) -> None:
    checkout = copy_lesson(hub_user_home / "course")
    paths = resolve_paths(start=checkout)
    with Store(paths.home) as store:
        store.save("start.name", "Ada")
        store.save("start.student_id", "bob")  # typed: someone else's id
    out = hub_user_home / "out"
    assert main(["export", "--config", str(checkout / "nbkit.toml"), "--to", "json",
                 "--out", str(out)]) == 0  # fmt: skip
    (written,) = out.glob("*.json")
    document = json.loads(written.read_text(encoding="utf-8"))
    assert written.name.startswith("ada_")
    assert document["profile"]["student_id"] == "ada"
    assert document["answers"]["start.student_id"]["value"] == "ada"


def test_hub_config_is_a_working_jupyterhub_config(tmp_path: Path) -> None:
    cohort = copy_lesson(tmp_path / "srv") / "nbkit.toml"
    c = TraitletsConfig()
    exec(hub_config(LESSON_ID, cohort), {"c": c})  # the fragment as jupyterhub would load it
    assert c.Spawner.cmd[1:3] == ["-m", "nbkit.hub"]
    assert Path(c.Spawner.cmd[3]).name == "jupyterhub-singleuser"
    assert c.Spawner.default_url == "/lab/tree/networking/00_start_here.ipynb"
    assert c.Spawner.environment.get_value({}) == {
        "NBKIT_HUB_LESSON": LESSON_ID,
        "NBKIT_CONFIG": str(cohort),
    }
    git = TraitletsConfig()
    exec(hub_config(LESSON_ID, git=True), {"c": git})
    assert git.Spawner.default_url == "/lab"
    assert git.Spawner.environment.get_value({}) == {"NBKIT_HUB_LESSON": ""}
    assert "tljh-config" in hub_config(LESSON_ID)


def test_link_has_nbgitpullers_parameters() -> None:
    link = pull_link("https://hub.example.org/", "https://github.com/org/course.git", "main",
                     "notebooks/networking/00_start_here.ipynb")  # fmt: skip
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull?"
        "repo=https%3A//github.com/org/course.git&branch=main&targetpath=course"
        "&urlpath=lab/tree/course/notebooks/networking/00_start_here.ipynb"
    )
    assert repo_folder("git@github.com:org/lesson.git") == "lesson"
    assert repo_folder("https://example.org/x/lesson/") == "lesson"


def test_link_cli_reads_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout = copy_lesson(tmp_path / "course")
    monkeypatch.chdir(checkout)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    assert main(["link", "--hub", "https://hub.example.org", "--repo", "https://x.org/course"]) == 1
    assert "not in a git checkout" in capsys.readouterr().err
    (checkout / ".git").mkdir()
    assert main(["link", "--hub", "https://hub.example.org", "--repo", "https://x.org/course",
                 "--lesson", LESSON_ID]) == 0  # fmt: skip
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("urlpath=lab/tree/course/notebooks/networking/00_start_here.ipynb")
    )


def test_spawn_step_exposes_the_lab_app_once_for_the_page_guard() -> None:
    from nbkit.hub import with_guard_flag

    added = with_guard_flag(["jupyterhub-singleuser", "--port=9000"])
    assert added == ["jupyterhub-singleuser", "--port=9000", "--LabApp.expose_app_in_browser=True"]
    assert with_guard_flag(added) == added
