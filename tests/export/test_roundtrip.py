"""`nbkit import` then `nbkit export` gives the same submission; bad files are refused."""

from __future__ import annotations

import json

import pytest

from nbkit.cli import main
from nbkit.store import Store

pytestmark = pytest.mark.export


def _load(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("exported_at")
    return document


def test_import_then_export_gives_the_same_submission(simulated_student, lesson_root, tmp_path):
    first = tmp_path / "first"
    assert main(["export", "--to", "json,ipynb", "--out", str(first)]) == 0
    (exported,) = first.glob("*.json")
    new_home = tmp_path / "new-machine"
    assert main(["import", str(exported), "--workspace", str(new_home)]) == 0
    second = tmp_path / "second"
    args = ["export", "--to", "json", "--out", str(second), "--workspace", str(new_home)]
    assert main(args) == 0
    (again,) = second.glob("*.json")
    assert again.name == exported.name
    assert _load(again) == _load(exported)


def test_import_from_the_ipynb(simulated_student, tmp_path):
    assert main(["export", "--to", "ipynb", "--out", str(tmp_path / "out")]) == 0
    (notebook,) = (tmp_path / "out").glob("*.ipynb")
    assert main(["import", str(notebook), "--workspace", str(tmp_path / "ws")]) == 0
    with Store(tmp_path / "ws") as store:
        assert store.get("start.name") == "Ada <script>alert('name')</script> Lovelace"


def test_existing_workspace_is_not_clobbered(simulated_student, tmp_path, capsys):
    assert main(["export", "--to", "json", "--out", str(tmp_path / "out")]) == 0
    (exported,) = (tmp_path / "out").glob("*.json")
    other = tmp_path / "other"
    with Store(other) as store:
        store.save("start.name", "Someone else")
    assert main(["import", str(exported), "--workspace", str(other)]) == 7
    assert "--force" in capsys.readouterr().err
    with Store(other) as store:
        assert store.get("start.name") == "Someone else"
    assert main(["import", str(exported), "--workspace", str(other), "--force"]) == 0
    with Store(other) as store:
        assert store.get("start.name") != "Someone else"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json", "not valid JSON"),
        ('{"schema": "nbkit.submission/3"}', "expected 'nbkit.submission/2'"),
        ('{"schema": "nbkit.submission/2"}', "(top level): must contain"),
        ('{"schema": "nbkit.submission/1"}', "(top level): must contain"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_invalid_submission_is_refused_with_the_reason(tmp_path, capsys, content, reason):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["import", str(bad), "--workspace", str(tmp_path / "ws")]) == 5
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1
    with Store(tmp_path / "ws") as store:
        assert store.is_empty()
