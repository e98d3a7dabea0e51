"""Root conftest: applies to tests/ and to the notebooks nbval runs.

Kernels started by nbval inherit this process's environment, so the workspace must be isolated
here, before any kernel starts: no test ever reads or writes the repo's own .nbkit/.
"""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # NBKIT_KEEP_HOME=1 keeps a caller's NBKIT_HOME (debugging a notebook run by hand).
    if not os.environ.get("NBKIT_KEEP_HOME"):
        os.environ["NBKIT_HOME"] = tempfile.mkdtemp(prefix="nbkit-test-home-")
    # Matplotlib must never try to open a window in a kernel or a test.
    os.environ.setdefault("MPLBACKEND", "Agg")
