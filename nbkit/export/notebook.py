"""The submission .ipynb: the lesson notebooks merged, answers as ordinary outputs, JSON in metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from ..config import Config
from ..errors import ExportError
from .preprocessors import StaticAnswersPreprocessor, StripWidgetStatePreprocessor

LESSON_DIR = Path("notebooks") / "networking"


def lesson_notebooks(config: Config) -> list[Path]:
    """The lesson's notebooks in order (their names start with the section number)."""
    folder = config.root / LESSON_DIR
    paths = sorted(folder.glob("[0-9]*.ipynb"))
    if not paths:
        raise ExportError(f"no lesson notebooks in {folder}; run the export from the lesson folder")
    return paths


def submission_notebook(
    paths: list[Path], document: dict[str, Any], text_values: dict[str, Any]
) -> nbformat.NotebookNode:
    cells = []
    for number, path in enumerate(paths):
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as exc:
            raise ExportError(f"cannot read the lesson notebook {path}: {exc}") from None
        resources: dict[str, Any] = {}
        nb, resources = StripWidgetStatePreprocessor().preprocess(nb, resources)
        answers = StaticAnswersPreprocessor(document=document, text_values=text_values)
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
