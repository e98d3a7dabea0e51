"""The simulated student's workspace exports HTML, JSON and .ipynb that hold every answer."""

from __future__ import annotations

import html
import json
import unicodedata
from pathlib import Path

import nbformat
import pytest

from nbkit.assess import result_text, score_question
from nbkit.content import Column, Table, load_lesson
from nbkit.errors import ExportError, WorkspaceExists
from nbkit.export.api import export_lesson
from nbkit.export.names import export_stem, safe_stem
from nbkit.export.pdf import find_chromium
from nbkit.export.view import table_view
from nbkit.submission import read_submission

pytestmark = pytest.mark.export
FORMATS = ["html", "json", "ipynb"]
LESSON_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "networking"
PRIVATE = "needs.notes_"


def _has_chromium() -> bool:
    try:
        find_chromium()
    except ExportError:
        return False
    return True


def _by_suffix(paths: list[Path]) -> dict[str, Path]:
    return {p.suffix.lstrip("."): p for p in paths}


def test_full_export_holds_every_answer(
    simulated_student, lesson_root, html_text, answer_texts, student_answers
):
    written = _by_suffix(export_lesson(formats=FORMATS))
    assert set(written) == set(FORMATS)
    assert all(p.parent == lesson_root / "exports" for p in written.values())
    document = read_submission(written["json"])  # validates against the shipped schema
    assert document["schema"] == "nbkit.submission/2"
    assert set(document["answers"]) == {k for k in student_answers if not k.startswith(PRIVATE)}
    page = html_text(written["html"].read_text(encoding="utf-8"))
    missing = [t for t in answer_texts(document) if t not in page]
    assert not missing, missing[:3]
    for row in document["tables"]["tracker"]:
        assert row["name"] in page and row["notes"].splitlines()[0] in page
    assert "Not answered yet" not in page
    assert "data:image/svg+xml;base64," in written["html"].read_text(encoding="utf-8")
    assert [e["kind"] for e in document["events"]] == ["take", "take"]
    assert document["views"]["networking"]["assessment"]["takes"][-1]["score"] == 36


def test_private_answers_are_in_no_export(simulated_student, lesson_root):
    """lesson.toml's `private` globs (needs.notes_*): the student keeps them, nothing exports them."""
    written = export_lesson(formats=[*FORMATS, "csv", "xlsx", "ics"])
    assert len(written) == 6
    for path in written:
        raw = path.read_bytes()
        assert b"Answer to needs.notes_" not in raw, path.name
        if path.suffix in (".json", ".html"):  # the .ipynb keeps the lesson's own cells
            assert PRIVATE.encode() not in raw, path.name


def test_the_page_follows_the_lesson_order_and_puts_the_goal_first(simulated_student, html_text):
    (path,) = export_lesson(formats=["html"])
    markup = path.read_text(encoding="utf-8")
    lesson = load_lesson(LESSON_DIR)
    headings = [f"<h2>{html.escape(s.title)}</h2>" for s in lesson.ordered() if s.id != "start"]
    positions = [markup.index(h) for h in headings]
    assert positions == sorted(positions)
    assert markup.index("<h2>Your networking goal</h2>") < markup.index("<h2>Student</h2>")


def test_ipynb_opens_and_carries_the_json(simulated_student, html_text):
    written = _by_suffix(export_lesson(formats=["json", "ipynb"]))
    nb = nbformat.read(written["ipynb"], as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.nbkit.submission == json.loads(written["json"].read_text(encoding="utf-8"))
    assert "widgets" not in nb.metadata
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs, "answers should be rendered into ordinary outputs"
    for output in outputs:
        assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})
    shown = "".join(html_text(o.data.get("text/html", "")) for o in outputs)
    assert nb.metadata.nbkit.submission["answers"]["start.name"]["value"] in shown


def test_partial_workspace_marks_unanswered(lesson_root, monkeypatch, fill_workspace, html_text):
    home = fill_workspace(lesson_root / ".nbkit", {"start.name": "Grace Hopper"}, rows=0)
    monkeypatch.setenv("NBKIT_HOME", str(home))
    written = _by_suffix(export_lesson(formats=["html", "json"]))
    page = html_text(written["html"].read_text(encoding="utf-8"))
    assert "Grace Hopper" in page
    assert page.count("Not answered yet") >= 4
    assert written["html"].name == "student_module1-week2-networking.html"
    assessment = read_submission(written["json"])["views"]["networking"]["assessment"]
    assert assessment["complete"] is False


def test_earlier_export_is_never_silently_replaced(simulated_student, lesson_root):
    first = _by_suffix(export_lesson(formats=["html", "json"]))
    first["json"].write_text("earlier", encoding="utf-8")
    with pytest.raises(WorkspaceExists, match="--force"):
        export_lesson(formats=["json", "ipynb"])
    assert first["json"].read_text(encoding="utf-8") == "earlier"
    assert not any(lesson_root.glob("exports/*.ipynb")), "refusal must write nothing"
    again = _by_suffix(export_lesson(formats=["json"], overwrite=True))
    assert read_submission(again["json"])["schema"] == "nbkit.submission/2"


@pytest.mark.parametrize(
    ("student_id", "stem"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("..", "student"),
        ("", "student"),
        ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
        ("ada.lovelace", "ada-lovelace"),
        ("<script>x</script>", "script-x-script"),
        ("x" * 300, "x" * 64),
        ("\u00e9l\u00e8ve 42", "l-ve-42"),
    ],
)
def test_safe_stem(student_id, stem):
    assert safe_stem(student_id) == stem


