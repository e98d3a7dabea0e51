"""Files that once stopped or stalled a whole grading batch (issue 10), written on demand.

Shared by tests/grade/test_hostile.py and benchmarks/bench_hostile.py. Each kind is a complete
submission with one thing wrong; every one must become an `invalid` row with a reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nbkit.config import Config
from nbkit.lessons.networking.simulate import make_submission

Doc = dict[str, Any]


def _valid(config: Config, sid: str) -> Doc:
    return make_submission(config, "complete", sid, f"Hostile {sid}")


def _with_raw(doc: Doc, key: str, raw: str) -> str:
    """The document's JSON with one more top-level member written as raw JSON text."""
    return json.dumps(doc)[:-1] + f', "{key}": {raw}}}'


def _stamp(doc: Doc, where: str, change: Callable[[str], str]) -> str:
    if where == "exported_at":
        doc["exported_at"] = change(doc["exported_at"])
    else:
        entry = doc["answers"]["reflection.smart_goal"]
        entry["updated_at"] = change(entry["updated_at"])
    return json.dumps(doc)


def _surrogate(doc: Doc) -> str:
    doc["answers"]["reflection.slack"]["value"] = "I learned PLACEHOLDER a lot"
    return json.dumps(doc).replace("PLACEHOLDER", "\\ud800")


# kind -> (file suffix, text of the file for a student id)
ABORT_KINDS: dict[str, tuple[str, Callable[[Config, str], str]]] = {
    "deep_array": (
        ".json",
        lambda c, s: _with_raw(_valid(c, s), "x", "[" * 100_000 + "]" * 100_000),
    ),
    "deep_object": (
        ".json",
        lambda c, s: _with_raw(_valid(c, s), "x", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ),
    "big_int": (".json", lambda c, s: _with_raw(_valid(c, s), "x", "9" * 5000)),
    "exported_newline": (
        ".json",
        lambda c, s: _stamp(_valid(c, s), "exported_at", lambda t: t + "\n"),
    ),
    "updated_newline": (
        ".json",
        lambda c, s: _stamp(_valid(c, s), "updated_at", lambda t: t + "\n"),
    ),
    "exported_lower_z": (
        ".json",
        lambda c, s: _stamp(_valid(c, s), "exported_at", lambda t: t.replace("Z", "z")),
    ),
    "updated_lower_z": (
        ".json",
        lambda c, s: _stamp(_valid(c, s), "updated_at", lambda t: t.replace("Z", "z")),
    ),
    "upper_ipynb": (".IPYNB", lambda c, s: json.dumps(_valid(c, s))),
    "lone_surrogate": (".json", lambda c, s: _surrogate(_valid(c, s))),
}

# Reasons, in part, that each kind's row must give.
REASONS = {
    "deep_array": "nested deeper",
    "deep_object": "nested deeper",
    "big_int": "4300 digits",
    "exported_newline": "exported_at: must be a date-time",
    "updated_newline": "updated_at: must be a date-time",
    "exported_lower_z": "exported_at: must be a date-time",
    "updated_lower_z": "updated_at: must be a date-time",
    "upper_ipynb": "no metadata.nbkit.submission",
    "lone_surrogate": "lone surrogate U+D800",
}


def write_abort_kinds(folder: Path, config: Config, copies: int = 1) -> dict[str, str]:
    """`copies` files of each kind; returns file name -> kind."""
    files = {}
    for n, (kind, (suffix, text)) in enumerate(ABORT_KINDS.items()):
        for copy in range(copies):
            name = f"{kind}-{copy:02d}{suffix}"
            (folder / name).write_text(text(config, f"x{n:02d}{copy:03d}"), encoding="utf-8")
            files[name] = kind
    return files


def quadratic_texts(config: Config, sid: str, size: int) -> Doc:
    """A valid submission whose texts were quadratic for Python's re: many "if" with no
    "then" for the if-then pattern, many "<" with no ">" for the markup filter."""
    doc = _valid(config, sid)
    for key, text in (
        ("reflection.if_then", "if " * (size // 3)),
        ("reflection.slack", "<a " * (size // 3)),
    ):
        doc["answers"][key]["value"] = text
        doc["views"]["networking"]["reflection"][key.split(".")[1]] = text
    return doc
