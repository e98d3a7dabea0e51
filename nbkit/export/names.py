"""Export file names from the student id, made safe; writing that never silently replaces a file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..errors import ExportError, WorkspaceExists

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_STEM = 64


def safe_stem(text: str, fallback: str = "student") -> str:
    """Letters, digits, '-' and '_' only: no dots, separators, or traversal ('../x' -> 'x')."""
    stem = _UNSAFE.sub("-", text).strip("-_")[:MAX_STEM].strip("-_")
    return stem or fallback


def export_stem(student_id: str, lesson_id: str) -> str:
    return f"{safe_stem(student_id)}_{safe_stem(lesson_id, 'lesson')}"


def targets(out_dir: Path, stem: str, extensions: list[str], overwrite: bool) -> dict[str, Path]:
    """The path per extension; refuse (before anything is written) if one exists."""
    paths = {ext: out_dir / f"{stem}.{ext}" for ext in extensions}
    existing = [p for p in paths.values() if p.exists()]
    if existing and not overwrite:
        names = ", ".join(p.name for p in existing)
        raise WorkspaceExists(
            f"{names} already in {out_dir}: an earlier export is kept unless you ask to replace it (--force)"
        )
    return paths


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write beside the target, then rename: a reader never sees half a file."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
