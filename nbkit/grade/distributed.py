"""The same per-student grading on a dask.distributed cluster: `nbkit grade --scheduler ADDRESS`.

`--scheduler local` starts a LocalCluster on this machine; `tcp://host:8786` joins a running one
(docs/scale.md). Each worker keeps one warm kernel for its whole life through a WorkerPlugin (the
same papermill engine the process pool uses) and gets the grade notebook as text, so a worker on
another machine needs only the kit installed and the lesson, rubric and nbkit.toml at the same
paths (a shared read-only folder). The submission and the cohort's scales travel with each task
as bytes; the worker returns the executed notebook as text and the coordinator alone writes
every output (workers never write the instructor's folder, and never SQLite on a network disk).
A failed run is retried once on a fresh kernel on the worker (counted in the summary, as on the
process pool); dask itself re-runs a task whose worker died.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import NbkitError
from .gradebook import write_text_atomic
from .runner import Outcome, Task, default_jobs

try:
    from distributed import WorkerPlugin
except ImportError:  # nbkit[cluster] is not installed: connect() says how to install it
    WorkerPlugin = object  # type: ignore[misc,assignment]

PLUGIN_NAME = "nbkit-warm-kernel"
TASK_RETRIES = 2  # dask's own, when a worker is lost mid-task


@dataclass(frozen=True)
class Result:
    outcome: Outcome  # its `attempts` counts the retries on the worker
    notebook: str  # the executed notebook (nbformat JSON), "" when it failed


class WarmKernel(WorkerPlugin):
    """A dask WorkerPlugin: the grade notebook and papermill's warm-kernel engine, per worker."""

    name = PLUGIN_NAME

    def __init__(self, notebook_text: str) -> None:
        self.notebook_text = notebook_text

    def setup(self, worker: Any) -> None:
        import nbformat

        from . import runner
        from .engine import register

        logging.getLogger("papermill").setLevel(logging.ERROR)
        register()
        runner._TEMPLATE = nbformat.reads(self.notebook_text, as_version=4)

    def teardown(self, worker: Any) -> None:
        from .engine import shutdown

        shutdown()


def grade_one(task: Task, submission: bytes, scales: bytes) -> Result:
    """On a worker: one student's grade notebook, from bytes, through the same run_task as the
    process pool (a second attempt on a fresh kernel); never raises for a bad run."""
    from .runner import run_task

    with tempfile.TemporaryDirectory(prefix="nbkit-grade-") as tmp:
        folder = Path(tmp)
        # Same suffix as handed in: a submission may be the .ipynb with the JSON in its metadata.
        name = "submission" + Path(task.parameters["submission_path"]).suffix
        (folder / name).write_bytes(submission)
        (folder / "scales.json").write_bytes(scales)
        params = task.parameters | {
            "submission_path": str(folder / name),
            "cohort_path": str(folder / "scales.json"),
        }
        outcome = run_task(replace(task, output=str(folder / "out.ipynb"), parameters=params))
        text = (folder / "out.ipynb").read_text(encoding="utf-8") if outcome.ok else ""
    return Result(outcome, text)


def connect(scheduler: str, jobs: int | None) -> tuple[Any, Any]:
    """(client, cluster or None): a LocalCluster for "local", else the scheduler at the address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise NbkitError(
            "--scheduler needs dask.distributed: pip install 'nbkit[cluster]'"
        ) from None
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=jobs or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster), cluster
    if not scheduler.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise NbkitError(
            f"--scheduler must be 'local' or an address like tcp://host:8786, not {scheduler!r}"
        )
    try:
        return Client(scheduler, timeout="30s"), None
    except OSError as exc:
        raise NbkitError(f"cannot reach the scheduler at {scheduler}: {exc}") from None


def run_all(
    tasks: Sequence[Task],
    notebook: Path,
    scheduler: str,
    jobs: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every task on the cluster; outcomes in completion order (as nbkit.grade.runner.run_all)."""
    if not tasks:
        return []
    client, cluster = connect(scheduler, jobs)
    try:
        return _run(client, tasks, notebook, on_done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(
    client: Any, tasks: Sequence[Task], notebook: Path, on_done: Callable[[Outcome], None] | None
) -> list[Outcome]:
    from distributed import as_completed

    client.register_plugin(WarmKernel(notebook.read_text(encoding="utf-8")), name=PLUGIN_NAME)
    by_key, futures = {}, []
    for task in tasks:
        submission = Path(task.parameters["submission_path"]).read_bytes()
        scales = Path(task.parameters["cohort_path"]).read_bytes()
        future = client.submit(
            grade_one, task, submission, scales, pure=False, retries=TASK_RETRIES
        )
        by_key[future.key] = task
        futures.append(future)
    outcomes = []
    for future in as_completed(futures):
        task = by_key[future.key]
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost more often than dask retries
            lost = f"worker lost: {str(exc)[:200]}"
            result = Result(Outcome(task.student_id, False, lost, 0.0, "", 1 + TASK_RETRIES), "")
        if result.outcome.ok:
            write_text_atomic(Path(task.output), result.notebook)
        outcomes.append(result.outcome)
        if on_done:
            on_done(result.outcome)
    return outcomes
