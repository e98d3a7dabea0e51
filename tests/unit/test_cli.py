"""The CLI in-process on real files: version, lessons, status, start's preparation and strict
configuration (one line naming file, key and suggestion; exit 3) before anything launches."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from nbkit import __version__, launch
from nbkit.catalog import MANIFEST, install_lesson, installed_lessons
from nbkit.cli import main
from nbkit.launch import prepare_start, write_minimal_config
from nbkit.store import Store

pytestmark = pytest.mark.unit
INTERVIEW = "module1-informational-interview"


@pytest.fixture
def never_launch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A start that gets past validation would launch JupyterLab: fail the test instead."""

    def refuse(*args: object, **kwargs: object) -> int:
        raise AssertionError("nbkit start launched JupyterLab although the kit is invalid")

    monkeypatch.setattr(launch, "run_lab", refuse)


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "student"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    return folder


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_lessons_lists_every_installed_lesson(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    for ref in installed_lessons().values():
        assert f"{ref.id}  (version {ref.version})  {ref.title}" in out
    assert INTERVIEW in out


def test_status_json_profile_and_due_date(capsys, config_file: Path, isolated_workspace: Path):
    assert main(["status", "--json", "--config", str(config_file)]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["profile_complete"] is False
    assert before["workspace"] == str(isolated_workspace.resolve())
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
    assert report["due"]["dates"]["action_step"] == "2026-11-23"
    assert report["due"]["deadlines"]["action_step"] == "2026-11-23T23:59:59-07:00"
    assert report["timezone"] == "America/Denver"


def test_status_text_names_what_the_lesson_declares(capsys, config_file: Path):
    assert main(["status", "--config", str(config_file)]) == 0
    out = capsys.readouterr().out
    assert "Start here" in out and "on 2026-11-23 (end of day)" in out


def test_bad_config_is_one_line_and_exit_3(capsys, tmp_path: Path):
    bad = tmp_path / "nbkit.toml"
    bad.write_text('[cohort]\nname = "x"\nweek1_start = 2026-10-19\ntimezone = "Nowhere/Land"\n')
    assert main(["status", "--config", str(bad)]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "cohort.timezone" in err and str(bad) in err and "Traceback" not in err


def test_start_in_an_empty_folder_copies_the_lesson_once_and_names_it(empty_folder: Path):
    plan = prepare_start(empty_folder, lesson_id=INTERVIEW)
    copy = empty_folder / "interview"
    assert plan.paths.lesson == copy.resolve()
    assert plan.paths.root == empty_folder.resolve()
    assert plan.paths.home == Path.cwd().resolve().parent / "workspace"  # NBKIT_HOME of the test
    assert (copy / "lesson.toml").is_file() and (copy / MANIFEST).is_file()
    config = tomllib.loads((empty_folder / "nbkit.toml").read_text())
    assert config["lesson"] == {"id": INTERVIEW, "folder": "interview"}
    # Starting again keeps the student's edits and nbkit.toml as they are.
    (copy / "00_start.ipynb").write_text((copy / "00_start.ipynb").read_text() + "\n")
    edited = (copy / "00_start.ipynb").read_text()
    (empty_folder / "nbkit.toml").write_text((empty_folder / "nbkit.toml").read_text() + "# mine\n")
    again = prepare_start(empty_folder)
    assert again.paths.lesson == copy.resolve() and again.notices == ()
    assert (copy / "00_start.ipynb").read_text() == edited
    assert (empty_folder / "nbkit.toml").read_text().endswith("# mine\n")


def test_start_without_a_lesson_takes_the_kits_default(empty_folder: Path):
    plan = prepare_start(empty_folder)
    assert plan.paths.lesson is not None and (plan.paths.lesson / "lesson.toml").is_file()
    assert plan.paths.lesson.parent == empty_folder.resolve()


def test_start_refuses_another_lesson_than_the_folder_names(
    empty_folder: Path, capsys, never_launch: None
):
    prepare_start(empty_folder, lesson_id=INTERVIEW)
    assert main(["start", "--no-browser", "--lesson", "someone-elses"]) == 3
    assert "lesson.id" in capsys.readouterr().err
    assert main(["start", "--no-browser", "--lesson", "no-such-lesson"]) == 3


def _typo(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "suggestion"),
    [
        ("nbkit.toml", "[cohort]\n", "[minutes]\nprepar = 30\n\n[cohort]\n", "minutes.prepar",
         "prepare"),
        ("interview/lesson.toml", "\nrubric = ", "\nrubirc = ", "rubirc", "rubric"),
        ("interview/rubric.toml", "\ntitle = ", "\ntitel = ", "titel", "title"),
    ],
)  # fmt: skip
def test_a_misspelled_key_stops_start_with_exit_3_naming_it(
    empty_folder: Path, capsys, never_launch: None, file, old, new, key, suggestion
):
    # The folder `nbkit start` makes, made without reading the lesson (it is read once per
    # process, and this process must first read it with the typo).
    install_lesson(INTERVIEW, empty_folder)
    write_minimal_config(empty_folder / "nbkit.toml", INTERVIEW, "interview")
    _typo(empty_folder / file, old, new)
    assert main(["start", "--no-browser", "--port", "9"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert str((empty_folder / file).resolve()) in err or str(empty_folder / file) in err
    assert key in err and f"did you mean '{suggestion}'" in err


def test_lesson_check_passes_the_bundled_lessons(capsys):
    for ref in installed_lessons().values():
        assert main(["lesson", "check", str(ref.dir)]) == 0, capsys.readouterr().out
        assert "no problems found" in capsys.readouterr().out


def test_start_offers_a_newer_lesson_and_updates_only_on_request(
    empty_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from nbkit import catalog

    installed = tmp_path / "site" / "interview"
    shutil.copytree(Path(__file__).resolve().parents[2] / "notebooks" / "interview", installed)
    monkeypatch.setattr(catalog, "_bundled_folders", lambda: [installed])
    prepare_start(empty_folder, lesson_id=INTERVIEW)
    copy = empty_folder / "interview"
    (copy / "00_start.ipynb").write_text((copy / "00_start.ipynb").read_text() + " ")
    _typo(installed / "lesson.toml", 'version = "1"', 'version = "2"')
    (installed / "02_debrief.ipynb").write_text((installed / "02_debrief.ipynb").read_text() + "\n")

    (notice,) = prepare_start(empty_folder).notices
    assert "newer version" in notice and "nbkit start --update-lesson" in notice
    assert 'version = "1"' in (copy / "lesson.toml").read_text()  # offered, not forced

    (done,) = prepare_start(empty_folder, update=True).notices
    assert "kept your changed files: 00_start.ipynb" in done
    assert 'version = "2"' in (copy / "lesson.toml").read_text()
    assert (copy / "02_debrief.ipynb").read_text() == (installed / "02_debrief.ipynb").read_text()
    assert (copy / "00_start.ipynb").read_text().endswith(" ")
