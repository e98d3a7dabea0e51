"""The second lesson (notebooks/interview) proves the kit is a kit: it has no Python of its own,
passes `nbkit lesson check`, runs, exports and grades, and nothing of the networking lesson leaks
into anything it produces. Its notebooks also run under nbval (notebooks/ is a testpath).
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path

import nbformat
import pytest
from interview_student import (
    ANSWERS,
    CONTACT,
    LESSON_DIR,
    LESSON_ID,
    PARTIAL_ID,
    PARTIAL_POINTS,
    PRIVATE_MARKER,
    SCALE_BAND,
    SCALE_SCORE,
    STUDENT_ID,
    Run,
    run_student,
    text_files,
)

from nbkit.cli import main

# The networking lesson's own terms. Any of them in the second lesson's files or outputs means the
# core still carries that lesson's words (a template, a view, a report, a default) into a lesson
# that never uses them. Matched case-insensitively anywhere in the text. The IPIP extraversion
# items are the networking lesson's instrument; the second lesson uses the assertiveness items.
NETWORKING_TERMS = (
    "networking",
    "turing",
    "mentor",
    "tracker",
    "mix it up",
    "slack reflection",
    "slack question",
    "action step",
    "action_step",
    "introvert",
    "extrovert",
    "extravert",
    "extraversion",
    "comfort level",
    "spectrum",
    "smart goal",
    "life of the party",
    "don't talk a lot",
    "feel comfortable around people",
    "keep in the background",
    "start conversations",
    "have little to say",
    "talk to a lot of different people",
    "draw attention to myself",
    "center of attention",
    "quiet around strangers",
)
TERMS = re.compile("|".join(re.escape(t) for t in NETWORKING_TERMS), re.IGNORECASE)
KIT_CELLS = {"open", "text", "ask", "progress", "summary", "time_plan", "table", "scale_result",
             "export_button", "feedback", "nav", "wrap_up"}  # fmt: skip


def networking_terms(texts: dict[Path, str]) -> list[str]:
    return [
        f"{path.name}: {m.group(0)!r} in ...{text[max(m.start() - 40, 0) : m.end() + 40]!r}..."
        for path, text in texts.items()
        for m in TERMS.finditer(text)
    ]


# -- the lesson folder, read without a kernel ----------------------------------------------------


@pytest.mark.unit
def test_the_lesson_folder_has_no_networking_terms_and_no_python() -> None:
    files = text_files(LESSON_DIR)
    assert not [p for p in files if p.suffix == ".py"], "a lesson is data and notebooks only"
    assert networking_terms(files) == []


@pytest.mark.unit
def test_prose_is_markdown_and_every_code_cell_is_a_stamped_kit_cell() -> None:
    lesson = tomllib.loads((LESSON_DIR / "lesson.toml").read_text(encoding="utf-8"))
    assert lesson["plugins"] == []
    for section in lesson["sections"]:
        nb = nbformat.read(LESSON_DIR / section["notebook"], as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert markdown.count("#") >= 2, f"{section['notebook']}: headings are markdown"
        for cell in nb.cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            stamp = cell.metadata.get("nbkit")
            assert stamp and stamp["v"] == 1 and stamp["cell"] in KIT_CELLS, cell.source
            assert len(cell.source.splitlines()) <= 3, "a kit cell is one short call"


@pytest.mark.unit
def test_nbkit_lessons_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lessons"]) == 0
    assert LESSON_ID in capsys.readouterr().out


@pytest.mark.unit
def test_nbkit_lesson_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lesson", "check", str(LESSON_DIR)])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err


# -- a simulated student, end to end --------------------------------------------------------------


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_student(tmp_path_factory.mktemp("interview"))


def _shown_text(path: Path) -> str:
    """What an executed notebook shows: cell outputs, and the widgets' state (papermill saves
    it in the notebook's metadata), where a live widget such as the scale result keeps its text."""
    nb = nbformat.read(path, as_version=4)
    outputs = [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"]
    return json.dumps([outputs, nb.metadata.get("widgets", {})])


@pytest.mark.kernel
@pytest.mark.export
@pytest.mark.grade
@pytest.mark.slow
class TestSimulatedStudent:
    def test_the_notebooks_run_and_show_the_scale_result_from_the_answers(self, run: Run) -> None:
        assert set(run.executed) == {"00_start.ipynb", "01_prepare.ipynb", "02_debrief.ipynb"}
        shown = _shown_text(run.executed["01_prepare.ipynb"])
        assert SCALE_BAND in shown and f"{SCALE_SCORE} of 20" in shown

    def test_export_writes_html_json_and_ipynb(self, run: Run) -> None:
        assert run.export_code == 0
        stems = {p.name.split("_")[0] for p in run.exports}
        assert stems == {STUDENT_ID, PARTIAL_ID}
        assert {p.suffix for p in run.exports} >= {".html", ".json", ".ipynb"}

    def test_the_submission_carries_the_answers_and_the_table(self, run: Run) -> None:
        doc = json.loads(
            (run.root / "exports" / f"{STUDENT_ID}_{LESSON_ID}.json").read_text("utf-8")
        )
        assert doc["schema"] == "nbkit.submission/2"
        assert doc["lesson"]["id"] == LESSON_ID
        assert doc["profile"]["student_id"] == STUDENT_ID
        assert doc["answers"]["prepare.questions"]["value"] == ANSWERS["prepare.questions"]
        assert doc["answers"]["prepare.assertiveness"]["value"] == ANSWERS["prepare.assertiveness"]
        [row] = doc["tables"]["contacts"]
        assert {k: row[k] for k in ("name", "reply", "thanked")} == {
            k: CONTACT[k] for k in ("name", "reply", "thanked")
        }
        assert doc.get("views", {}) == {}, "a lesson with no plugins has no plugin views"

    def test_the_deliverable_shows_the_answers(self, run: Run) -> None:
        page = (run.root / "exports" / f"{STUDENT_ID}_{LESSON_ID}.html").read_text("utf-8")
        for text in ("Grace Hopper", ANSWERS["prepare.questions"][1], CONTACT["organisation"]):
            assert text in page

    def test_nbconvert_renders_the_exported_notebook_with_no_workspace(self, run: Run) -> None:
        # An instructor's `jupyter nbconvert --to nbkit X.ipynb`: the same exporter, in-process.
        from nbkit.export.exporter import NbkitExporter

        notebook = run.root / "exports" / f"{STUDENT_ID}_{LESSON_ID}.ipynb"
        page, _ = NbkitExporter().from_filename(str(notebook))
        assert "Grace Hopper" in page and CONTACT["organisation"] in page
        assert PRIVATE_MARKER not in page
        assert networking_terms({notebook: page}) == []

    def test_private_answers_never_leave_the_workspace(self, run: Run) -> None:
        outputs = text_files(run.root / "exports", run.graded)
        assert [p.name for p, text in outputs.items() if PRIVATE_MARKER in text] == []

    def test_a_complete_submission_gets_every_point(self, run: Run) -> None:
        assert run.grade_code == 0
        rubric = tomllib.loads((LESSON_DIR / "rubric.toml").read_text(encoding="utf-8"))
        best = {c["id"]: max(lv["points"] for lv in c["levels"]) for c in rubric["criteria"]}
        with (run.graded / "gradebook.csv").open(encoding="utf-8", newline="") as f:
            [row] = [r for r in csv.DictReader(f) if r["student_id"] == STUDENT_ID]
        assert {k: float(row[k]) for k in best} == {k: float(v) for k, v in best.items()}
        assert float(row["total"]) == sum(best.values())

    def test_an_early_leaver_gets_the_lower_levels(self, run: Run) -> None:
        with (run.graded / "gradebook.csv").open(encoding="utf-8", newline="") as f:
            [row] = [r for r in csv.DictReader(f) if r["student_id"] == PARTIAL_ID]
        assert {k: float(row[k]) for k in PARTIAL_POINTS} == PARTIAL_POINTS
        assert float(row["total"]) == sum(PARTIAL_POINTS.values())
        page = (run.graded / "feedback" / f"{PARTIAL_ID}.html").read_text("utf-8")
        assert "fill in the blank (______) with your own words" in page  # the notebook's words

    def test_feedback_and_cohort_report_exist(self, run: Run) -> None:
        assert (run.graded / "gradebook.csv").is_file()
        assert (run.graded / "cohort_report.html").is_file()
        assert list(run.graded.rglob(f"*{STUDENT_ID}*.html")), "a feedback page for the student"

    def test_no_networking_term_in_any_export_feedback_gradebook_or_report(self, run: Run) -> None:
        outputs = text_files(run.root / "exports", run.graded)
        assert outputs, "nothing to read"
        assert networking_terms(outputs) == []
