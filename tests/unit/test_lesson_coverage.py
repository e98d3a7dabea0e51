"""Nothing in the source lesson may be dropped: every sentence of the seed page is in the lesson
(its notebooks' markdown cells or its section files), word for word, or is one of the listed
adaptations (with the phrase that replaces it). And the notebooks read as the lesson with no
kernel: headings and prose are markdown cells."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from nbkit.content import load_lesson

pytestmark = pytest.mark.unit

SEED = Path(__file__).parents[1] / "data" / "seed-module1-week2-networking.md"
LESSON = Path(__file__).parents[2] / "notebooks" / "networking"
CONTENT = LESSON / "sections"

# Seed sentence (start) -> the phrase in the content that carries it in the kit.
ADAPTED = {
    "Lesson Plan": "Lesson plan",
    "Allow yourself X mins": "Allow yourself",  # minutes come from nbkit.toml
    "As you follow along, use this note-taking template": "note",  # the notes widgets
    "Provide examples/extra information": "Examples and extra information",
    "Complete the final section of the refection sheet": "reflection sheet",
    "**This is a deliverable for Mod 1.**": "This is a deliverable for Mod 1",
    "On Friday, you'll see a Slack message": "you'll see a Slack message in your cohort channel",
    "One of your deliverables by Monday of Week 6": "One of your deliverables by Monday of Week 6",
    "Take time now to set aside time": "set aside time",  # instructor from nbkit.toml
    "Reminder that you can reach out to Allison": "this request form",
    "Check out upcoming PD office hours": "PD office hours",
}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def seed_sentences() -> list[str]:
    out = []
    for line in SEED.read_text(encoding="utf-8").split("---", 2)[2].splitlines():
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links -> their text
        line = re.sub(r"<a name=\"\w+\"></a>", "", line).strip(" *#->")
        out += [s for s in re.split(r"(?<=[.?!])\s+", line) if len(norm(s)) > 20]
    return out


def markdown_cells(notebook: Path) -> list[str]:
    nb = nbformat.read(notebook, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def lesson_text() -> str:
    files = [p.read_text(encoding="utf-8") for p in CONTENT.glob("*.toml")]
    cells = [m for nb in sorted(LESSON.glob("*.ipynb")) for m in markdown_cells(nb)]
    return " ".join(files + cells)


def test_every_seed_sentence_lives_in_the_content():
    content = norm(lesson_text())
    missing = []
    for sentence in seed_sentences():
        adapted = next((v for k, v in ADAPTED.items() if sentence.startswith(k)), None)
        if norm(adapted or sentence) not in content:
            missing.append(sentence)
    assert not missing, "dropped from the lesson:\n" + "\n".join(missing)


def test_the_check_can_fail():
    assert any("lets_grab_donuts" in s for s in seed_sentences())
    assert norm("a sentence no lesson has ever contained, surely") not in norm(SEED.read_text())


def test_notebooks_read_as_the_lesson_without_a_kernel():
    """Opened with nbformat alone (GitHub, nbviewer, JupyterLab with no kernel): each section's
    headings and prose are markdown, in the order the student meets them."""
    lesson = load_lesson(LESSON)
    for section in lesson.ordered():
        markdown = "\n".join(markdown_cells(LESSON / section.notebook))
        headings = [line for line in markdown.splitlines() if line.startswith("#")]
        assert len(headings) >= 2, section.notebook
        assert len(norm(markdown)) > 500, section.notebook
    start = "\n".join(markdown_cells(LESSON / "00_start_here.ipynb"))
    assert start.lstrip().startswith("Run each cell") and "# Introduction to Networking" in start
    assert "### Learning goals" in start and "| 2 | `02_comfort_level` |" in start
    comfort = "\n".join(markdown_cells(LESSON / "02_comfort_level.ipynb"))
    assert "An answer\nof *x* counts as **6 - x**" in comfort or "counts as **6 - x**" in comfort
    assert "{" not in comfort  # a placeholder would show unfilled: it belongs in a text block


def test_only_blocks_with_placeholders_stay_in_the_section_files():
    lesson = load_lesson(LESSON)
    for section in lesson.ordered():
        for name, block in section.blocks.items():
            fallback = name.endswith("_missing") and name.removesuffix("_missing") in section.blocks
            assert fallback or re.search(r"\{\w+\}", block), f"{section.id}.{name}"


def test_every_kit_cell_is_stamped_and_every_question_is_asked():
    lesson = load_lesson(LESSON)
    shown: set[str] = set()
    for section in lesson.ordered():
        nb = nbformat.read(LESSON / section.notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            meta = cell.metadata["nbkit"]
            assert meta["v"] == 1 and isinstance(meta["args"], dict), cell.source
            assert cell.source.count("\n") <= 2, cell.source  # one short call
            shown |= set(meta["answers"])
            if meta["cell"] != "open":
                assert cell.metadata["jupyter"]["source_hidden"] is True  # collapsed as before
    assert {q.id for q in lesson.questions()} <= shown
