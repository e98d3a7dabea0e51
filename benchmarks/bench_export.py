"""Time the whole-process `nbkit export --to html,json` against `jupyter nbconvert --to html`.

Both in one run, alternated (kit, nbconvert, kit, nbconvert, ...) so machine noise hits both
alike: the kit's whole deliverable plus the validated submission JSON (built from a filled
workspace) against nbconvert's plain HTML of every lesson notebook. Target: ratio <= 0.25.
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
TARGET = 0.25


def _seconds(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
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
        kit = [sys.executable, "-m", "nbkit.cli", "export", "--to", "html,json", "--force",
               "--out", str(root / "kit")]  # fmt: skip
        nbc = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
               "--output-dir", str(root / "nbconvert"), *notebooks]  # fmt: skip
        _seconds(kit, env, root), _seconds(nbc, env, root)  # warm the file cache for both
        kit_s, nbc_s = [], []
        for _ in range(args.repeat):
            kit_s.append(_seconds(kit, env, root))
            nbc_s.append(_seconds(nbc, env, root))
    kit_m, nbc_m = statistics.median(kit_s), statistics.median(nbc_s)
    print(f"lesson notebooks: {len(notebooks)}; {args.repeat} alternated runs each, medians")
    print(f"nbkit export --to html,json (whole process): {kit_m:.3f} s")
    print(f"jupyter nbconvert --to html (all notebooks, one call): {nbc_m:.3f} s")
    print(f"ratio kit / nbconvert: {kit_m / nbc_m:.2f} (target <= {TARGET})")


if __name__ == "__main__":
    main()
