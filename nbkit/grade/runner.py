"""Run the grade notebook once per student through papermill, in a pool of worker processes.

`spawn` workers (forking a process that holds ZMQ sockets is unsafe), about one per core. Each
worker imports papermill once, keeps the notebook template in memory and one warm kernel
(nbkit.grade.engine), so per student it pays only for the cells. A failed run is retried once
on a fresh kernel (ZMQ "address in use" and start timeouts are known flakes), then recorded.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import time
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
    error: str
    seconds: float


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
    start = time.perf_counter()
    error = ""
    for _attempt in range(2):
        try:
            _execute(task)
            return Outcome(task.student_id, True, "", time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - recorded per student, never stops the batch
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return Outcome(task.student_id, False, error[:300], time.perf_counter() - start)


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
