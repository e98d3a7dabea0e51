"""nbkit.submission/1 files (written by the /1 code, tests/data/submission-1) read as /2."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from nbkit.errors import SubmissionError
from nbkit.store import Store
from nbkit.submission import import_submission, migrate_1, parse, read_submission

pytestmark = pytest.mark.export
V1 = Path(__file__).resolve().parents[2] / "tests" / "data" / "submission-1"
FILES = sorted(V1.glob("*.json"))


def _old(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_v1_files():
    assert len(FILES) >= 5 and all(_old(p)["schema"] == "nbkit.submission/1" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_v1_is_migrated_on_read_with_every_value_kept(path):
    old, new = _old(path), read_submission(path)
    assert new["schema"] == "nbkit.submission/2"
    for key in ("lesson", "kit_version", "exported_at", "cohort", "profile", "answers", "progress"):
        assert new[key] == old[key], key
    assert new["tables"] == {"tracker": old["tracker"]}
    assert new["views"]["networking"] == {k: old[k] for k in ("assessment", "goals", "reflection")}
    takes = [(e["at"], e["value"]["score"]) for e in new["events"] if e["kind"] == "take"]
    assert takes == [(t["taken_at"], t["score"]) for t in old["assessment"]["takes"]]


def test_v1_notebook_is_read_from_its_metadata():
    document = read_submission(V1 / "partial-student.ipynb")
    assert document == read_submission(V1 / "partial-student.json")


def test_an_invalid_v1_file_is_refused_naming_where(tmp_path):
    old = _old(V1 / "full-student.json")
    old["goals"][0]["id"] = "somebody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(SubmissionError, match=r"^goals/0/id: must be one of"):
        read_submission(bad)


def test_a_view_is_checked_by_its_own_schema():
    document = migrate_1(_old(V1 / "simulated-complete.json"))
    broken = copy.deepcopy(document)
    broken["views"]["networking"]["assessment"]["score"] = "high"
    with pytest.raises(SubmissionError, match=r"^views/networking/assessment/score: must be"):
        parse(broken)
    unknown = copy.deepcopy(document)
    unknown["views"]["nosuchplugin"] = {}
    with pytest.raises(SubmissionError, match="no view 'nosuchplugin' is installed"):
        parse(unknown)


@pytest.mark.parametrize("name", ["full-student", "partial-student"])
def test_import_v1_then_export_v2_keeps_the_networking_view(name, lesson_root, tmp_path):
    """The /2 code rebuilds from the answers what the /1 code exported: grading reads the same.
    (The simulated-* files are synthetic: their goals are not backed by answers.)"""
    from nbkit.export.api import export_lesson

    home = tmp_path / "ws"
    import_submission(V1 / f"{name}.json", workspace=home)
    with Store(home) as store:
        assert len(store.rows("tracker")) == len(_old(V1 / f"{name}.json")["tracker"])
    (path,) = export_lesson(workspace=home, formats=["json"], out_dir=tmp_path / "out")
    again, migrated = read_submission(path), read_submission(V1 / f"{name}.json")
    assert again["views"]["networking"] == migrated["views"]["networking"]
    strip = ("row_id", "created_at", "updated_at")
    rows = [{k: v for k, v in r.items() if k not in strip} for r in again["tables"]["tracker"]]
    assert rows == [
        {k: v for k, v in r.items() if k not in strip} for r in migrated["tables"]["tracker"]
    ]
    private = {k for k in migrated["answers"] if k.startswith("needs.notes_")}
    assert set(again["answers"]) == set(migrated["answers"]) - private
