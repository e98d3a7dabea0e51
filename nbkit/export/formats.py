"""The core's export formats, registered under the `nbkit.formats` entry point group.

A format is `fn(document, lesson, config) -> (suffix, bytes)`: a pure function of the submission
and the lesson (the PDF prints the HTML through Chromium). Imports stay inside each function, so
an HTML + JSON export never pays for nbformat, Playwright or openpyxl.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from ..content import Lesson
    from ..submission_types import Submission

Format = Callable[["Submission", "Lesson", "Config"], tuple[str, bytes]]


def html(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    from .html import render_deliverable

    return "html", render_deliverable(document, lesson).encode("utf-8")


def pdf(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    from .html import render_deliverable
    from .pdf import html_to_pdf

    return "pdf", html_to_pdf(render_deliverable(document, lesson))


def json_document(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    return "json", (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def ipynb(document: Submission, lesson: Lesson, config: Config) -> tuple[str, bytes]:
    import nbformat

    from ..placeholders import text_context
    from .notebook import lesson_notebooks, submission_notebook

    notebook = submission_notebook(lesson_notebooks(lesson), document, lesson, text_context(config))
    return "ipynb", nbformat.writes(notebook).encode("utf-8")