def test_export_stem_stays_in_the_folder(tmp_path):
    stem = export_stem("../../../x", "../lesson")
    assert (tmp_path / f"{stem}.html").resolve().parent == tmp_path.resolve()


def test_bad_requests_are_one_line_errors(simulated_student, tmp_path):
    with pytest.raises(ExportError, match="unknown format docx; choose from html, .*, ics"):
        export_lesson(formats=["docx"])
    with pytest.raises(ExportError, match="no workspace"):
        export_lesson(workspace=tmp_path / "nowhere", formats=["html"])


# -- an instructor reads it in a minute (issue 12, part 4) ------------------------------------


def _first_page_and_root(pdf: Path) -> tuple[str, dict]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    # NFKC: the PDF's fonts set "fl" as one ligature glyph.
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    return text, reader.trailer["/Root"]


def _struct_kinds(node, seen: set[str], depth: int = 0) -> set[str]:
    """Every structure type (/S) in the PDF's tag tree, with whether a /Figure has /Alt."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _struct_kinds(child, seen, depth + 1)
        return seen
    if not hasattr(node, "get") or depth > 60:
        return seen
    if "/S" in node:
        seen.add(str(node["/S"]))
        if node["/S"] == "/Figure" and node.get("/Alt"):
            seen.add("/Figure+Alt")
    if "/K" in node:
        _struct_kinds(node["/K"], seen, depth + 1)
    return seen


@pytest.mark.skipif(not _has_chromium(), reason="needs Chromium (Debian package chromium)")
def test_the_pdf_is_tagged_and_its_first_page_holds_the_goal_and_plan(simulated_student):
    (pdf,) = export_lesson(formats=["pdf"])
    first, root = _first_page_and_root(pdf)
    for needle in ("Your networking goal", "Contact mentor", "At a glance"):
        assert needle in first, needle
    assert "Answer to reflection.smart_goal." in first
    assert "Progress:" not in first, "the rest starts on a new page"
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF
    kinds = _struct_kinds(root["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/P", "/Figure+Alt"} <= kinds, kinds
    assert {"/Table", "/L"} & kinds, kinds


def test_wide_tables_become_one_card_per_row(simulated_student, html_text):
    (path,) = export_lesson(formats=["html"])
    markup = path.read_text(encoding="utf-8")
    assert 'class="rows"' not in markup, "an 18-column grid does not fit a page"
    assert markup.count('<div class="card">') == 2  # the two tracker rows
    assert "<h4>Person 0 &lt;b&gt;bold&lt;/b&gt;</h4>" in markup, "a card is headed by its name"
    assert "<dt>Company</dt>" in markup


def test_a_narrow_table_stays_a_grid():
    table = Table("t", "T", "s", tuple(Column(k, k.title(), "short") for k in "abc"))
    view = table_view(table, [{"a": "1", "b": "", "c": "3"}])
    assert not view.cards and view.head == ["A", "C"] and view.rows == [["1", "3"]]
    wide = table_view(
        Table("w", "W", "s", tuple(Column(k, k.upper(), "short") for k in "abcdefg")),
        [dict.fromkeys("abcdefg", "x") | {"b": ""}],
    )
    assert wide.cards and wide.card(wide.rows[0]) == [(k, "x") for k in "CDEFG"]


def test_the_page_shows_a_scales_score_and_band(simulated_student, html_text):
    (path,) = export_lesson(formats=["html"])
    page = html_text(path.read_text(encoding="utf-8"))
    lesson = load_lesson(LESSON_DIR)
    question = lesson.question("comfort.ipip")
    document = read_submission(export_lesson(formats=["json"])[0])
    reading = result_text(score_question(question, document["answers"]["comfort.ipip"]["value"]))
    assert reading.startswith("Your score: ") and "Where you are right now: " in reading
    assert reading in page


INTERVIEW = Path(__file__).resolve().parents[2] / "notebooks" / "interview"


def test_the_interview_deliverable_leads_with_its_outcome_and_keeps_private_notes(tmp_path):
    from nbkit.export.api import load_sources
    from nbkit.export.html import render_deliverable
    from nbkit.store import Store

    answers = {
        "start.name": "Grace Hopper",
        "start.student_id": "gh-1",
        "prepare.assertiveness": {"A1": 4, "A2": 4, "A3": 3, "A4": 2},
        "debrief.held": "held",
        "debrief.learned": "Teams hire for curiosity first.",
        "debrief.next_step": "Ask Lee for an intro by Friday.",
        "debrief.private_notes": "SECRET-NOTE about my nerves",
    }
    home = tmp_path / "home"
    with Store(home) as store:
        for answer_id, value in answers.items():
            store.save(answer_id, value)
    sources = load_sources(workspace=home, start=INTERVIEW)
    markup = render_deliverable(sources.document, sources.lesson)
    assert "SECRET-NOTE" not in markup and "debrief.private" not in markup
    top = markup.index("<h2>At a glance</h2>")
    assert top < markup.index("<h2>Student</h2>") < markup.index("<h2>Prepare</h2>")
    glance = markup[top : markup.index("<h2>Student</h2>")]
    assert "Teams hire for curiosity first." in glance and "Ask Lee for an intro" in glance
    assert markup.count("Teams hire for curiosity first.") == 1, "shown once, at the top"
    assert "Your score: 15 of 20" in html.unescape(markup)
