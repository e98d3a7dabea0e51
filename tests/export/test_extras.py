"""On request: the .ics calendar and the tracker CSV/XLSX, through the lesson's own writers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from nbkit.export.api import export_lesson

pytestmark = pytest.mark.export


def test_ics_csv_xlsx(simulated_student):
    written = {p.suffix: p for p in export_lesson(formats=["ics", "csv", "xlsx"])}
    ics = written[".ics"].read_text("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") >= 2
    rows = list(csv.reader(io.StringIO(written[".csv"].read_text("utf-8-sig"))))
    assert len(rows) == 3 and rows[1][0] == "Person 0 <b>bold</b>"
    sheet = openpyxl.load_workbook(written[".xlsx"]).active
    assert sheet.max_row == 3 and sheet.cell(2, 1).value == "Person 0 <b>bold</b>"
