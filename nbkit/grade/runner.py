"""Run the grade notebook once per student through papermill, in a pool of worker processes.

`spawn` workers (forking a process that holds ZMQ sockets is unsafe), about one per core. Each
worker imports papermill once, keeps the notebook template in memory and one warm kernel
(nbkit.grade.engine), so per student it pays only for the cells.

A cell that raises is recorded at once with its error name, value and cell number (running it
again would raise again); any other failure (ZMQ "address in use", a kernel that does not
start or dies) is retried once on a fresh kernel, and the retry is counted.
"""

from __future__ import annotations

import copy
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


_TEMPLATE: Any = None


def _init_worker(notebook: str) -> None:
    global _TEMPLATE
    import logging

    import nbformat

    # papermill logs every parameter at WARNING; the batch reports failures itself.
    logging.getLogger("papermill").setLevel(logging.ERROR)

    from .engine import register

    register()
    _TEMPLATE = nbformat.read(notebook, as_version=4)


def _execute(task: Task) -> None:
    import papermill

    papermill.execute_notebook(
        copy.deepcopy(_TEMPLATE),
        task.output,
        parameters=task.parameters,
        engine_name="nbkit-warm",
        kernel_name="python3",
        progress_bar=False,
        request_save_on_cell_execute=False,
        execution_timeout=CELL_TIMEOUT,
    )


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
