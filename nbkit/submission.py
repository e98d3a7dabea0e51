"""The submission document (`nbkit.submission/2`): build, validate and read as DATA, never execute.

A submission arrives as the exported .json, or as the exported .ipynb whose
`metadata.nbkit.submission` holds the same document. Only the JSON is read: code cells, outputs
and widget state in a submitted notebook are ignored. A `nbkit.submission/1` file (the previous
version) is checked against its own schema and migrated on read, so everything downstream sees /2.

Validation uses fastjsonschema, compiled once per schema on first use: `import jsonschema` alone
cost 1.4 s of every export process (its format checkers build an RFC 3987 grammar).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import re
import sys
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import __version__
from .errors import ConfigError, SubmissionError, WorkspaceExists
from .submission_types import (
    SCHEMA_ID,
    SCHEMA_ID_1,
    Answer,
    Event,
    Row,
    SectionProgress,
    Submission,
    View,
    ViewSource,
)

if TYPE_CHECKING:
    from .config import Config
    from .content import Lesson
    from .store import Store

SCHEMAS = Path(__file__).parent / "schemas"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Deeper than any document the kit writes (about 6 levels); what is deeper is refused unread.
MAX_DEPTH = 32
# Event kinds a submission carries: assessment takes. Keystroke history stays in the workspace.
EXPORTED_EVENTS = ("take",)

__all__ = ["SCHEMA_ID", "build_submission", "read_submission", "validate", "migrate_1"]


# -- validation ---------------------------------------------------------------------------------


@cache
def schema(version: int = 2) -> dict[str, Any]:
    path = SCHEMAS / f"submission-{version}.schema.json"
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


@cache
def _compiled(version: int) -> Callable[[Any], Any]:
    return compile_schema(schema(version))


def compile_schema(definition: dict[str, Any]) -> Callable[[Any], Any]:
    """A fast validator for one JSON Schema: fastjsonschema's generated code, compiled to
    bytecode once per schema and Python version and kept in the user's cache folder (compiling
    it is most of an export's CPU time otherwise)."""
    import fastjsonschema
    from fastjsonschema.ref_resolver import RefResolver

    source = json.dumps(definition, sort_keys=True)
    salt = f"{fastjsonschema.VERSION} {sys.version} formats:{','.join(sorted(FORMATS))}"
    key = hashlib.sha256(f"{salt} {source}".encode()).hexdigest()
    cached = cache_dir() / f"schema-{key[:32]}.marshal"
    try:
        code = marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        text = fastjsonschema.compile_to_code(definition, formats=FORMATS)
        code = compile(text, "<nbkit schema>", "exec")
        _write_quietly(cached, marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # code fastjsonschema generated from our own schema, never from input
    name = RefResolver.from_schema(definition).get_scope_name()
    return cast(Callable[[Any], Any], partial(namespace[name], custom_formats=FORMATS))


# Date and time formats as strict as the code that reads them: fastjsonschema's own accept a
# lower-case "t"/"z" and impossible dates (2026-02-31), which Python's parser then refused mid-batch.
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})", re.ASCII
)
# Years a submission's dates can hold: outside them, converting to the cohort's zone overflowed.
YEARS = (1900, 9998)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date_time(text: str) -> bool:
    if not _DATE_TIME.fullmatch(text):
        return False
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return YEARS[0] <= moment.year <= YEARS[1]  # time-zone arithmetic works on it


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return False
    return YEARS[0] <= day.year <= YEARS[1]


FORMATS: dict[str, Callable[[str], bool]] = {"date-time": _is_date_time, "date": _is_date}
EXAMPLES = {"date-time": "2026-09-14T17:00:00Z", "date": "2026-09-14"}


