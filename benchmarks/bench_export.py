"""Time `nbkit export --to html` against `jupyter nbconvert --to html` of the same notebooks.

Both in one run, same machine, same lesson: the kit's whole deliverable (built from a filled
workspace) against nbconvert's plain HTML of every lesson notebook. Target: ratio <= 1.
Run: python benchmarks/bench_export.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "export"))


def _median_seconds(command: list[str], env: dict[str, str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from conftest import contract_answers, fill  # the tests' simulated student

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "nbkit.toml", root / "nbkit.toml")
        lesson = root / "notebooks" / "networking"
        shutil.copytree(REPO / "notebooks" / "networking", lesson,
                        ignore=shutil.ignore_patterns(".*"))  # fmt: skip
        notebooks = sorted(str(p) for p in lesson.glob("[0-9]*.ipynb"))
        home = fill(root / ".nbkit", contract_answers())
        env = {**os.environ, "NBKIT_HOME": str(home)}
        kit = [sys.executable, "-m", "nbkit.cli", "export", "--to", "html", "--force",
               "--out", str(root / "kit")]  # fmt: skip
        nbc = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
               "--output-dir", str(root / "nbconvert"), *notebooks]  # fmt: skip
        kit_s = _median_seconds(kit, env, root, args.repeat)
        nbc_s = _median_seconds(nbc, env, root, args.repeat)
        in_process = _in_process(home, root, args.repeat)
    print(f"lesson notebooks: {len(notebooks)}; median of {args.repeat} runs each")
    print(f"nbkit export --to html (CLI, whole deliverable): {kit_s:.2f} s")
    print(f"export_lesson(formats=['html']) in process (warm): {in_process:.3f} s")
    print(f"jupyter nbconvert --to html (all notebooks, one call): {nbc_s:.2f} s")
    print(f"ratio kit / nbconvert: {kit_s / nbc_s:.2f} (target <= 1)")


def _in_process(home: Path, root: Path, repeat: int) -> float:
    from nbkit.export.api import export_lesson

    times = []
    for _ in range(repeat + 1):  # the first call pays the imports
        start = time.perf_counter()
        export_lesson(workspace=home, config_path=root / "nbkit.toml", out_dir=root / "warm",
                      formats=["html"], overwrite=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


if __name__ == "__main__":
    main()
