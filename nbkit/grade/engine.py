"""A papermill engine that keeps one kernel warm per process and resets it between notebooks.

Papermill's default engine starts a kernel for every notebook (about 1 s here, the largest cost
per student). Grade notebooks only run the instructor's code on data, so one kernel per worker
process can serve every student: before each notebook the user namespace is reset (no state
leaks between students) while imported modules stay loaded (the other large cost).
Registered as `nbkit-warm` by `register()` in each worker. Deliberately NOT a `papermill.engine`
entry point: papermill loads that group while `papermill.engines` is still importing, and this
module imports `papermill.engines`, so a fresh install crashed every worker on a circular import.
"""

from __future__ import annotations

import atexit
import subprocess
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

ENGINE_NAME = "nbkit-warm"
# Clears the previous student's variables and figures; keeps sys.modules (the point of warmth).
RESET = (
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "import sys as _s\n"
    "if 'matplotlib.pyplot' in _s.modules: _s.modules['matplotlib.pyplot'].close('all')\n"
    "del _s"
)


class _Warm:
    km: Any = None
    kc: Any = None


def shutdown() -> None:
    """Stop this process's kernel (also at exit, and after a failure so the next run starts clean)."""
    km, kc = _Warm.km, _Warm.kc
    _Warm.km = _Warm.kc = None
    if kc is not None:
        kc.stop_channels()
    if km is not None and km.has_kernel:
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)


atexit.register(shutdown)


class WarmKernelEngine(NBClientEngine):
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
        client = PapermillNotebookClient(
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
            client.wait_for_reply(client.kc.execute(RESET, silent=True, store_history=False))
        # We own the kernel manager, so nbclient leaves kernel and client running afterwards.
        client.owns_km = False
        # The kernel's own stderr (ZMQ transport warnings) would drown the progress bar.
        result = client.execute(stderr=subprocess.DEVNULL)
        _Warm.kc = client.kc
        return result


def register() -> None:
    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
