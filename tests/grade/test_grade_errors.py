"""Every mistake on `nbkit grade`'s command line is one line and a documented exit code, found
before any notebook runs, and leaves nothing behind (the --out folder is not even created)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from termkit import build_term

from nbkit.cli import main
from nbkit.grade.batch import grade_submissions
from nbkit.grade.settings import EXIT_NOTHING_TO_GRADE, UsageError


@pytest.fixture
def term(tmp_path: Path):
    return build_term(tmp_path / "t")


def _run(term, capsys, *extra: str, submissions: Path | None = None) -> tuple[int, str]:
    out = term.root / "out"
    argv = ["grade", str(submissions or term.submissions), "--out", str(out), "--quiet"]
    code = main([*argv, "--config", str(term.config_path), "--rubric", str(term.rubric), *extra])
    err = capsys.readouterr().err
    assert not out.exists(), "nothing may be written before the checks pass"
    return code, err


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.unit
@pytest.mark.parametrize(
    ("roster", "words"),
    [
        (None, "the roster file does not exist"),
        ("student_id,name\ns1,Jos\xe9\n".encode("latin-1"), "not UTF-8"),
        (b"id,name\ns1,Ada\n", "has no student_id column"),
    ],
)
def test_a_bad_roster_stops_the_run_first(
    term, capsys, tmp_path: Path, roster: bytes | None, words: str
) -> None:
    path = tmp_path / "roster.csv"
    if roster is not None:
        path.write_bytes(roster)
    code, err = _run(term, capsys, "--roster", str(path))
    assert code == 3 and words in _one_line(err) and str(path) in err


@pytest.mark.unit
def test_a_bad_extension_or_config_stops_the_run_first(term, capsys, tmp_path: Path) -> None:
    ext = tmp_path / "ext.csv"
    ext.write_text("student_id,deliverable,due\ns1,week9,2026-03-09\n", encoding="utf-8")
    code, err = _run(term, capsys, "--extensions", str(ext))
    assert code == 3 and "unknown deliverable 'week9' (known: week2)" in _one_line(err)
    ext.write_text("student,due\n", encoding="utf-8")
    code, err = _run(term, capsys, "--extensions", str(ext))
    assert code == 3 and "has no student_id column" in _one_line(err)
    text = term.config_path.read_text(encoding="utf-8")
    term.config_path.write_text(text.replace("[grading]", "[grading]\nrubrik = 'x'"), "utf-8")
    code, err = _run(term, capsys)
    assert code == 3 and "grading.rubrik" in _one_line(err) and "rubric" in err


@pytest.mark.unit
def test_grading_without_a_cohort_config_refuses_and_says_how(
    term, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = tmp_path / "no-cohort"
    alone.mkdir()
    monkeypatch.chdir(alone)
    out = alone / "out"
    code = main(["grade", str(term.submissions), "--out", str(out), "--quiet"])
    err = _one_line(capsys.readouterr().err)
    assert code == 3 and "no nbkit.toml" in err and "--config" in err
    assert not out.exists()
    code = main(["grade", str(term.submissions), "--out", str(out), "--config", "nope.toml"])
    assert code == 3 and "nope.toml" in _one_line(capsys.readouterr().err)


@pytest.mark.unit
def test_a_missing_or_empty_folder_is_nothing_to_grade(term, capsys, tmp_path: Path) -> None:
    code, err = _run(term, capsys, submissions=tmp_path / "missing")
    assert code == EXIT_NOTHING_TO_GRADE == 9 and "no such folder" in _one_line(err)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a submission", encoding="utf-8")
    code, err = _run(term, capsys, submissions=empty)
    assert code == 9 and "nothing to grade" in _one_line(err)


@pytest.mark.unit
@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_jobs_below_one_is_a_usage_error(term, capsys, jobs: str) -> None:
    with pytest.raises(SystemExit) as caught:
        _run(term, capsys, "--jobs", jobs)
    assert caught.value.code == 2
    assert not (term.root / "out").exists()
    with pytest.raises(UsageError) as api:
        grade_submissions(term.submissions, term.root / "out", jobs=0, config_path=term.config_path)
    assert api.value.exit_code == 2 and not (term.root / "out").exists()


@pytest.mark.unit
def test_the_console_command_prints_one_line_and_exits_9(term, tmp_path: Path) -> None:
    """The installed entry point, as an instructor runs it: no traceback on stderr."""
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "nbkit.cli", "grade", str(empty), "--out", str(tmp_path / "o")]
        + ["--config", str(term.config_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 9 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("nbkit grade: ") and not (tmp_path / "o").exists()
