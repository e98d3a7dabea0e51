"""The submission document (`nbkit.submission/1`): load and validate as DATA, never execute.

A submission arrives as the exported .json, or as the exported .ipynb whose
`metadata.nbkit.submission` holds the same document. Only the JSON is read: code cells, outputs
and widget state in a submitted notebook are ignored.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .errors import SubmissionError

SCHEMA_ID = "nbkit.submission/1"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "submission-1.schema.json"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(document: Any) -> None:
    """Raise SubmissionError with the first problem, naming where it is."""
    if not isinstance(document, dict):
        raise SubmissionError("not a JSON object")
    if document.get("schema") != SCHEMA_ID:
        raise SubmissionError(f"schema is {document.get('schema')!r}, expected {SCHEMA_ID!r}")
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        message = error.message if len(error.message) < 200 else error.message[:200] + "..."
        raise SubmissionError(f"{where}: {message}")


def read_submission(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Read a .json or .ipynb submission, check its size and schema; return the document."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError(f"{size:,} bytes is over the {max_bytes:,}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SubmissionError(f"not valid JSON: {exc}") from None
    if path.suffix == ".ipynb":
        data = _from_notebook(data)
    validate(data)
    return data


def _from_notebook(notebook: Any) -> Any:
    try:
        return notebook["metadata"]["nbkit"]["submission"]
    except (KeyError, TypeError):
        raise SubmissionError("notebook has no metadata.nbkit.submission") from None
