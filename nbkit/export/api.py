"""`export_lesson`: the deliverable files from one workspace, written into exports/."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config, default_config_path, find_config, load_config
from ..content import Lesson, load_lesson
from ..errors import ExportError
from ..store import DB_NAME, Store
from ..submission import build_submission
from . import names

FORMATS = ("html", "pdf", "json", "ipynb", "ics", "csv", "xlsx")
DEFAULT_FORMATS = ("html", "pdf", "json", "ipynb")


@dataclass(frozen=True)
class Sources:
    document: dict[str, Any]
    lesson: Lesson
    config: Config
    home: Path


def resolve(
    workspace: Path | str | None, config_path: Path | str | None, start: Path | None = None
) -> tuple[Config, Path]:
    """The config (nearest nbkit.toml from `start`) and the workspace (explicit, NBKIT_HOME,
    or .nbkit/ beside that nbkit.toml)."""
    found = Path(config_path) if config_path else find_config(start)
    config = load_config(found or default_config_path())
    if workspace:
        home = Path(workspace)
    elif os.environ.get("NBKIT_HOME"):
        home = Path(os.environ["NBKIT_HOME"]).expanduser()
    else:
        home = (found.parent if found else (start or Path.cwd())) / ".nbkit"
    return config, home


def load_sources(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    start: Path | None = None,
    exported_at: str | None = None,
) -> Sources:
    config, home = resolve(workspace, config_path, start)
    if not (home / DB_NAME).is_file():
        raise ExportError(f"no workspace at {home}: answer the lesson first, or pass --workspace")
    lesson = load_lesson()
    with Store(home) as store:
        document = build_submission(store, config, lesson, exported_at=exported_at)
    return Sources(document, lesson, config, home)


def export_lesson(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    out_dir: Path | str | None = None,
    formats: Sequence[str] | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write the requested formats; nothing is written unless every one of them was produced.

    Files are named `<student id>_<lesson id>.<ext>` (made safe). An existing file of the same
    name is an error (WorkspaceExists) unless `overwrite`.
    """
    wanted = list(dict.fromkeys(formats or DEFAULT_FORMATS))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    sources = load_sources(workspace, config_path)
    out = Path(out_dir) if out_dir else sources.config.root / "exports"
    stem = names.export_stem(sources.document["profile"]["student_id"], sources.lesson.id)
    paths = names.targets(out, stem, wanted, overwrite)
    contents: dict[str, bytes | str] = {}
    for fmt in wanted:
        contents[fmt] = _PRODUCERS[fmt](sources, contents)
    return [names.write_atomic(paths[fmt], contents[fmt]) for fmt in wanted]


def _html(sources: Sources, done: dict[str, bytes | str]) -> str:
    from .html import render_deliverable

    return str(done.get("html") or render_deliverable(sources.document, sources.lesson))


def _pdf(sources: Sources, done: dict[str, bytes | str]) -> bytes:
    from .pdf import html_to_pdf

    return html_to_pdf(_html(sources, done))


def _json(sources: Sources, done: dict[str, bytes | str]) -> str:
    return json.dumps(sources.document, indent=2, ensure_ascii=False) + "\n"


def _ipynb(sources: Sources, done: dict[str, bytes | str]) -> str:
    import nbformat

    from ..notebook import text_context
    from .notebook import lesson_notebooks, submission_notebook

    nb = submission_notebook(
        lesson_notebooks(sources.config), sources.document, text_context(sources.config)
    )
    return nbformat.writes(nb)


def _extra(fmt: str) -> Callable[[Sources, dict[str, bytes | str]], bytes | str]:
    def produce(sources: Sources, done: dict[str, bytes | str]) -> bytes | str:
        from . import extras

        return extras.produce(fmt, sources.document, sources.config)

    return produce


_PRODUCERS: dict[str, Callable[[Sources, dict[str, bytes | str]], bytes | str]] = {
    "html": _html,
    "pdf": _pdf,
    "json": _json,
    "ipynb": _ipynb,
    **{fmt: _extra(fmt) for fmt in ("ics", "csv", "xlsx")},
}
