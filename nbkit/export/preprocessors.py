"""nbconvert preprocessors for the submission notebook: answers in, widget state and code output out.

What a code cell shows is decided by its `metadata.nbkit` stamp alone (docs/kit-shape.md
section 5: `{"v": 1, "cell": kind, "answers": [ids], "args": {...}}`), never by its source, so an
instructor can reword or reformat a cell and the export stays the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Any as AnyTrait
from traitlets import Dict

from ..content import Lesson
from ..placeholders import block_names, block_text
from . import view

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Cells that show nothing in the submission: they act (open the workspace, export) or show
# numbers computed again from the answers elsewhere on the page.
SILENT = ("open", "progress", "time_plan", "export_button")


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
    """Replace each code cell's outputs with what its `metadata.nbkit` stamp stands for, as
    static text: the named answers (`ask`, `summary`, plugin cells), a table's rows (`table`), a
    scale's result (`scale_result`), the author's text block (`text`). Every other code cell ends
    up with no output. Student text is escaped into text/html (never Markdown)."""

    document = Dict(help="the nbkit.submission/2 document whose answers fill the cells").tag(
        config=True
    )
    lesson = AnyTrait(None, allow_none=True, help="the nbkit.content.Lesson the notebook is from")
    text_values = Dict(help="placeholders for the author's text blocks").tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        self._section = ""
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], index: int
    ) -> tuple[Any, dict[str, Any]]:
        if cell.cell_type == "code":
            stamp = stamp_of(cell)
            if stamp.get("cell") == "open":
                self._section = str(stamp.get("args", {}).get("section", ""))
            cell.execution_count = None
            cell.outputs = self._outputs(stamp)
        return cell, resources

    def _outputs(self, stamp: Mapping[str, Any]) -> list[Any]:
        lesson: Lesson | None = self.lesson
        if lesson is None or not stamp:
            return []
        # The author's text: a `text` cell's blocks, or the block another cell shows above itself.
        args = stamp.get("args", {})
        names = text_blocks(args) if stamp.get("cell") == "text" else block_names(args.get("text"))
        shown = _text_output(lesson, self._section, names, self.text_values)
        items = [] if stamp.get("cell") in SILENT else cell_items(stamp, self.document, lesson)
        if not items:
            return shown
        from .html import render_items

        plain = "\n".join(
            f"{it.label}\n  {it.text or chr(10).join(it.entries)}".replace("\n", "\n  ")
            for it in items
        )
        data = {"text/plain": plain, "text/html": render_items(items)}
        return [nbformat.v4.new_output("display_data", data=data)]


def stamp_of(cell: Any) -> dict[str, Any]:
    """A cell's metadata.nbkit stamp (version 1), or {} for a cell the kit did not stamp."""
    stamp = cell.get("metadata", {}).get("nbkit")
    return dict(stamp) if isinstance(stamp, Mapping) and stamp.get("v") == 1 else {}


def text_blocks(args: Mapping[str, Any]) -> list[str]:
    """The text blocks a `text` cell shows: `block` (one) or `blocks` (several)."""
    return block_names(args.get("blocks", args.get("block")))


def _text_output(
    lesson: Lesson, section_id: str, names: list[str], values: Mapping[str, Any]
) -> list[Any]:
    section = lesson.sections.get(section_id)
    known = [n for n in names if section is not None and n in section.blocks]
    if section is None or not known:
        return []
    text = block_text(section.blocks, known, values)
    return [nbformat.v4.new_output("display_data", data={"text/markdown": text})]


def cell_items(
    stamp: Mapping[str, Any], document: Mapping[str, Any], lesson: Lesson
) -> list[view.Item]:
    """The answers one stamped cell stands for; private answers are never shown."""
    values = {k: a["value"] for k, a in document.get("answers", {}).items()}
    args = stamp.get("args", {})
    if stamp.get("cell") == "table":
        return _table_items(str(args.get("table", "")), document, lesson)
    if stamp.get("cell") == "scale_result":
        return _scale_items(str(args.get("question", "")), values, lesson)
    out = []
    for answer_id in dict.fromkeys(str(a) for a in stamp.get("answers", [])):
        if lesson.is_private(answer_id):
            continue
        try:
            out.append(view.item(lesson.question(answer_id), values.get(answer_id)))
        except KeyError:
            out.append(view.ad_hoc(answer_id, answer_id, values.get(answer_id)))
    return out


def _table_items(table_id: str, document: Mapping[str, Any], lesson: Lesson) -> list[view.Item]:
    table = lesson.tables.get(table_id)
    if table is None:
        return []
    shown = view.table_view(table, document.get("tables", {}).get(table_id, []))
    if not shown.rows:
        return [view.Item(f"{table_id}.rows", table.label, answered=False)]
    return [
        view.Item(f"{table_id}.{n}", row[0] or f"{table.label} {n}", True, "",
                  entries=tuple(f"{h}: {c}" for h, c in zip(shown.head, row, strict=True) if c))
        for n, row in enumerate(shown.rows, start=1)
    ]  # fmt: skip


def _scale_items(question_id: str, values: Mapping[str, Any], lesson: Lesson) -> list[view.Item]:
    from ..assess import result_text, score_question

    try:
        question = lesson.question(question_id)
    except KeyError:
        return []
    result = score_question(question, values.get(question_id))
    item_id = f"{question_id}.result"
    if not result.complete:
        return [view.Item(item_id, "Your result", answered=False)]
    return [view.Item(item_id, "Your result", True, result_text(result))]
