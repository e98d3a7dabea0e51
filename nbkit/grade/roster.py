"""The class list an instructor hands `nbkit grade --roster`: who is enrolled and their LMS ids.

Read before any notebook runs, so a missing file, a file that is not UTF-8 or one without a
student_id column stops the run at once with one line (exit 3), never after the grading.
Columns beyond the ones below are ignored: rosters are often an LMS export with many more.
Student ids match without regard to case, as the batch refuses ids that differ only in case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

ROSTER_COLUMNS = (
    "student_id",
    "name",
    "email",
    "sis_user_id",
    "sis_login_id",
    "section",
    "canvas_id",
)


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    canvas_id: str = ""


@dataclass(frozen=True)
class Roster:
    students: dict[str, Student] = field(default_factory=dict)  # keyed by casefolded id

    def get(self, student_id: str) -> Student | None:
        return self.students.get(student_id.casefold())

    def names(self) -> dict[str, str]:
        """student_id -> name, the shape the cohort report lists who has not handed in."""
        return {s.student_id: s.name for s in self.students.values()}

    def __len__(self) -> int:
        return len(self.students)


def read_table(path: Path, required: Sequence[str], what: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a UTF-8 CSV that has the `required` columns; a clear error if not."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, None, f"the {what} file does not exist") from None
    except IsADirectoryError:
        raise ConfigError(path, None, f"the {what} must be a CSV file, not a folder") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read the {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            path, None, f"the {what} is not UTF-8 (byte {exc.start}): save it as CSV UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(h[:30] for h in header if h) or "none"
        raise ConfigError(path, None, f"the {what} has no {missing[0]} column (columns: {found})")
    return [
        (reader.line_num, {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)})
        for row in reader
    ]


def read_roster(path: Path | str) -> Roster:
    """Every enrolled student; an empty or repeated student_id is an error naming its line."""
    path = Path(path)
    students: dict[str, Student] = {}
    for line, row in read_table(path, ("student_id",), "roster"):
        sid = row["student_id"]
        if not sid:
            if any(row.values()):
                raise ConfigError(path, f"line {line}", "student_id is empty")
            continue
        if sid.casefold() in students:
            raise ConfigError(path, f"line {line}", f"student_id {sid[:40]!r} appears twice")
        students[sid.casefold()] = Student(**{c: row.get(c, "") for c in ROSTER_COLUMNS})
    return Roster(students)
