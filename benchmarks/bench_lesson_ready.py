"""How long "Run All" takes after the kernel is ready, per lesson notebook, empty workspace.

Target (issue 3): ready for input within 2 s of the kernel being ready on this machine. Measured
with nbclient in one run, against a baseline notebook that only imports ipywidgets and shows one
Text widget, so the ratio says what the kit adds. Heavy imports (matplotlib) load only when a
picture is drawn, which an empty workspace never asks for.
Run: python benchmarks/bench_lesson_ready.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "notebooks" / "networking"
NOTEBOOKS = ("01_needs_and_notes", "02_comfort_level", "03_goals", "04_tracker", "05_reflection")
BASELINE = "import ipywidgets as w\nw.Text(value='')"


def run_all_seconds(nb: nbformat.NotebookNode) -> float:
    """Seconds from a ready kernel to the last cell's output."""
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(FOLDER)}}
    )
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    baseline_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE)])
    baseline = statistics.median(run_all_seconds(baseline_nb) for _ in range(args.repeat))
    print(f"baseline (ipywidgets + one Text): {baseline:.2f} s")
    for name in NOTEBOOKS:
        times = []
        for _ in range(args.repeat):
            os.environ["NBKIT_HOME"] = tempfile.mkdtemp(prefix="nbkit-bench-")
            times.append(run_all_seconds(nbformat.read(FOLDER / f"{name}.ipynb", as_version=4)))
        median = statistics.median(times)
        verdict = "ok" if median <= 2.0 else "OVER 2 s"
        print(
            f"{name}: {median:.2f} s after kernel ready, {median / baseline:.1f}x baseline ({verdict})"
        )


if __name__ == "__main__":
    main()