def cache_dir() -> Path:
    """Where compiled validators and templates are kept: $XDG_CACHE_HOME/nbkit, ~/.cache/nbkit."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nbkit"


def _write_quietly(path: Path, data: bytes) -> None:
    # A cache that cannot be written (read-only home, full disk) only costs time.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def check(validator: Callable[[Any], Any], data: Any, prefix: str = "") -> None:
    """Run a compiled validator; raise SubmissionError naming where the first problem is."""
    from fastjsonschema import JsonSchemaValueException

    try:
        validator(data)
    except JsonSchemaValueException as exc:
        where = "/".join([*([prefix] if prefix else []), *map(str, exc.path[1:])])
        message = exc.message.removeprefix(str(exc.name)).strip() or exc.message
        if exc.rule == "format" and exc.rule_definition in EXAMPLES:
            message = f"must be a {exc.rule_definition} like {EXAMPLES[exc.rule_definition]}"
        message = message if len(message) < 200 else message[:200] + "..."
        raise SubmissionError(f"{where or '(top level)'}: {message}") from None


def validate(document: Any) -> None:
    """Raise SubmissionError with the first problem, naming where it is (a /2 document)."""
    if not isinstance(document, dict):
        raise SubmissionError("not a JSON object")
    if document.get("schema") != SCHEMA_ID:
        raise SubmissionError(f"schema is {document.get('schema')!r}, expected {SCHEMA_ID!r}")
    check(_compiled(2), document)
    for name, part in document["views"].items():
        check(_view_validator(name), part, f"views/{name}")


@cache
def _view_validator(name: str) -> Callable[[Any], Any]:
    return compile_schema(view(name).schema)


def view(name: str) -> View:
    """The registered view `name` (entry point group nbkit.views)."""
    from . import registry

    try:
        return cast(View, registry.views.get(name))
    except ConfigError:
        raise SubmissionError(f"views/{name}: no view {name!r} is installed") from None


# -- reading ------------------------------------------------------------------------------------


def read_submission(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Submission:
    """Read a .json or .ipynb submission (/2, or /1 migrated), check size and schema."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError(f"{size:,} bytes is over the {max_bytes:,}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read: {exc.strerror or exc}") from None
    data = loads(raw)
    if path.suffix.lower() == ".ipynb":
        data = from_notebook(data)
    return parse(data)


