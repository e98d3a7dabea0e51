"""The per-student review notebooks stay real papermill runs while they got cheaper.

What the speed-up (nbkit.grade.engine, nbkit.grade.runner.execute_review) must not lose: the
injected parameters cell, the kernel's own outputs, a valid notebook file; and what keeps the
cost per student flat: one warm kernel reused, reset between students, with the reset's garbage
collection limited to what one student made (counted, never timed).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from nbkit.grade import engine, runner
from nbkit.grade.batch import notebook_path

pytestmark = [pytest.mark.grade, pytest.mark.slow]

PARAMETERS = ("submission_path", "rubric_path", "config_path", "lesson_path", "cohort_path")


def test_a_review_notebook_is_a_papermill_run_with_the_kernels_outputs(graded) -> None:
    summary, out, _ = graded
    assert summary.ran == 8 and not summary.failed
    path = out / "feedback" / "s000.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)  # written without nbformat's validation: still a valid notebook
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    injected = tags.index(["injected-parameters"])
    assert tags[injected - 1] == ["parameters"]  # papermill's cell right after the defaults
    source = nb.cells[injected].source
    assert source.startswith("# Parameters") and all(f"{p} = " in source for p in PARAMETERS)
    assert "s000" in source
    papermill = nb.metadata.papermill
    assert set(papermill.parameters) == set(PARAMETERS)
    assert papermill.input_path.endswith("grade_submission.ipynb")  # a path, not the notebook
    assert papermill.output_path == str(path) and papermill.exception is None
    assert nb.metadata.language_info.name == "python"  # asked of the kernel (once per kernel)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)  # every cell ran in the kernel
    assert all(c.metadata.papermill.status == "completed" for c in nb.cells)
    assert all(c.metadata.papermill.duration >= 0 for c in nb.cells)
    grade = next(c for c in code if "grade_view(" in c.source)
    kinds = [o.output_type for o in grade.outputs]
    assert kinds == ["stream", "display_data"] and "(s000)" in grade.outputs[0].text
    assert "<table>" in grade.outputs[1].data["text/html"]
    result = next(c for c in code if "result" in c.metadata.get("tags", []))
    assert [o.output_type for o in result.outputs] == ["display_data"] * 3
    assert result.outputs[-1].data["application/json"]["student_id"] == "s000"
    # the template is kept without outputs (it is what `nbkit grade` runs and hashes)
    template = json.loads(notebook_path("grade_submission.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in template["cells"])


def _kernel_objects() -> int:
    """Objects the warm kernel's next collection would scan (frozen ones excluded)."""
    from jupyter_core.utils import run_sync

    kc = engine._Warm.kc
    msg_id = kc.execute("import gc as _g\nprint(len(_g.get_objects()))\ndel _g", silent=False)
    while True:
        msg = run_sync(kc.get_iopub_msg)(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            return int(msg["content"]["text"])


def test_one_warm_kernel_serves_every_student_and_its_reset_stays_small(
    cohort, tmp_path: Path
) -> None:
    from nbkit.grade.settings import load_settings

    settings = load_settings(cohort.config_path)
    scales = tmp_path / "scales.json"
    scales.write_text("{}", encoding="utf-8")
    submission = cohort.submissions / "s000.json"
    params = {
        "submission_path": str(submission),
        "rubric_path": str(settings.rubric.path),
        "config_path": str(cohort.config_path),
        "lesson_path": str(settings.lesson.dir),
        "cohort_path": str(scales),
    }
    runner._init_worker(str(notebook_path("grade_submission.ipynb")))
    engine.shutdown()
    resets, scanned = engine._Warm.resets, []
    try:
        for n in range(6):
            task = runner.Task(f"r{n}", str(tmp_path / f"r{n}.ipynb"), params)
            outcome = runner.run_task(task)
            assert outcome.ok and outcome.attempts == 1, outcome.error
            if n == 0:
                km = engine._Warm.km
            assert engine._Warm.km is km  # the same kernel: no restart per student
            scanned.append(_kernel_objects())
    finally:
        engine.shutdown()
    assert engine._Warm.resets - resets == 5  # one reset before each student after the first
    # Without gc.freeze the reset's full collection rescans the whole warm kernel (every
    # loaded module: tens of thousands of objects), for every student.
    assert max(scanned[1:]) < 15_000, scanned
    assert scanned[-1] <= scanned[2] + 2_000, scanned  # and it does not grow with the batch
    for n in range(6):
        nb = nbformat.read(tmp_path / f"r{n}.ipynb", as_version=4)
        result = next(c for c in nb.cells if "result" in c.metadata.get("tags", []))
        assert result.outputs[-1].data["application/json"]["student_id"] == "s000"
