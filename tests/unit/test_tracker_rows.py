"""Table rows (core nbkit.tables) on the networking tracker: checks, and CSV / XLSX round trips
that defuse spreadsheet formulas; the tracker's own check lives in its plugin."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nbkit.content import load_lesson
from nbkit.lessons.networking.tracker import FIELDS, conversations_held, tracker_problems
from nbkit.tables import (
    TableFileError,
    clean_row,
    from_csv,
    neutralise,
    read_xlsx,
    row_problems,
    to_csv,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def cols():
    return list(load_lesson().tables["tracker"].columns)


def rows(cols):
    tricky = {
        "name": '=HYPERLINK("http://evil","x")',
        "company": "+1 Acme; -minus @at",
        "role": "مهندسة برمجيات 👩‍💻",
        "goal": "mentor",
        "notes": 'line one\nline two, with "quotes"\ttab',
        "takeaway": "-looks like a formula",
        "date_contacted": "2026-12-01",
        "follow_up_due": "2026-12-05",
        "thank_you_sent": True,
        "status": "met",
        "questions": "<script>alert(1)</script>",
    }
    plain = {"name": "Sam Lee", "status": "identified", "thank_you_sent": False}
    return [clean_row(tricky, cols), clean_row(plain, cols)]


def test_columns_follow_the_data_contract(cols):
    assert tuple(c.key for c in cols) == FIELDS


def test_row_problems(cols):
    assert row_problems(rows(cols)[0], cols) == []
    bad = clean_row(
        {
            "status": "done",
            "meeting_date": "tomorrow",
            "date_contacted": "2026-12-05",
            "follow_up_due": "2026-12-01",
        },
        cols,
    )
    found = row_problems(bad, cols)
    assert "Name is required." in found
    assert any("Status" in p for p in found) and any("Meeting date" in p for p in found)
    assert not any("before the date you contacted" in p for p in found)  # not a core rule
    assert tracker_problems(bad) == ["Follow-up due is before the date you contacted them."]
    assert tracker_problems(rows(cols)[0]) == []
    assert row_problems(clean_row({"name": "x" * 10_001}, cols), cols)


def test_neutralise():
    assert [neutralise(t) for t in ("=1+1", "+1", "-1", "@x", "\tx", "ok")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "ok",
    ]


def test_csv_round_trip_and_no_live_formula(cols, tmp_path: Path):
    original = rows(cols)
    text = to_csv(original, cols)
    cells = [c for record in csv.reader(io.StringIO(text)) for c in record]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert from_csv(text, cols) == original
    path = write_csv(tmp_path / "t.csv", original, cols)
    assert from_csv(path.read_text(encoding="utf-8-sig"), cols) == original


def test_xlsx_round_trip_and_no_formula_cells(cols, tmp_path: Path):
    original = rows(cols)
    path = write_xlsx(tmp_path / "t.xlsx", original, cols)
    sheet = load_workbook(path).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert read_xlsx(path, cols) == original


def test_unreadable_files_get_a_clear_message(cols, tmp_path: Path):
    with pytest.raises(TableFileError, match="first row"):
        from_csv("just,some,words\n", cols)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TableFileError, match="cannot read"):
        read_xlsx(broken, cols)


def test_conversations_held_counts_met_thanked_and_followed_up():
    statuses = ["identified", "met", "thanked", "follow_up_done", "closed", None]
    assert conversations_held([{"status": s} for s in statuses]) == 3
