"""A lesson's tables as CSV or XLSX (core formats `csv` and `xlsx`), formula-injection safe.

The writers are nbkit.tables' (a cell a spreadsheet would run as a formula gets a leading
apostrophe). XLSX holds every table of the lesson, one sheet each; CSV holds one table, so it
needs a lesson with exactly one.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..tables import neutralise, to_csv, xml_safe

if TYPE_CHECKING:
    from ..config import Config
    from ..content import Lesson, Table
    from ..submission_types import Submission


def csv(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    table = only_table(lesson)
    rows = document["tables"].get(table.id, [])
    # utf-8-sig: Excel otherwise reads UTF-8 (emoji, accents, right-to-left text) as Latin-1.
    return "csv", to_csv(rows, table.columns).encode("utf-8-sig")


def only_table(lesson: Lesson) -> Table:
    tables = list(lesson.tables.values())
    if not tables:
        raise ExportError("the lesson has no table to export as CSV")
    if len(tables) > 1:
        ids = ", ".join(t.id for t in tables)
        raise ExportError(f"the lesson has {len(tables)} tables ({ids}): export --to xlsx for all")
    return tables[0]


def xlsx(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    from openpyxl import Workbook

    if not lesson.tables:
        raise ExportError("the lesson has no table to export as XLSX")
    book = Workbook()
    book.remove(book.active)
    for table in lesson.tables.values():
        sheet = book.create_sheet(_sheet_title(table.label))
        sheet.append([xml_safe(c.label) for c in table.columns])
        for row in document["tables"].get(table.id, []):
            sheet.append([_cell(row.get(c.key), c.kind) for c in table.columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never let openpyxl guess a formula
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return "xlsx", buffer.getvalue()


def _cell(value: object, kind: str) -> object:
    if kind == "bool":
        return bool(value)
    return "" if value in (None, "") else xml_safe(neutralise(str(value)))


def _sheet_title(label: str) -> str:
    # Excel refuses these characters and more than 31 in a sheet name.
    clean = "".join(" " if ch in "\\/*?:[]" else ch for ch in label)[:31].strip()
    return clean or "Table"
