"""A papermill engine that keeps one kernel warm per process and resets it between notebooks.

Papermill's default engine starts a kernel for every notebook (about 1 s here, the largest cost
per student). Grade notebooks only run the instructor's code on data, so one kernel per worker
process can serve every student: before each notebook the user namespace is reset (no state
leaks between students) while imported modules stay loaded (the other large cost).
Registered as `nbkit-warm` by `register()` in each worker. Deliberately NOT a `papermill.engine`
entry point: papermill loads that group while `papermill.engines` is still importing, and this
module imports `papermill.engines`, so a fresh install crashed every worker on a circular import.

What a warm kernel no longer pays for each student (docs/architecture.md, "Warm kernels"):
- IPython's `reset` ends with a full gc.collect(), which rescanned every object of the warm
  kernel (every loaded module) for each student; what survives a reset is frozen
  (`gc.freeze`), so the next collection scans only what one student's notebook made;
- the kernel's logger is left at DEBUG by its application (only the handler filters), so every
  message built a log record that was then dropped: it is set to WARNING once per kernel;
- `kernel_info` (the notebook's language_info) is asked once per kernel, not per notebook;
- papermill reads back each cell's start time with dateutil to compute its duration; the
  manager here keeps the same metadata with `datetime.fromisoformat`.
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import subprocess
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE_NAME = "nbkit-warm"
# Once per kernel, before its second notebook: same output, no log record built per message.
TUNE = "import logging as _l\nget_ipython().kernel.log.setLevel(_l.WARNING)\ndel _l\n"
# Clears the previous student's variables and figures; keeps sys.modules (the point of warmth).
RESET = (
    "import sys as _s\n"
    "if 'matplotlib.pyplot' in _s.modules: _s.modules['matplotlib.pyplot'].close('all')\n"
    "del _s\n"
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "import gc as _g\n"
    "_g.freeze()\n"
    "del _g"
)


class _Warm:
    km: Any = None
    kc: Any = None
    language_info: dict[str, Any] | None = None  # the kernel's answer to kernel_info, once
    tuned = False
    resets = 0  # counted for the tests: one reset per notebook after a kernel's first


def shutdown() -> None:
    """Stop this process's kernel (also at exit, and after a failure so the next run starts clean)."""
    km, kc = _Warm.km, _Warm.kc
    _Warm.km = _Warm.kc = _Warm.language_info = None
    _Warm.tuned = False
    if kc is not None:
        kc.stop_channels()
    if km is not None and km.has_kernel:
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)


atexit.register(shutdown)


class WarmClient(PapermillNotebookClient):
    """papermill's notebook client, asking the warm kernel for its language_info only once."""

    def execute(self, **kwargs: Any) -> Any:
        # PapermillNotebookClient.execute, with the per-notebook kernel_info round trip cached
        # (a client serves one notebook: NotebookClient.__init__ has reset its execution state).
        with self.setup_kernel(**kwargs):
            self.papermill_execute_cells()
            if _Warm.language_info is None:
                info = self.wait_for_reply(self.kc.kernel_info())
                _Warm.language_info = info["content"]["language_info"]
            self.nb.metadata["language_info"] = copy.deepcopy(_Warm.language_info)
            self.set_widgets_metadata()
        return self.nb


class WarmManager(NotebookExecutionManager):
    """papermill's execution manager; a cell's duration from the start time it holds."""

    def cell_complete(self, cell: Any, cell_index: Any = None, **kwargs: Any) -> None:
        if kwargs.get("nb"):
            self.nb = kwargs["nb"]
        end_time = self.now()
        meta = cell.metadata.papermill
        meta["end_time"] = end_time.isoformat()
        if meta.get("start_time"):
            start = dt.datetime.fromisoformat(meta["start_time"])
            meta["duration"] = (end_time - start).total_seconds()
        if meta["status"] != self.FAILED:
            meta["status"] = self.COMPLETED
        self.save()
        if self.pbar:
            self.pbar.update(1)


class WarmKernelEngine(NBClientEngine):
    @classmethod
    def execute_notebook(
        cls,
        nb: Any,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: Any,
    ) -> Any:
        # papermill's Engine.execute_notebook, with WarmManager.
        nb_man = WarmManager(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
        try:
            return cls._execute(nb_man, kernel_name, **kwargs)
        except BaseException:
            shutdown()  # a dead or wedged kernel must not serve the next student
            raise

    @classmethod
    def _execute(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
        options = {k: v for k, v in kwargs.items() if k not in ("input_path", "startup_timeout")}
        timeout = options.pop("execution_timeout", None) or options.pop("timeout", None)
        client = WarmClient(
            nb_man,
            km=_Warm.km,
            kernel_name=kernel_name,
            timeout=timeout,
            startup_timeout=options.pop("start_timeout", 60),
            log_output=options.pop("log_output", False),
            stdout_file=options.pop("stdout_file", None),
            stderr_file=options.pop("stderr_file", None),
        )
        if _Warm.km is None:
            _Warm.km = client.km = client.create_kernel_manager()
        elif _Warm.kc is not None:
            client.kc = _Warm.kc
            code = RESET if _Warm.tuned else TUNE + RESET
            client.wait_for_reply(client.kc.execute(code, silent=True, store_history=False))
            _Warm.tuned = True
            _Warm.resets += 1
        # We own the kernel manager, so nbclient leaves kernel and client running afterwards.
        client.owns_km = False
        # The kernel's own stderr (ZMQ transport warnings) would drown the progress bar.
        result = client.execute(stderr=subprocess.DEVNULL)
        _Warm.kc = client.kc
        return result


def register() -> None:
    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
