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


def test_table_cells_that_look_like_formulas_are_defused(lesson_root, monkeypatch, fill_workspace):
    home = fill_workspace(lesson_root / ".nbkit", {"start.student_id": "s1"}, rows=0)
    from nbkit.store import Store

    with Store(home) as store:
        store.save_row("tracker", {"name": "=HYPERLINK(\"http://x\")", "company": "@SUM(1)",
                                   "thank_you_sent": True})  # fmt: skip
    monkeypatch.setenv("NBKIT_HOME", str(home))
    written = {p.suffix: p for p in export_lesson(formats=["csv", "xlsx"])}
    rows = list(csv.reader(io.StringIO(written[".csv"].read_text("utf-8-sig"))))
    assert rows[1][:2] == ['\'=HYPERLINK("http://x")', "'@SUM(1)"]
    sheet = openpyxl.load_workbook(written[".xlsx"]).active
    assert (
        sheet.cell(2, 1).value == '\'=HYPERLINK("http://x")' and sheet.cell(2, 1).data_type == "s"
    )


def test_ics_is_the_lesson_plugins_format(simulated_student):
    from nbkit.errors import ExportError

    with pytest.raises(ExportError, match="unknown format vcf"):
        export_lesson(formats=["vcf"])
    (path,) = export_lesson(formats=["networking.ics"])
    assert path.suffix == ".ics"
