"""Find submissions in a folder and accept or refuse each one, as data, with a reason.

Nothing here executes, imports or renders anything from a submission, and nothing in the
submissions folder is written. Refusals are per file: one bad file never stops the batch.
Every pattern applied to a file's text runs in time linear in the text (RE2, nbkit.linear),
and `read_all` reads files in worker processes with a time and memory budget per file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import linear
from ..errors import NbkitError, SubmissionError
from ..inbox import sender_problem
from ..submission import from_notebook, loads, parse, shape_problems
from .budget import Budget, map_budgeted
from .checks import parse_stamp

if TYPE_CHECKING:
    from ..content import Lesson

SUFFIXES = (".json", ".ipynb")
# Student ids name the feedback files: keep them to characters that are safe in any path.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
CLOCK_SKEW = dt.timedelta(minutes=10)
# Active markup: what a browser would run or load. Refused so nobody downstream has to trust
# their escaping. Ordinary tag names are NOT refused: bootcamp students legitimately write
# "I learned how <div> and <a> tags nest"; that text is graded and shown escaped.
# Matched with RE2: with Python's re, `<[^>]*\bon` took time quadratic in a text full of "<".
MARKUP = (
    r"<\s*/?\s*(script|iframe|object|embed|svg|math|style|link|meta|base|frame|frameset|template)\b"
    r"|<[^>]*\bon[a-z]+\s*="  # an event-handler attribute inside a tag
    r"|<[^>]*\b(href|src|action|formaction)\s*=\s*[\"']?\s*(javascript|data|vbscript):"
    r"|\]\(\s*(javascript|data|vbscript):"  # a Markdown link or image with a script URL
)
# Characters that move the cursor, clear a terminal or reorder text when a name is printed.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown(text: str, limit: int = 200) -> str:
    """Text from a file (its name, a value quoted in a reason) safe to print in a terminal or
    write to a CSV: control, bidi and unpaired surrogate characters become visible escapes."""
    out = []
    for ch in text[:limit]:
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out) + ("..." if len(text) > limit else "")


def has_controls(text: str) -> bool:
    return shown(text, len(text)) != text


@dataclass(frozen=True)
class Intake:
    path: Path
    digest: str
    document: dict[str, Any] | None = None
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.document is not None and not self.reason

    @property
    def student_id(self) -> str:
        """The profile's id when it is safe to show and to use in a file name, else ''."""
        doc = self.document or {}
        sid = str(doc.get("profile", {}).get("student_id", ""))
        return sid if SAFE_ID.match(sid) and ".." not in sid else ""

    @property
    def name(self) -> str:
        return str((self.document or {}).get("profile", {}).get("name", "")) if self.valid else ""

    def refuse(self, reason: str) -> Intake:
        return replace(self, reason=reason)


def find_submissions(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise NbkitError(f"{folder} is not a folder of submissions")
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )


def digest_of(path: Path, max_bytes: int) -> str:
    stat = path.lstat()
    if stat.st_size > max_bytes or not path.is_file():
        return f"stat:{stat.st_size}:{stat.st_mtime_ns}"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_one(path: Path, max_bytes: int, now: dt.datetime) -> Intake:
    """Accept or refuse one file; never raises for a bad file (the file is read once)."""
    if path.is_symlink() or not path.is_file():
        return Intake(path, "", reason="not a regular file (links are refused)")
    size = path.stat().st_size
    if size > max_bytes:
        intake = Intake(path, digest_of(path, max_bytes))
        return intake.refuse(f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Intake(path, "", reason=f"cannot read: {exc.strerror or exc}")
    intake = Intake(path, hashlib.sha256(raw).hexdigest())
    if has_controls(path.name):
        return intake.refuse("file name has control characters")
    try:
        document: dict[str, Any] = dict(_document(raw, path.suffix.lower() == ".ipynb"))
    except SubmissionError as exc:
        return intake.refuse(str(exc))
    intake = replace(intake, document=document)
    return intake.refuse(_problem(intake, document, now))


def _document(raw: bytes, notebook: bool) -> Any:
    data = loads(raw)
    if notebook:
        # Only `submission` is read; anything else an export never writes there is refused
        # rather than silently carried.
        meta = data.get("metadata", {}).get("nbkit") if isinstance(data, dict) else None
        extra = sorted(map(str, set(meta) - {"submission"})) if isinstance(meta, dict) else []
        if extra:
            raise SubmissionError(f"unexpected metadata.nbkit keys: {', '.join(extra)[:80]}")
        data = from_notebook(data)
    return parse(data)


def _problem(intake: Intake, doc: dict[str, Any], now: dt.datetime) -> str:
    if not intake.student_id:
        return "profile.student_id is empty or not a plain id (letters, digits, . _ -)"
    sender = sender_problem(intake.path, intake.student_id)  # a hand-in folder: who wrote it
    if sender:
        return sender
    if parse_stamp(doc["exported_at"]) > now + CLOCK_SKEW:
        return f"exported_at {doc['exported_at'][:40]} is in the future"
    marked = list(_markup_paths(doc))
    if marked:
        return f"HTML markup in {', '.join(marked[:3])}{' ...' if len(marked) > 3 else ''}"
    return ""


def _markup_paths(value: Any, where: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if linear.search(MARKUP, value, ignore_case=True):
            yield where or "(document)"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _markup_paths(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _markup_paths(item, f"{where}[{n}]")


def resolve_duplicates(intakes: list[Intake]) -> tuple[list[Intake], int]:
    """One submission per student: the latest export wins, older ones are refused.

    Ids are compared without regard to case (`stu001` and `STU001` are one student: on a
    case-insensitive disk their feedback pages would overwrite each other). The same document
    handed in twice (the .json and the .ipynb of one export) counts once.
    Returns the kept and refused intakes, and how many identical copies were dropped.
    """
    by_student: dict[str, list[Intake]] = {}
    out = [i for i in intakes if not i.valid]
    for intake in intakes:
        if intake.valid:
            by_student.setdefault(intake.student_id.casefold(), []).append(intake)
    copies = 0
    for group in by_student.values():
        group.sort(
            key=lambda i: (
                parse_stamp((i.document or {})["exported_at"]),
                i.path.suffix.lower() == ".json",
                i.path.name,
            )
        )
        kept = group[-1]
        out.append(kept)
        for other in group[:-1]:
            if other.document == kept.document:
                copies += 1
                continue
            same = (
                "" if other.student_id == kept.student_id else " (ids are compared ignoring case)"
            )
            out.append(
                other.refuse(
                    f"duplicate student id{same}; the newer {shown(kept.path.name)} is graded"
                )
            )
    return sorted(out, key=lambda i: i.path.name), copies


def read_all(
    paths: list[Path], max_bytes: int, now: dt.datetime, jobs: int = 2, budget: Budget | None = None
) -> list[Intake]:
    """read_one for every path, in worker processes, each file within the time and memory
    budget: a file over it (or one the reader fails on) is refused with the reason."""
    return map_budgeted(
        partial(read_one, max_bytes=max_bytes, now=now), paths, _refused, jobs, budget
    )


def _refused(path: Path, why: str) -> Intake:
    return Intake(path, "", reason=f"could not be read: {why}")


def refuse_misshapen(intakes: list[Intake], lesson: Lesson) -> list[Intake]:
    """Refuse accepted files whose answers are not the shape the run's lesson stores (known
    only once the run's lesson is settled; the feedback page would fail on them)."""
    out = []
    for intake in intakes:
        problems = (
            shape_problems(lesson, intake.document) if intake.valid and intake.document else []
        )
        out.append(intake.refuse(problems[0]) if problems else intake)
    return out
