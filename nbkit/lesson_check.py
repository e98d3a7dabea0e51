"""`nbkit lesson check DIR`: everything a lesson folder promises, checked before a student runs it.

One line per problem, so an author fixes them all in one pass:
- lesson.toml, its sections and its rubric read strictly (the first bad key stops that file);
- every notebook a section names exists, and its kit cells carry a well-formed metadata.nbkit;
- every answer id a notebook uses exists in the lesson, and every required question appears in
  some notebook (otherwise no student could ever complete the lesson);
- every cell kind, rubric check, view and export format used is registered;
- every {placeholder} in a text block is a key the kit fills (the lesson's declared keys);
- no markdown cell holds LaTeX math unless lesson.toml sets `math = true` (MathJax is off).
The notebooks are read as JSON: nothing in them is executed.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NbkitError
from .placeholders import block_names

# The generic cell kinds of docs/kit-shape.md section 5; plugin kinds are `<plugin>.<thing>`.
CORE_CELLS = frozenset(
    {"open", "text", "ask", "progress", "summary", "time_plan", "due_dates", "table",
     "scale_result", "export_button", "feedback", "nav", "wrap_up"}
)  # fmt: skip
# What only LaTeX math looks like in markdown: $$..$$, \(..\), \[..\], \begin{..}, or $..$ with a
# command, ^ or _ inside and no space just inside either $ ("$5 and $10" is money, not math).
_MATH = re.compile(
    r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]|\\begin\{|\$(?=[^$\s])[^$\n]*?[\\^_][^$\n]*?(?<=[^$\s])\$",
    re.DOTALL,
)
# Placeholders every lesson's text may use, whatever it declares (nbkit.notebook.text_context).
CORE_PLACEHOLDERS = frozenset(
    {"cohort", "timezone", "instructor_name", "instructor_slack", "minutes_total"}
)


@dataclass(frozen=True)
class Known:
    """The registered names a lesson may use, per registry group."""

    cells: frozenset[str]
    checks: frozenset[str]
    views: frozenset[str]
    formats: frozenset[str]

    def has(self, group: str, name: str) -> bool:
        return name in getattr(self, group)

    def plugins(self) -> frozenset[str]:
        names = self.cells | self.checks | self.views | self.formats
        return frozenset(n.split(".", 1)[0] for n in names if "." in n)


@dataclass(frozen=True)
class KitCell:
    notebook: str
    index: int
    kind: str
    answers: tuple[str, ...]
    args: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.notebook} cell {self.index}"


def check_lesson(folder: Path, known: Known | None = None) -> list[str]:
    """Every problem in the lesson folder, one line each; [] when it is ready to hand out."""
    from .content import load_lesson

    folder = Path(folder)
    if not (folder / "lesson.toml").is_file():
        return [f"{folder}: no lesson.toml here (a lesson folder holds lesson.toml)"]
    try:
        lesson = load_lesson(folder)
    except NbkitError as exc:
        return [str(exc)]  # the content cannot be read, so nothing else can be checked
    known = known or registered_names()
    cells, problems = read_kit_cells(folder, [s.notebook for s in lesson.ordered()])
    problems += answer_problems(lesson, cells)
    problems += cell_problems(lesson, cells, known)
    problems += placeholder_problems(lesson)
    problems += plugin_problems(lesson, known)
    problems += rubric_problems(lesson, known)
    problems += math_problems(lesson)
    return problems


def registered_names() -> Known:
    """Names in the kit's registries (entry points and core built-ins) plus the core cell kinds."""
    from . import registry
    from .grade import checks  # noqa: F401  (registers the core rubric checks in code)

    return Known(
        cells=frozenset(registry.cells.names()) | CORE_CELLS,
        checks=frozenset(registry.checks.names()),
        views=frozenset(registry.views.names()),
        formats=frozenset(registry.formats.names()),
    )


