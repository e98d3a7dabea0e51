"""nbconvert preprocessors for the submission notebook: answers in, widget state and code output out."""

from __future__ import annotations

import re
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Dict, Unicode

from ..content import Lesson, load_lesson
from . import view

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_LITERAL = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)*)["']""")
_SECTION = re.compile(r"""open_section\(\s*["']([a-z_]+)["']""")
_GOAL = re.compile(r"""goal_plan\(\s*["']([a-z_]+)["']""")
_TEXT = re.compile(r"""\.text\(\s*["']([a-z0-9_]+)["']\s*\)""")


class StripWidgetStatePreprocessor(Preprocessor):
    """Drop saved widget state and widget views: they are not the record, and not trusted."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], index: int
    ) -> tuple[Any, dict[str, Any]]:
        cell.metadata.pop("widgets", None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
        return cell, resources


class StaticAnswersPreprocessor(Preprocessor):
    """Replace each code cell's outputs with the student's answers for that cell, as static text.

    The answers a cell shows are the answer ids named in its source (`lesson.ask("needs.x")`);
    `lesson.summary()` shows the whole section; `lesson.text("block")` shows the instructor's
    text block. Every other code cell ends up with no output. Student text is escaped into the
    text/html output (never Markdown), so opening the notebook renders nothing live.
    """

    document = Dict(help="the nbkit.submission/1 document whose answers fill the cells").tag(
        config=True
    )
    text_values = Dict(help="placeholders for the instructor's text blocks").tag(config=True)
    section = Unicode("", help="section id; found from open_section(...) if empty").tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        self._lesson = load_lesson()
        if not self.section:
            sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
            found = _SECTION.search(sources)
            self.section = found.group(1) if found else ""
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], index: int
    ) -> tuple[Any, dict[str, Any]]:
        if cell.cell_type == "code":
            cell.execution_count = None
            cell.outputs = self._outputs(cell.source)
        return cell, resources

    def _outputs(self, source: str) -> list[Any]:
        block = _TEXT.search(source)
        section = self._lesson.sections.get(self.section)
        if block and section and block.group(1) in section.blocks:
            text = _fill(section.blocks[block.group(1)], self.text_values)
            return [nbformat.v4.new_output("display_data", data={"text/markdown": text})]
        items = cell_items(source, self.document, self._lesson, self.section)
        if not items:
            return []
        from .html import render_items

        plain = "\n".join(
            f"{it.label}\n  {it.text or chr(10).join(it.entries)}".replace("\n", "\n  ")
            for it in items
        )
        data = {"text/plain": plain, "text/html": render_items(items)}
        return [nbformat.v4.new_output("display_data", data=data)]


def cell_items(
    source: str, document: dict[str, Any], lesson: Lesson, section: str
) -> list[view.Item]:
    """The answers one code cell stands for (see StaticAnswersPreprocessor)."""
    values = {k: a["value"] for k, a in document.get("answers", {}).items()}
    known = {q.id: q for q in lesson.questions()}
    special = _special_items(source, document, lesson)
    if special is not None:
        return special
    if (goal := _GOAL.search(source)) is not None:
        chosen = values.get("goals.chosen") or []
        prefix = f"goals.{goal.group(1)}."
        ids = [k for k in dict.fromkeys([*known, *values]) if k.startswith(prefix)]
        ids = ids if goal.group(1) in chosen else []
    elif ".summary()" in source and section in lesson.sections:
        ids = list(lesson.sections[section].questions)
    else:
        ids = []
        for literal in _LITERAL.findall(source):
            # "goals.mentor" in a cell stands for every goals.mentor.* answer.
            # A bare section id (open_section("start")) is not a prefix here: it needs a dot.
            under = [k for k in (*known, *values) if "." in literal and k.startswith(literal + ".")]
            ids += [literal] if literal in known or literal in values else under
    out = []
    for answer_id in dict.fromkeys(ids):
        question = known.get(answer_id)
        value = values.get(answer_id)
        out.append(
            view.item(question, value) if question else view.ad_hoc(answer_id, answer_id, value)
        )
    return out


def _special_items(source: str, document: dict[str, Any], lesson: Lesson) -> list[view.Item] | None:
    """Cells that show derived results rather than one answer: the score, the tracker."""
    if ".comfort_result()" in source and "assessment" in document:
        a = document["assessment"]
        if not a["complete"]:
            return [view.Item("comfort.result", "Your result", answered=False)]
        text = f"Score {a['score']} (item mean {a['mean']}): {a['band']}"
        return [view.Item("comfort.result", "Your result", True, text)]
    if ".tracker()" in source and "tracker" in document:
        head, rows = view.tracker_table(document["tracker"], lesson)
        return [
            view.Item(f"tracker.{n}", row[0] if row else f"Contact {n}", True, "",
                      entries=tuple(f"{h}: {c}" for h, c in zip(head, row, strict=True) if c))
            for n, row in enumerate(rows, start=1)
        ]  # fmt: skip
    return None


def _fill(text: str, values: dict[str, Any]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
