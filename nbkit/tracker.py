"""The networking tracker's rows: columns, cleaning, checks, and CSV / XLSX files.

Column keys are fixed by docs/data-contract.md (FIELDS); their labels and options come from
nbkit/content/tracker.toml. A spreadsheet opens a cell starting with = + - @ (or a tab / carriage
return) as a formula, so every such text cell is written with a leading apostrophe (OWASP "CSV
injection") and the readers take it off again, which keeps the round trip exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content import Option, Section
from .errors import NbkitError

FIELDS = (
    "name",
    "company",
    "role",
    "goal",
    "how_met",
    "channel",
    "date_contacted",
    "time_options",
    "response_status",
    "meeting_date",
    "format",
    "questions",
    "notes",
    "takeaway",
    "follow_up",
    "follow_up_due",
    "thank_you_sent",
    "status",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 10_000
HELD = ("met", "thanked", "follow_up_done")  # statuses that mean the conversation happened
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TrackerError(NbkitError):
    """A tracker file cannot be read back."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # short | long | single | date | bool
    options: tuple[Option, ...] = ()
    required: bool = False

    def label_of(self, value: Any) -> str:
        return next((o.label for o in self.options if o.value == value), str(value or ""))


def columns(section: Section) -> list[Column]:
    """The tracker's columns from its content file, checked against the data contract."""
    out = [
        Column(c.key, c.label, c.kind, c.options, c.required)
        for table in section.tables.values()
        for c in table.columns
    ]
    if tuple(c.key for c in out) != FIELDS:
        raise NbkitError(
            "tracker.toml [[columns]] must list exactly the data contract's fields, in order"
        )
    return out


def clean_row(data: Mapping[str, Any], cols: Iterable[Column]) -> dict[str, Any]:
    """Every column present; text stripped of characters a spreadsheet cannot hold; booleans bool."""
    row: dict[str, Any] = {}
    for col in cols:
        value = data.get(col.key)
        if col.kind == "bool":
            row[col.key] = value is True or str(value).strip().lower() in ("true", "yes", "1", "y")
        elif value is None or value == "":
            row[col.key] = None
        else:
            row[col.key] = _ILLEGAL.sub("", str(value)).strip() or None
    return row


def row_problems(row: Mapping[str, Any], cols: Iterable[Column]) -> list[str]:
    """What is wrong with a cleaned row, in words; an empty list means it can be saved."""
    out = []
    for col in cols:
        value = row.get(col.key)
        if col.required and not value:
            out.append(f"{col.label} is required.")
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            out.append(
                f"{col.label} is too long ({len(value):,} characters; at most {MAX_CELL_CHARS:,})."
            )
        if col.kind == "single" and value and value not in {o.value for o in col.options}:
            out.append(f"{col.label}: '{value}' is not one of the options.")
        if col.kind == "date" and value and not _is_date(value):
            out.append(f"{col.label}: '{value}' is not a date like 2026-12-01.")
    first, due = row.get("date_contacted"), row.get("follow_up_due")
    if _is_date(first) and _is_date(due) and str(due) < str(first):  # ISO dates sort as text
        out.append("Follow-up due is before the date you contacted them.")
    return out


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def conversations_held(rows: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in rows if r.get("status") in HELD)


# -- files --------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _restore(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _cells(row: Mapping[str, Any], cols: list[Column]) -> list[Any]:
    out: list[Any] = []
    for col in cols:
        value = row.get(col.key)
        if col.kind == "bool":
            out.append(bool(value))
        else:
            out.append(neutralise(str(value)) if value not in (None, "") else "")
    return out


def to_csv(rows: Iterable[Mapping[str, Any]], cols: list[Column]) -> str:
    """CSV text: a header of column labels, booleans as yes/no, formula-looking cells defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in cols])
    for row in rows:
        writer.writerow(
            ["yes" if v is True else "no" if v is False else v for v in _cells(row, cols)]
        )
    return buffer.getvalue()


def from_csv(text: str, cols: list[Column]) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    keys = _header_keys(header, cols)
    return [
        clean_row({k: _restore(v) for k, v in zip(keys, record, strict=False)}, cols)
        for record in reader
    ]


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], cols: list[Column]) -> Path:
    # utf-8-sig: Excel otherwise reads UTF-8 (emoji, accents, right-to-left text) as Latin-1.
    path.write_text(to_csv(rows, cols), encoding="utf-8-sig", newline="")
    return path


def write_xlsx(path: Path, rows: Iterable[Mapping[str, Any]], cols: list[Column]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Networking tracker"
    sheet.append([c.label for c in cols])
    for row in rows:
        sheet.append(_cells(row, cols))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl guess a formula
    sheet.freeze_panes = "A2"
    book.save(path)
    return path


def read_xlsx(path: Path, cols: list[Column]) -> list[dict[str, Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:
        raise TrackerError(f"cannot read {path.name} as a spreadsheet: {exc}") from None
    records = list(book.active.iter_rows(values_only=True))
    book.close()
    keys = _header_keys(records[0] if records else None, cols)
    return [
        clean_row(
            {
                k: _restore(v) if isinstance(v, str) else v
                for k, v in zip(keys, record, strict=False)
            },
            cols,
        )
        for record in records[1:]
    ]


def _header_keys(header: Any, cols: list[Column]) -> list[str]:
    """Header cells may be the labels (as written) or the keys (the data contract)."""
    by_name = {c.key: c.key for c in cols} | {c.label: c.key for c in cols}
    names = [str(h).strip() if h is not None else "" for h in (header or [])]
    if names and all(n in by_name for n in names if n):
        return [by_name.get(n, "") for n in names]
    raise TrackerError("the first row must name the tracker's columns (name, company, ...)")
    return []