def loads(raw: bytes) -> Any:
    """JSON from a file's bytes; every way it can be malformed is one SubmissionError.

    Python's parser raises RecursionError for deep nesting and ValueError for integers of
    more than 4,300 digits, and accepts NaN and Infinity, which JSON does not have.
    """
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"not UTF-8 text (byte {exc.start:,})") from None
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise SubmissionError(f"not valid JSON: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # the int-digits limit, or the constants refused below
        raise SubmissionError(f"not valid JSON: {str(exc)[:120]}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def check_values(data: Any) -> None:
    """Refuse what the schema cannot see: nesting deeper than MAX_DEPTH, and text that is not
    Unicode (a lone surrogate such as \\ud800 cannot be written to a page, a CSV or SQLite).
    Iterative, so no document can exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SubmissionError(f"{where}: nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, f"{where}/(key)")
                stack.append((item, f"{where}/{key}".lstrip("/")[:120], depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{where}/{n}".lstrip("/")[:120], depth + 1) for n, item in enumerate(value)
            )


def _check_text(text: str, where: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise SubmissionError(
            f"{where or '(top level)'}: text holds a lone surrogate U+{code:04X}, not a character"
        ) from None


_TEXT_KINDS = ("short", "long", "single", "date")
_LIST_KINDS = ("multi", "checklist", "list", "datetimes")


def shape_problems(lesson: Lesson, document: Mapping[str, Any]) -> list[str]:
    """Answers whose value is not the shape their question's kind stores (text, a list of
    texts, likert responses 1..5): the schema cannot know the lesson's questions."""
    known = {q.id: q.kind for q in lesson.questions()}
    out = []
    for answer_id, entry in document.get("answers", {}).items():
        kind, value = known.get(answer_id), entry.get("value")
        if kind is None or value is None or _fits(kind, value):
            continue
        out.append(f"answers/{answer_id[:60]}: not the value a {kind} question holds")
    return out


def _fits(kind: str, value: Any) -> bool:
    if kind == "date":
        return isinstance(value, str) and (value == "" or _is_date(value))
    if kind in _TEXT_KINDS:
        return isinstance(value, str)
    if kind in _LIST_KINDS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "likert":
        return isinstance(value, dict) and all(
            type(v) is int and 1 <= v <= 5 for v in value.values()
        )
    return True


def parse(data: Any) -> Submission:
    """A document as read from JSON -> a validated /2 submission (a /1 one is migrated)."""
    check_values(data)
    if isinstance(data, dict) and data.get("schema") == SCHEMA_ID_1:
        check(_compiled(1), data)
        data = migrate_1(data)
    validate(data)
    return cast(Submission, data)


def from_notebook(notebook: Any) -> Any:
    try:
        return notebook["metadata"]["nbkit"]["submission"]
    except (KeyError, TypeError):
        raise SubmissionError("notebook has no metadata.nbkit.submission") from None


def migrate_1(old: dict[str, Any]) -> Submission:
    """A valid /1 document as /2, values untouched: tracker -> tables.tracker; assessment, goals
    and reflection -> views.networking as they were; assessment takes -> events."""
    takes: list[Event] = [
        {"kind": "take", "key": "comfort.ipip", "at": t["taken_at"],
         "value": {"responses": {}, "score": t["score"]}}
        for t in old["assessment"]["takes"]
    ]  # fmt: skip
    return {
        "schema": SCHEMA_ID,
        "kit_version": old["kit_version"],
        "exported_at": old["exported_at"],
        "lesson": old["lesson"],
        "cohort": old["cohort"],
        "profile": old["profile"],
        "answers": old["answers"],
        "tables": {"tracker": old["tracker"]},
        "events": takes,
        "progress": old["progress"],
        "views": {
            "networking": {k: old[k] for k in ("assessment", "goals", "reflection")},
        },
    }


# -- building a submission from a workspace -----------------------------------------------------


def build_submission(
    store: Store, config: Config, lesson: Lesson, exported_at: str | None = None
) -> Submission:
    """The `nbkit.submission/2` document for one workspace (validated before it is returned).

    Private answers (the lesson's `private` globs) are left out of every part, views included.
    """
    from .paths import hub_user
    from .store import iso, now_utc

    answers: dict[str, Answer] = {
        k: {"value": a.value, "updated_at": a.updated_at}
        for k, a in store.answers().items()
        if not lesson.is_private(k)
    }
    answers = with_hub_identity(lesson, answers, hub_user(), iso(now_utc()))
    tables = {t: [flat_row(r) for r in store.rows(t)] for t in lesson.tables}
    events: list[Event] = [
        {"kind": e.kind, "key": e.key, "at": e.at, "value": e.value}
        for e in store.events()
        if e.kind in EXPORTED_EVENTS and not lesson.is_private(e.key)
    ]
    return assemble(lesson, config, answers, tables, events, exported_at or iso(now_utc()))


def assemble(
    lesson: Lesson,
    config: Config,
    answers: dict[str, Answer],
    tables: dict[str, list[Any]],
    events: list[Event],
    exported_at: str,
) -> Submission:
    """The validated document around a lesson's answers, tables and events: the one place a
    /2 document is put together (an export, and the grader's sample students)."""
    source = ViewSource(answers, tables, events, lesson, config)
    document: Submission = {
        "schema": SCHEMA_ID,
        "kit_version": __version__,
        "exported_at": exported_at,
        "lesson": {"id": lesson.id, "version": lesson.version, "title": lesson.title},
        "cohort": {
            "name": config.cohort,
            "timezone": config.timezone,
            "due": {k: d.isoformat() for k, d in config.due_dates().items()},
        },
        "profile": profile(lesson, answers),
        "answers": answers,
        "tables": tables,
        "events": events,
        "progress": progress(lesson, answers, config),
        "views": {name: view(name).build(source) for name in lesson.plugins if _has_view(name)},
    }
    validate(document)
    return document


def _has_view(name: str) -> bool:
    """A plugin may bring cells or checks and no view of the submission."""
    from . import registry

    return name in registry.views


def with_hub_identity(
    lesson: Lesson, answers: dict[str, Answer], user: str | None, now: str
) -> dict[str, Answer]:
    """On a JupyterHub the student id is the hub's user name (the server knows who is logged
    in), whatever was typed into the profile, so nobody hands in under another student's id."""
    key = lesson.profile.get("student_id")
    if not user or not key:
        return answers
    typed = answers.get(key)
    if typed and typed["value"] == user:
        return answers
    return {**answers, key: {"value": user, "updated_at": typed["updated_at"] if typed else now}}


def profile(lesson: Lesson, answers: Mapping[str, Answer]) -> dict[str, str]:
    """The lesson's profile fields from their answers; name and student_id are always there."""
    fields = {"name": "", "student_id": "", **dict.fromkeys(lesson.profile, "")}
    for field, answer_id in lesson.profile.items():
        answer = answers.get(answer_id)
        value = answer["value"] if answer else None
        fields[field] = value[:2000] if isinstance(value, str) else ""
    return fields


def flat_row(row: Mapping[str, Any]) -> Row:
    """Table cells stay flat (text, yes/no, empty) so a CSV can hold them."""

    def cell(value: Any) -> str | bool | None:
        if value is None or isinstance(value, str | bool):
            return value
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return str(value)

    return {k: cell(v) for k, v in row.items()}


def progress(
    lesson: Lesson,
    answers: Mapping[str, Answer],
    config: Config,
    now: dt.datetime | None = None,
) -> dict[str, SectionProgress]:
    """Answered of required, per section, counted as the notebooks count it."""
    from .progress import section_progress, validation_context

    ctx = validation_context(config, now)
    values = {k: a["value"] for k, a in answers.items()}
    written = {k: a["updated_at"] for k, a in answers.items()}
    out: dict[str, SectionProgress] = {}
    for section in lesson.ordered():
        answered, required, _missing = section_progress(section, values, ctx, written)
        out[section.id] = {"answered": answered, "required": required}
    return out


# -- loading a submission back into a workspace -------------------------------------------------


def import_submission(
    path: Path | str, workspace: Path | str | None = None, force: bool = False
) -> int:
    """Load a submission into a workspace; refuse to replace one that has answers unless forced.

    Returns the number of answers loaded. The document is validated first, so an invalid file
    never touches the workspace.
    """
    from .paths import resolve_paths
    from .store import Store

    document = read_submission(path)
    paths = resolve_paths(home=Path(workspace) if workspace else None)
    if paths.lesson is not None:
        from .content import load_lesson

        problems = shape_problems(load_lesson(paths.lesson), document)
        if problems:
            raise SubmissionError(f"{path}: {problems[0]}")
    home = paths.home
    with Store(home) as store:
        if not store.is_empty():
            if not force:
                raise WorkspaceExists(
                    f"the workspace {store.home} already has answers; use --force to replace them"
                )
            store.clear()
        load_into(store, document)
    return len(document["answers"])


def load_into(store: Store, document: Submission) -> None:
    """Write a validated submission's answers, table rows and events into a store, keeping
    their original timestamps."""
    answers = {k: (a["value"], a["updated_at"]) for k, a in document["answers"].items()}
    events = [(e["kind"], e["key"], e["value"], e["at"]) for e in document["events"]]
    tables = {t: [dict(r) for r in rows] for t, rows in document["tables"].items()}
    store.restore(answers, tables, events)