def read_cells(path: Path) -> list[dict[str, Any]] | str:
    """The cells of the notebook at `path`, or the one-line reason it cannot be read."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"{path}: the notebook lesson.toml names does not exist"
    except (OSError, ValueError) as exc:
        return f"{path}: not a readable notebook ({exc})"
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else None
    return cells if isinstance(cells, list) else f"{path}: not a notebook (no cells list)"


def read_kit_cells(folder: Path, notebooks: Iterable[str]) -> tuple[list[KitCell], list[str]]:
    """The kit cells of every notebook the lesson names, and what is wrong with their metadata."""
    kit: list[KitCell] = []
    problems: list[str] = []
    for name in dict.fromkeys(notebooks):
        cells = read_cells(folder / name)
        if isinstance(cells, str):
            problems.append(cells)
            continue
        for index, cell in enumerate(cells):
            meta = cell.get("metadata", {}).get("nbkit")
            if meta is None:
                continue
            parsed = kit_cell(name, index, meta)
            if isinstance(parsed, str):
                problems.append(parsed)
            else:
                kit.append(parsed)
    return kit, problems


def kit_cell(notebook: str, index: int, meta: Any) -> KitCell | str:
    """metadata.nbkit as a KitCell, or the one-line reason it is malformed."""
    where = f"{notebook} cell {index}: metadata.nbkit"
    if not isinstance(meta, dict):
        return f"{where} must be an object"
    if meta.get("v") != 1:
        return f"{where}.v must be 1, got {meta.get('v')!r}"
    unknown = sorted(set(meta) - {"v", "cell", "answers", "args"})
    if unknown:
        return f"{where} has unknown key(s) {', '.join(unknown)}"
    kind, answers, args = meta.get("cell"), meta.get("answers", []), meta.get("args", {})
    if not isinstance(kind, str) or not kind:
        return f"{where}.cell must name a cell kind"
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        return f"{where}.answers must be a list of answer ids"
    if not isinstance(args, dict):
        return f"{where}.args must be an object"
    return KitCell(notebook, index, kind, tuple(answers), args)


def answer_problems(lesson: Any, cells: list[KitCell]) -> list[str]:
    known = {q.id for q in lesson.questions()}
    used = {a for c in cells for a in c.answers}
    problems = [
        f"{c.where}: answer id {a!r} is not a question of the lesson"
        for c in cells
        for a in c.answers
        if a not in known
    ]
    problems += [
        f"{q.section}: required question {q.id!r} appears in no notebook (no student could answer it)"
        for q in lesson.questions()
        if q.required and q.id not in used
    ]
    return problems


def cell_problems(lesson: Any, cells: list[KitCell], known: Known) -> list[str]:
    problems = []
    section_of = {s.notebook: s for s in lesson.ordered()}
    for cell in cells:
        if not known.has("cells", cell.kind):
            problems.append(f"{cell.where}: cell kind {cell.kind!r} is not registered")
        problems.extend(_arg_problems(lesson, section_of.get(cell.notebook), cell, known))
    return problems


def _arg_problems(lesson: Any, section: Any, cell: KitCell, known: Known) -> Iterator[str]:
    """The ids a core cell's args name must exist where that cell will look them up."""
    args = cell.args
    if "section" in args and (section is None or args["section"] != section.id):
        expected = section.id if section is not None else "none"
        yield f"{cell.where}: opens section {args['section']!r}; lesson.toml gives this notebook {expected!r}"
    blocks = [name for key in ("block", "text", "blocks") for name in block_names(args.get(key))]
    for block in blocks if section is not None else []:
        if block not in section.blocks:
            yield f"{cell.where}: text block {block!r} is not in {section.id}'s [text]"
    if "table" in args and args["table"] not in lesson.tables:
        yield f"{cell.where}: table {args['table']!r} is not declared in the lesson"
    if "question" in args and args["question"] not in {q.id for q in lesson.questions()}:
        yield f"{cell.where}: question {args['question']!r} is not in the lesson"
    formats = args.get("formats", [])
    for fmt in formats if isinstance(formats, list) else [formats]:
        if "." in str(fmt) and not known.has("formats", str(fmt)):
            yield f"{cell.where}: export format {fmt!r} is not registered"


def placeholder_keys(lesson: Any) -> frozenset[str]:
    """The {placeholders} text blocks may use: the core ones and one per declared key."""
    declared = (
        {f"minutes_{k}" for k in lesson.minutes}
        | {f"link_{k}" for k in lesson.links}
        | {f"due_{k}" for k in lesson.due}
    )
    return CORE_PLACEHOLDERS | declared


def placeholder_problems(lesson: Any) -> list[str]:
    allowed = placeholder_keys(lesson)
    problems = []
    for section in lesson.ordered():
        for block, text in section.blocks.items():
            try:
                fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            except ValueError as exc:
                problems.append(f"{section.path}: text.{block}: {exc} (write {{{{ for a brace)")
                continue
            problems += [
                f"{section.path}: text.{block}: placeholder {{{f}}} is not a declared key"
                for f in fields
                if f.split(".")[0].split("[")[0] not in allowed
            ]
    return problems


def plugin_problems(lesson: Any, known: Known) -> list[str]:
    path = lesson.dir / "lesson.toml"
    problems = [
        f"{path}: plugins: {p!r} registers nothing (is its package installed?)"
        for p in lesson.plugins
        if p not in known.plugins()
    ]
    return problems


def rubric_problems(lesson: Any, known: Known) -> list[str]:
    if lesson.rubric is None:
        return []
    from .grade.rubric import load_rubric

    try:
        rubric = load_rubric(lesson.rubric)
    except NbkitError as exc:
        return [str(exc)]
    problems = []
    for criterion in rubric.criteria:
        where = f"{rubric.path}: criteria {criterion.id!r}"
        if not known.has("checks", criterion.check):
            problems.append(f"{where}: check {criterion.check!r} is not registered")
        view = _view_named(criterion.params)
        if view and not known.has("views", view):
            problems.append(f"{where}: view {view!r} is not registered")
    return problems


def math_problems(lesson: Any) -> list[str]:
    """Markdown cells with LaTeX math in a lesson that keeps MathJax off (the default)."""
    if lesson.math:
        return []
    problems = []
    for name in dict.fromkeys(s.notebook for s in lesson.ordered()):
        cells = read_cells(lesson.dir / name)
        for index, cell in enumerate(cells if isinstance(cells, list) else []):
            source = cell.get("source", "") if isinstance(cell, dict) else ""
            text = "".join(source) if isinstance(source, list) else str(source)
            if cell.get("cell_type") == "markdown" and _MATH.search(text):
                problems.append(
                    f"{name} cell {index}: looks like LaTeX math, which shows as typed unless "
                    "lesson.toml sets math = true (MathJax is off by default)"
                )
    return problems


def _view_named(params: Any) -> str | None:
    """A criterion reading `views:<name>...` or `views.<name>...` depends on that view."""
    value = params.get("field", "") if hasattr(params, "get") else ""
    if isinstance(value, str) and value.startswith(("views:", "views.")):
        return value[6:].split(".")[0] or None
    return None
