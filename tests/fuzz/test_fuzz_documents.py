"""Hypothesis fuzzers (issue 10, part 7): documents close to real submissions, with any text,
any time stamp and any table cell, through read -> grade -> feedback and through
import -> status -> export. Nothing may end but in the kit's own one-line error.

CI runs a few hundred examples; NBKIT_FUZZ_EXAMPLES=10000 runs the full count (reported in
benchmarks/README or the closing note of issue 10).
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nbkit.config import load_config
from nbkit.content import load_lesson
from nbkit.errors import NbkitError
from nbkit.grade import feedback
from nbkit.grade.evaluate import grade_document
from nbkit.grade.gradebook import graded_row, to_csv
from nbkit.grade.intake import read_one, refuse_misshapen
from nbkit.grade.report import scale_results
from nbkit.grade.settings import Settings, load_settings
from nbkit.lessons.networking.simulate import config_text, make_submission, past_week1

REPO = Path(__file__).resolve().parents[2]
LESSON = REPO / "notebooks" / "networking"
EXAMPLES = int(os.environ.get("NBKIT_FUZZ_EXAMPLES", "400"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = dt.datetime.now(dt.UTC)

# Any character at all, surrogates and controls included, with the awkward ones made common.
ANY_CHAR = st.characters(codec=None, categories=None) | st.sampled_from(
    list("\x00\x1b\n\r\t\u202e\u2028<>&\"'=+-@_.") + ["\ud800", "\udfff"]
)
TEXT = st.text(ANY_CHAR, max_size=60)
STAMP = st.one_of(
    st.datetimes(timezones=st.just(dt.UTC)).map(lambda t: t.isoformat().replace("+00:00", "Z")),
    st.datetimes().map(lambda t: t.isoformat()),
    st.sampled_from(["2026-10-17T18:00:00z", "2026-10-17T18:00:00Z\n", "2026-02-31T00:00:00Z"]),
    TEXT,
)
CELL = st.one_of(TEXT, st.booleans(), st.none(), st.integers(), st.just("=1+1"))
VALUE = st.one_of(
    TEXT,
    st.lists(TEXT, max_size=4),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dictionaries(TEXT, st.integers(0, 6), max_size=3),
    st.none(),
)


@cache
def _world() -> tuple[Path, dict[str, Any]]:
    root = Path(tempfile.mkdtemp(prefix="nbkit-fuzz-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "nbkit.toml").write_text(config_text(past_week1()), encoding="utf-8")
    base = make_submission(load_config(root / "nbkit.toml"), "complete", "f001", "Fuzz Student")
    return root, base


@cache
def _settings() -> Settings:
    return load_settings(_world()[0] / "nbkit.toml", lesson_dir=LESSON)


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Mostly a value of the same shape (so most documents are accepted and go all the way
    through), sometimes anything at all."""
    if isinstance(value, str):
        same: st.SearchStrategy[Any] = TEXT
    elif isinstance(value, list):
        same = st.lists(TEXT, max_size=4)
    elif isinstance(value, dict):
        same = st.dictionaries(
            st.sampled_from(sorted(value) or ["x"]), st.integers(-1, 7), max_size=4
        )
    else:
        same = VALUE
    return st.one_of(same, same, same, VALUE)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """The simulated complete submission with a handful of parts replaced."""
    doc = copy.deepcopy(_world()[1])
    answers = sorted(doc["answers"])
    for _ in range(draw(st.integers(0, 3))):
        what = draw(st.sampled_from(["value", "stamp", "exported", "row", "profile", "view"]))
        key = draw(st.sampled_from(answers))
        if what == "value":
            doc["answers"][key]["value"] = draw(_like(doc["answers"][key]["value"]))
        elif what == "stamp":
            doc["answers"][key]["updated_at"] = draw(STAMP)
        elif what == "exported":
            doc["exported_at"] = draw(STAMP)
        elif what == "row":
            rows = doc["tables"].setdefault("tracker", [])
            row = dict(rows[0]) if rows else {}
            row[draw(st.sampled_from([*row, "extra"]) if row else "name")] = draw(CELL)
            rows.append(row)
        elif what == "profile":
            doc["profile"][draw(st.sampled_from(["name", "student_id"]))] = draw(TEXT)
        else:
            part = doc["views"]["networking"]["reflection"]
            name = draw(st.sampled_from(sorted(part)))
            part[name] = draw(_like(part[name]))
    return doc


def _write(doc: dict[str, Any], folder: Path) -> Path:
    path = folder / "submission.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ensure_ascii: surrogates as \\ud800
    return path


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, message


@FUZZ
@given(doc=documents())
def test_read_grade_feedback(doc: dict[str, Any]) -> None:
    settings_ = _settings()
    with tempfile.TemporaryDirectory() as folder:
        intake = read_one(_write(doc, Path(folder)), settings_.max_bytes, NOW)
    (intake,) = refuse_misshapen([intake], settings_.lesson)
    event("graded" if intake.valid else "refused")
    if not intake.valid:
        _one_line(intake.reason)
        return
    graded = grade_document(intake, settings_)
    row = graded_row(graded.evaluation, graded.feedback_file)
    results = scale_results(graded.scores, {}, settings_.scales)
    page = feedback.render(
        row, graded.evaluation, graded.document, settings_.lesson, results, settings_.rubric.title
    )
    page.encode("utf-8")
    assert "<script" not in page.lower()
    to_csv([row], settings_.rubric).encode("utf-8")


@FUZZ
@given(doc=documents())
def test_import_status_export(doc: dict[str, Any]) -> None:
    root = _world()[0]
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        _import_status_export(_write(doc, folder), root, folder / "ws")
    except NbkitError as exc:  # the kit's own refusal, in one line
        event("refused")
        _one_line(str(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _import_status_export(path: Path, root: Path, home: Path) -> None:
    from nbkit.export.formats import html, json_document
    from nbkit.export.tables import xlsx
    from nbkit.paths import resolve_paths
    from nbkit.status import format_status, lesson_status
    from nbkit.store import Store
    from nbkit.submission import build_submission, import_submission

    import_submission(path, workspace=home)
    event("imported")
    paths = resolve_paths(start=root, config=root / "nbkit.toml", home=home, lesson=LESSON)
    report = lesson_status(paths)
    format_status(report).encode("utf-8")
    json.dumps(report)
    lesson = load_lesson(LESSON)
    config = load_config(root / "nbkit.toml", lesson=lesson)
    with Store(home) as store:
        document = build_submission(store, config, lesson)
    for fmt in (html, json_document, xlsx):
        fmt(document, lesson, config)


@pytest.mark.parametrize("stamp", ["2026-10-17T18:00:00z", "2026-10-17T18:00:00Z\n"])
def test_the_stamps_that_crashed_are_refused(stamp: str, tmp_path: Path) -> None:
    doc = copy.deepcopy(_world()[1])
    doc["exported_at"] = stamp
    intake = read_one(_write(doc, tmp_path), 5 << 20, NOW)
    assert not intake.valid and "exported_at: must be a date-time" in intake.reason


@FUZZ
@given(items=st.lists(TEXT, max_size=5))
def test_list_answers_reach_the_deliverable_whole(items: list[str]) -> None:
    """Every list item, with whatever it holds (". ", line breaks), is one entry, uncut."""
    from nbkit.export.view import item

    question = load_lesson(LESSON).question("needs.questions")
    shown = item(question, items)
    assert list(shown.entries) == ([v for v in items if v] if shown.answered else [])
