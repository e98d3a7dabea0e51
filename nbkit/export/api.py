"""`export_lesson`: the deliverable files from one workspace, written into the exports folder.

Formats come from the `nbkit.formats` registry: the core's (html, pdf, json, ipynb, csv, xlsx)
and the lesson's plugins' (`<plugin>.ics`, asked for as `--to ics`). Every requested format is
produced before any file is written, so a failing one (a missing Chromium) writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, ExportError
from . import names

if TYPE_CHECKING:
    from ..config import Config
    from ..content import Lesson
    from ..submission_types import Submission
    from .formats import Format

CORE_FORMATS = ("html", "pdf", "json", "ipynb", "csv", "xlsx")
DEFAULT_FORMATS = ("html", "pdf", "json", "ipynb")


@dataclass(frozen=True)
class Sources:
    document: Submission
    lesson: Lesson
    config: Config
    home: Path
    exports: Path


def load_sources(
    workspace: Path | str | None = None,
    config_path: Path | str | None = None,
    start: Path | None = None,
    exported_at: str | None = None,
) -> Sources:
    """The submission built from the workspace, with the lesson and config it was built with."""
    from ..config import default_config_path, load_config
    from ..content import load_lesson
    from ..paths import resolve_paths
    from ..store import DB_NAME, Store
    from ..submission import build_submission

    paths = resolve_paths(
        start=start,
        config=Path(config_path) if config_path else None,
        home=Path(workspace) if workspace else None,
    )
    if not (paths.home / DB_NAME).is_file():
        raise ExportError(
            f"no workspace at {paths.home}: answer the lesson first, or pass --workspace"
        )
    lesson = load_lesson(paths.need_lesson())
    config = load_config(paths.config or default_config_path(), lesson)
    with Store(paths.home) as store:
        document = build_submission(store, config, lesson, exported_at=exported_at)
    return Sources(document, lesson, config, paths.home, paths.exports)


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
    sources = load_sources(workspace, config_path)
    producers = {name: find_format(name, sources.lesson) for name in wanted}
    out = Path(out_dir) if out_dir else sources.exports
    stem = names.export_stem(sources.document["profile"]["student_id"], sources.lesson.id)
    names.targets(out, stem, [n.rsplit(".", 1)[-1] for n in wanted], overwrite)
    contents = [producers[n](sources.document, sources.lesson, sources.config) for n in wanted]
    return [names.write_atomic(out / f"{stem}.{suffix}", data) for suffix, data in contents]


def find_format(name: str, lesson: Lesson) -> Format:
    """A core format by its bare name, else the lesson's plugin format `<plugin>.<name>`."""
    from .. import registry

    candidates = [name] if "." in name else [name, *(f"{p}.{name}" for p in lesson.plugins)]
    for candidate in candidates:
        try:
            return registry.formats.get(candidate)
        except ConfigError:
            continue
    return _unknown(name, lesson)


def _unknown(name: str, lesson: Lesson) -> Format:
    from .. import registry

    plugin = [n.split(".", 1)[1] for n in registry.formats.names()
              if n.split(".", 1)[0] in lesson.plugins]  # fmt: skip
    known = ", ".join([*CORE_FORMATS, *plugin])
    raise ExportError(f"unknown format {name}; choose from {known}")
