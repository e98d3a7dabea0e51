"""The submission document (`nbkit.submission/1`): load and validate as DATA, never execute.

A submission arrives as the exported .json, or as the exported .ipynb whose
`metadata.nbkit.submission` holds the same document. Only the JSON is read: code cells, outputs
and widget state in a submitted notebook are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .content import Lesson
from .errors import SubmissionError, WorkspaceExists
from .store import Store, iso, now_utc

SCHEMA_ID = "nbkit.submission/1"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "submission-1.schema.json"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Any:
    # Imported here: `import jsonschema` costs seconds (its format checkers pull in a grammar),
    # and notebooks that never validate should not pay it when they start.
    import jsonschema

    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(document: Any) -> None:
    """Raise SubmissionError with the first problem, naming where it is."""
    if not isinstance(document, dict):
        raise SubmissionError("not a JSON object")
    if document.get("schema") != SCHEMA_ID:
        raise SubmissionError(f"schema is {document.get('schema')!r}, expected {SCHEMA_ID!r}")
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
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


# -- building a submission from a workspace, and loading one back -----------------------------

GOAL_IDS = ("mentor", "community", "existing", "own")
REFLECTION_KEYS = ("smart_goal", "if_then", "mix_it_up", "slack")
PROFILE_KEYS = ("name", "student_id", "cohort", "slack")


def build_submission(
    store: Store, config: Config, lesson: Lesson, exported_at: str | None = None
) -> dict[str, Any]:
    """The `nbkit.submission/1` document for one workspace (validated before it is returned)."""
    answers = store.answers()
    values = {k: a.value for k, a in answers.items()}
    takes = [e for e in store.history("comfort.ipip", kind="take") if isinstance(e.value, dict)]
    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "lesson": {"id": lesson.id, "version": lesson.version, "title": lesson.title},
        "kit_version": __version__,
        "exported_at": exported_at or iso(now_utc()),
        "cohort": {
            "name": config.cohort,
            "timezone": config.timezone,
            "due": {k: d.isoformat() for k, d in config.due_dates().items()},
        },
        "profile": {k: _text(values.get(f"start.{k}")) for k in PROFILE_KEYS},
        "answers": {k: {"value": a.value, "updated_at": a.updated_at} for k, a in answers.items()},
        "assessment": _assessment(values, lesson, [(e.at, e.value) for e in takes]),
        "goals": [_goal(g, values, lesson) for g in _chosen_goals(values)],
        "tracker": [_tracker_row(row) for row in store.tracker_rows()],
        "reflection": {k: _text(values.get(f"reflection.{k}")) for k in REFLECTION_KEYS},
    }
    document["progress"] = progress(lesson, document["answers"], config)
    validate(document)
    return document


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _assessment(
    values: dict[str, Any], lesson: Lesson, takes: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any]:
    from .assess import INSTRUMENT, score

    raw = values.get("comfort.ipip")
    raw = raw if isinstance(raw, dict) else {}
    responses = {k: v for k, v in raw.items() if isinstance(v, int)}
    try:
        items = lesson.question("comfort.ipip").items
    except KeyError:
        items = ()
    result = score(responses, items)
    return {
        "instrument": INSTRUMENT,
        "complete": result.complete,
        "responses": responses,
        "score": result.score,
        "mean": result.mean,
        "band": result.band,
        "takes": [
            {"taken_at": at, "score": value["score"]}
            for at, value in takes
            if isinstance(value.get("score"), int)
        ],
    }


def _chosen_goals(values: dict[str, Any]) -> list[str]:
    chosen = values.get("goals.chosen")
    return [g for g in GOAL_IDS if isinstance(chosen, list) and g in chosen]


def goal_title(goal: str, values: dict[str, Any], lesson: Lesson) -> str:
    own = values.get("goals.own_title")
    if goal == "own" and isinstance(own, str) and own.strip():
        return own.strip()[:2000]
    section = lesson.sections.get("goals")
    titles = section.data.get("goals", {}) if section else {}
    if isinstance(titles.get(goal), str):
        return titles[goal]
    try:
        return lesson.question("goals.chosen").option_label(goal)
    except KeyError:
        return goal


def _goal(goal: str, values: dict[str, Any], lesson: Lesson) -> dict[str, Any]:
    def get(name: str, default: Any) -> Any:
        value = values.get(f"goals.{goal}.{name}")
        return value if value is not None else default

    return {
        "id": goal,
        "title": goal_title(goal, values, lesson),
        "contact": {
            "name": _text(get("contact_name", "")),
            "role": _text(get("contact_role", "")),
            "channel": get("channel", None),
        },
        "why": _text(get("why", "")),
        "time_options": list(get("time_options", [])),
        "questions": list(get("questions", [])),
        "message": _text(get("message", "")),
        "steps": list(get("steps", [])),
        "target_date": get("target_date", None),
    }


def _tracker_row(row: dict[str, Any]) -> dict[str, Any]:
    # The schema keeps tracker cells flat (text, boolean, null) so a CSV can hold them.
    def cell(value: Any) -> Any:
        if value is None or isinstance(value, str | bool):
            return value
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return str(value)

    return {k: cell(v) for k, v in row.items()}


def progress(
    lesson: Lesson,
    answers: dict[str, dict[str, Any]],
    config: Config,
    now: dt.datetime | None = None,
) -> dict[str, dict[str, int]]:
    """Answered of required, per section, counted as the notebooks count it."""
    from .progress import section_progress, validation_context

    ctx = validation_context(config, now)
    values = {k: a["value"] for k, a in answers.items()}
    written = {k: a["updated_at"] for k, a in answers.items()}
    out = {}
    for section in lesson.ordered():
        answered, required, _missing = section_progress(section, values, ctx, written)
        out[section.id] = {"answered": answered, "required": required}
    return out


def import_submission(
    path: Path | str, workspace: Path | str | None = None, force: bool = False
) -> int:
    """Load a submission into a workspace; refuse to replace one that has answers unless forced.

    Returns the number of answers loaded. The document is validated first, so an invalid file
    never touches the workspace.
    """
    document = read_submission(path)
    with Store(workspace) as store:
        if not store.is_empty():
            if not force:
                raise WorkspaceExists(
                    f"the workspace {store.home} already has answers; use --force to replace them"
                )
            store.clear()
        load_into(store, document)
    return len(document["answers"])


def load_into(store: Store, document: dict[str, Any]) -> None:
    """Write a validated submission's answers, tracker rows and assessment takes into a store,
    keeping their original timestamps."""
    answers = {k: (a["value"], a["updated_at"]) for k, a in document["answers"].items()}
    takes = [
        ("take", "comfort.ipip", {"responses": {}, "score": t["score"]}, t["taken_at"])
        for t in document["assessment"]["takes"]
    ]
    store.restore(answers, document["tracker"], takes)
