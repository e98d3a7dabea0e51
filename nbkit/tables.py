"""Rows of a lesson's table (repeatable rows with typed columns): cleaning, checks, CSV / XLSX.

Columns are declared by the lesson (`[[tables]]` in a section file, `Lesson.tables`). A
spreadsheet opens a cell starting with = + - @ (or a tab / carriage return) as a formula, so every
such text cell is written with a leading apostrophe (OWASP "CSV injection") and the readers take it
off again, which keeps the round trip exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from .errors import NbkitError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 10_000
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TableFileError(NbkitError):
    """A table file cannot be read back."""


class OptionLike(Protocol):
    @property
    def value(self) -> str: ...
    @property
    def label(self) -> str: ...


class ColumnLike(Protocol):
    """What the table code needs of a declared column (nbkit.content's column type)."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...  # short | long | single | date | bool
    @property
    def options(self) -> Sequence[OptionLike]: ...
    @property
    def required(self) -> bool: ...


def label_of(col: ColumnLike, value: Any) -> str:
    """A cell as a person reads it: an option's label, yes/no, or the text."""
    if col.kind == "bool":
        return "yes" if value else "no"
    return next((o.label for o in col.options if o.value == value), str(value or ""))


def clean_row(data: Mapping[str, Any], cols: Iterable[ColumnLike]) -> dict[str, Any]:
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


def row_problems(row: Mapping[str, Any], cols: Iterable[ColumnLike]) -> list[str]:
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
        if col.kind == "date" and value and not is_date(value):
            out.append(f"{col.label}: '{value}' is not a date like 2026-12-01.")
    return out


def is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


# -- files --------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def xml_safe(text: str) -> str:
    """A text cell XLSX can hold: characters XML 1.0 forbids (control codes a student pasted)
    become visible escapes such as \\x1b, so the sheet opens and nothing typed is dropped."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _restore(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _cells(row: Mapping[str, Any], cols: Sequence[ColumnLike]) -> list[Any]:
    out: list[Any] = []
    for col in cols:
        value = row.get(col.key)
        if col.kind == "bool":
            out.append(bool(value))
        else:
            out.append(neutralise(str(value)) if value not in (None, "") else "")
    return out


def to_csv(rows: Iterable[Mapping[str, Any]], cols: Sequence[ColumnLike]) -> str:
    """CSV text: a header of column labels, booleans as yes/no, formula-looking cells defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in cols])
    for row in rows:
        writer.writerow(
            ["yes" if v is True else "no" if v is False else v for v in _cells(row, cols)]
        )
    return buffer.getvalue()


def from_csv(text: str, cols: Sequence[ColumnLike]) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    keys = _header_keys(header, cols)
    return [
        clean_row({k: _restore(v) for k, v in zip(keys, record, strict=False)}, cols)
        for record in reader
    ]


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], cols: Sequence[ColumnLike]) -> Path:
    # utf-8-sig: Excel otherwise reads UTF-8 (emoji, accents, right-to-left text) as Latin-1.
    path.write_text(to_csv(rows, cols), encoding="utf-8-sig", newline="")
    return path


def write_xlsx(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    cols: Sequence[ColumnLike],
    title: str = "Table",
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", " ", title)[:31] or "Table"  # Excel's sheet-name rules
    sheet.append([c.label for c in cols])
    for row in rows:
        sheet.append([xml_safe(c) if isinstance(c, str) else c for c in _cells(row, cols)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl guess a formula
    sheet.freeze_panes = "A2"
    book.save(path)
    return path


def read_xlsx(path: Path, cols: Sequence[ColumnLike]) -> list[dict[str, Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:
        raise TableFileError(f"cannot read {path.name} as a spreadsheet: {exc}") from None
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


def _header_keys(header: Any, cols: Sequence[ColumnLike]) -> list[str]:
    """Header cells may be the labels (as written) or the keys."""
    by_name = {c.key: c.key for c in cols} | {c.label: c.key for c in cols}
    names = [str(h).strip() if h is not None else "" for h in (header or [])]
    if names and all(n in by_name for n in names if n):
        return [by_name.get(n, "") for n in names]
    raise TableFileError("the first row must name the table's columns (its labels or keys)")
