"""Run the grade notebook once per student through papermill, in a pool of worker processes.

`spawn` workers (forking a process that holds ZMQ sockets is unsafe), about one per core. Each
worker imports papermill once, keeps the notebook template in memory and one warm kernel
(nbkit.grade.engine), so per student it pays only for the cells.

Each student's run is papermill's own pipeline (`execute_review`: parameterize_notebook injects
the parameters cell, the engine executes every cell in the kernel, raise_for_execution_errors)
without what `papermill.execute_notebook` adds around it for a template already in memory: it
re-serialises and re-reads a NotebookNode input, validating it twice, and validates again when
it writes. The template is checked once per worker (nbformat.validate), the output is written
with the C JSON encoder (compact, no validation: about 10 ms less per student).

A cell that raises is recorded at once with its error name, value and cell number (running it
again would raise again); any other failure (ZMQ "address in use", a kernel that does not
start or dies) is retried once on a fresh kernel, and the retry is counted.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import re
import time
import traceback as tb
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRADE_NOTEBOOK_NAME = "grade_submission.ipynb"
CELL_TIMEOUT = 120


@dataclass(frozen=True)
class Task:
    student_id: str
    output: str  # the executed feedback notebook
    parameters: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    student_id: str
    ok: bool
    error: str  # one line: "ename: evalue (cell N)", or what stopped the run
    seconds: float
    traceback: str = ""  # the full traceback, for out/logs/<student>.txt
    attempts: int = 1


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


_TEMPLATE: Any = None  # the grade notebook (a NotebookNode), set once per worker
_SOURCE = GRADE_NOTEBOOK_NAME  # its path, recorded as papermill's input_path
_PREPARED: tuple[Any, str] | None = None  # (_TEMPLATE, its papermill-ready JSON)


def _init_worker(notebook: str) -> None:
    global _TEMPLATE, _SOURCE
    import logging

    import nbformat

    # papermill logs every parameter at WARNING; the batch reports failures itself.
    logging.getLogger("papermill").setLevel(logging.ERROR)

    from .engine import register

    register()
    _TEMPLATE, _SOURCE = nbformat.read(notebook, as_version=4), notebook


def _fresh_copy(template: Any) -> Any:
    """A new NotebookNode of the template, as papermill's load_notebook_node gives it (every
    cell with tags and papermill metadata); the template is validated once, not per student."""
    global _PREPARED
    import nbformat

    if _PREPARED is None or _PREPARED[0] is not template:
        from papermill import __version__

        nb = copy.deepcopy(template)
        nb = nbformat.v4.upgrade(nb) or nb
        nbformat.validate(nb)
        nb.metadata.setdefault(
            "papermill",
            {
                "default_parameters": {},
                "parameters": {},
                "environment_variables": {},
                "version": __version__,
            },
        )
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
            cell.metadata.setdefault("papermill", {})
        _PREPARED = (template, json.dumps(nb))
    return nbformat.from_dict(json.loads(_PREPARED[1]))


def execute_review(
    template: Any,
    output: str,
    parameters: dict[str, str],
    source: str = GRADE_NOTEBOOK_NAME,
    engine_name: str = "nbkit-warm",
    kernel_name: str = "python3",
    timeout: int = CELL_TIMEOUT,
) -> Any:
    """One papermill run of the template into `output`: the steps of papermill.execute_notebook
    (parameters cell injected, every cell run by the engine's kernel, a cell error raised as
    PapermillExecutionError with the notebook written), minus its re-reading and validation."""
    from papermill.engines import papermill_engines
    from papermill.execute import (
        prepare_notebook_metadata,
        raise_for_execution_errors,
        remove_error_markers,
    )
    from papermill.parameterize import parameterize_notebook

    nb = _fresh_copy(template)
    nb = parameterize_notebook(nb, parameters, kernel_name=kernel_name, engine_name=engine_name)
    nb = remove_error_markers(prepare_notebook_metadata(nb, source, output))
    nb = papermill_engines.execute_notebook_with_engine(
        engine_name,
        nb,
        kernel_name=kernel_name,
        input_path=source,
        output_path=None,  # no saves while running: written once, below
        progress_bar=False,
        log_output=False,
        start_timeout=60,
        stdout_file=None,
        stderr_file=None,
        execution_timeout=timeout,
    )
    raise_for_execution_errors(nb, output)  # writes the notebook (marked) before raising
    write_notebook(nb, output)
    return nb


def write_notebook(nb: Any, path: str | Path) -> None:
    """The executed notebook as nbformat writes it (lines split, transient fields dropped), with
    the C JSON encoder: nbformat's `indent=1` takes json's pure-Python path, and its validation
    re-checks what nbclient built from validated outputs. `nb` is consumed."""
    from nbformat.v4.rwbase import split_lines, strip_transient

    text = json.dumps(
        strip_transient(split_lines(nb)),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    Path(path).write_text(text + "\n", encoding="utf-8")


def _execute(task: Task) -> None:
    execute_review(_TEMPLATE, task.output, task.parameters, _SOURCE)


def run_task(task: Task) -> Outcome:
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    error, trace = "", ""
    for attempt in (1, 2):
        try:
            _execute(task)
            return Outcome(task.student_id, True, "", time.perf_counter() - start, "", attempt)
        except PapermillExecutionError as exc:  # a cell raised: the same cell would raise again
            error, trace = describe_cell_error(exc), plain("\n".join(exc.traceback))
            return Outcome(
                task.student_id, False, error, time.perf_counter() - start, trace, attempt
            )
        except Exception as exc:  # noqa: BLE001 - recorded per student, never stops the batch
            error = f"{type(exc).__name__}: {one_line(str(exc))}"
            trace = "".join(tb.format_exception(exc))
    return Outcome(task.student_id, False, error, time.perf_counter() - start, trace, 2)


def describe_cell_error(exc: Any) -> str:
    """`ename: evalue (cell N)` of a papermill failure, one line (N counts code and markdown
    cells from 1, as the notebook shows them)."""
    cell = f" (cell {exc.cell_index + 1})" if isinstance(exc.cell_index, int) else ""
    return f"{exc.ename}: {one_line(str(exc.evalue))}{cell}"


def one_line(text: str, limit: int = 200) -> str:
    """The first line of a message, without terminal escapes, at most `limit` characters."""
    lines = plain(text).strip().splitlines()
    first = lines[0] if lines else ""
    return first if len(first) <= limit else first[:limit] + "..."


def plain(text: str) -> str:
    """Text without the colour codes IPython puts in tracebacks, nor other control characters."""
    text = _ANSI.sub("", text)
    return "".join(ch if ch in "\n\t" or ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def write_log(folder: Path, outcome: Outcome) -> Path:
    """out/logs/<student>.txt: what failed and the whole traceback."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{outcome.student_id}.txt"
    path.write_text(
        f"{outcome.student_id}: {outcome.error}\nattempts: {outcome.attempts}\n\n{outcome.traceback}",
        encoding="utf-8",
    )
    return path


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def run_all(
    tasks: Sequence[Task],
    notebook: Path,
    jobs: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every task; outcomes come back in completion order."""
    if not tasks:
        return []
    workers = max(1, min(jobs or default_jobs(), len(tasks)))
    context = multiprocessing.get_context("spawn")
    outcomes = []
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(str(notebook),)
    ) as pool:
        futures = {pool.submit(run_task, t): t for t in tasks}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                outcome = Outcome(futures[future].student_id, False, f"worker died: {exc}", 0.0)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes
