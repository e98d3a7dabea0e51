"""The lesson catalog and copies: bundled lessons found, copies made once, updates never forced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbkit import catalog
from nbkit.catalog import (
    MANIFEST,
    install_lesson,
    installed_lessons,
    is_newer,
    update_lesson,
    update_notice,
)
from nbkit.errors import NbkitError

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]


def test_checkout_lists_every_lesson_folder_but_the_instructor_notebooks():
    lessons = installed_lessons()
    expected = {p.parent for p in (REPO / "notebooks").glob("*/lesson.toml")}
    assert {ref.dir for ref in lessons.values()} == expected
    assert all(ref.dir.name != "instructor" for ref in lessons.values())
    networking = next(ref for ref in lessons.values() if ref.name == "networking")
    assert networking.title and networking.version


def test_versions_compare_numerically():
    assert is_newer("10", "9") and is_newer("1.2", "1") and is_newer("2", "1.9")
    assert not is_newer("1", "1") and not is_newer("1.0.1", "1.1")


@pytest.fixture
def fake_lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One installed lesson in a temporary 'bundled' folder (the catalog's real look-up code)."""
    source = tmp_path / "installed" / "demo"
    (source / "sections").mkdir(parents=True)
    (source / "lesson.toml").write_text('id = "demo"\ntitle = "Demo lesson"\nversion = "1"\n')
    (source / "sections" / "a.toml").write_text("[text]\nintro = 'Hello'\n")
    (source / "00_intro.ipynb").write_text('{"cells": []}')
    (source / ".ipynb_checkpoints").mkdir()
    (source / ".ipynb_checkpoints" / "junk.ipynb").write_text("{}")
    monkeypatch.setattr(catalog, "_bundled_folders", lambda: [source])
    return source


def test_install_copies_once_and_never_overwrites(fake_lesson: Path, tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    copy = install_lesson("demo", work)
    assert copy == work / "demo"
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == [
        MANIFEST,
        "00_intro.ipynb",
        "lesson.toml",
        "sections/a.toml",
    ]
    (copy / "00_intro.ipynb").write_text("the student's own notebook")
    assert install_lesson("demo", work) == copy
    assert (copy / "00_intro.ipynb").read_text() == "the student's own notebook"
    assert update_notice(copy) is None


def test_install_refuses_a_folder_of_someone_elses_files(fake_lesson: Path, tmp_path: Path):
    (tmp_path / "work" / "demo").mkdir(parents=True)
    (tmp_path / "work" / "demo" / "mine.txt").write_text("keep me")
    with pytest.raises(NbkitError, match="will not copy"):
        install_lesson("demo", tmp_path / "work")
    with pytest.raises(NbkitError, match="no installed lesson 'nope'"):
        install_lesson("nope", tmp_path / "work")


def test_newer_version_is_offered_then_applied_to_unchanged_files_only(
    fake_lesson: Path, tmp_path: Path
):
    copy = install_lesson("demo", tmp_path)
    (copy / "00_intro.ipynb").write_text("edited by the student")
    (fake_lesson / "lesson.toml").write_text('id = "demo"\ntitle = "Demo lesson"\nversion = "2"\n')
    (fake_lesson / "00_intro.ipynb").write_text('{"cells": ["v2"]}')
    (fake_lesson / "sections" / "a.toml").write_text("[text]\nintro = 'Hello v2'\n")
    (fake_lesson / "01_new.ipynb").write_text('{"cells": []}')

    notice = update_notice(copy)
    assert notice and "nbkit start --update-lesson" in notice and "(2;" in notice
    assert (copy / "sections" / "a.toml").read_text() == "[text]\nintro = 'Hello'\n"  # not forced

    report = update_lesson(copy)
    assert report.kept == ("00_intro.ipynb",)
    assert set(report.copied) == {"01_new.ipynb", "lesson.toml", "sections/a.toml"}
    assert (copy / "00_intro.ipynb").read_text() == "edited by the student"
    assert (copy / "sections" / "a.toml").read_text() == "[text]\nintro = 'Hello v2'\n"
    assert json.loads((copy / MANIFEST).read_text())["version"] == "2"
    assert update_notice(copy) is None
    # The student's edit stays theirs on every later update too.
    assert update_lesson(copy).kept == ("00_intro.ipynb",)
