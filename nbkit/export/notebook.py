"""The submission .ipynb: the lesson notebooks merged, answers as ordinary outputs, JSON in metadata."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from ..errors import ExportError
from .preprocessors import StaticAnswersPreprocessor, StripWidgetStatePreprocessor

if TYPE_CHECKING:
    from ..content import Lesson
    from ..submission_types import Submission


def lesson_notebooks(lesson: Lesson) -> list[Path]:
    """The lesson's notebooks in its section order (a section may share or lack a notebook)."""
    names = dict.fromkeys(s.notebook for s in lesson.ordered() if s.notebook)
    paths = [lesson.dir / name for name in names]
    missing = [p for p in paths if not p.is_file()]
    if not paths or missing:
        where = missing[0] if missing else lesson.dir
        raise ExportError(f"no lesson notebook at {where}; run the export from the lesson folder")
    return paths


def submission_notebook(
    paths: list[Path], document: Submission, lesson: Lesson, values: Mapping[str, Any]
) -> nbformat.NotebookNode:
    cells = []
    for number, path in enumerate(paths):
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as exc:
            raise ExportError(f"cannot read the lesson notebook {path}: {exc}") from None
        resources: dict[str, Any] = {}
        nb, resources = StripWidgetStatePreprocessor().preprocess(nb, resources)
        answers = StaticAnswersPreprocessor(
            document=dict(document), lesson=lesson, text_values=dict(values)
        )
        nb, resources = answers.preprocess(nb, resources)
        for index, cell in enumerate(nb.cells):
            # Cell ids must be unique in the merged notebook; each source reuses short ids.
            cell["id"] = f"nb{number}-{index}"
            cells.append(cell)
    merged = nbformat.v4.new_notebook(cells=cells)
    merged.metadata.update(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "nbkit": {"submission": document},
        }
    )
    nbformat.validate(merged)
    return merged
