"""`nbkit grade`: validate a folder of submissions, grade each, write the gradebook and report.

Order of work, cheapest first: every file is validated and scored in pure Python in this
process (milliseconds each); only then does papermill run the grade notebook per student in
a process pool with warm kernels; feedback pages are rendered from data; the cohort report
notebook runs once at the end. A re-run re-uses the notebooks of unchanged submissions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import NbkitError
from . import feedback
from .evaluate import (
    FEEDBACK_DIR,
    Graded,
    grade_document,
    keep_lesson,
    main_lesson,
    report_parts,
    rows_for,
    scale_summaries_of,
)
from .followup import write_cohort_view
from .gradebook import (
    OVERRIDES_NAME,
    Row,
    apply_overrides,
    finish_rows,
    read_overrides,
    to_csv,
    write_text_atomic,
)
from .intake import (
    Intake,
    find_submissions,
    read_all,
    refuse_misshapen,
    resolve_duplicates,
    shown,
)
from .lms import write_lms
from .merge import in_shard, write_manifest
from .report import cohort_stats, read_roster, scale_results
from .runner import Task, default_jobs, run_all, write_log
from .settings import Settings, check_before_grading, load_settings, with_extensions

STATE_NAME = ".nbkit-grade-state.json"
SCALES_NAME = "scales.json"
EXIT_SOME_INVALID = 8
LOGS_DIR = "logs"  # out/logs/<student>.txt: the traceback of a grade notebook that failed


def _instructor_notebooks() -> Path:
    # A checkout (or editable install) reads notebooks/instructor/ in place; a wheel carries a
    # copy inside the package (pyproject force-include), so `pip install nbkit` can grade too.
    checkout = Path(__file__).resolve().parents[2] / "notebooks" / "instructor"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "notebooks"


NOTEBOOKS = _instructor_notebooks()


@dataclass
class Summary:
    out_dir: Path
    rows: list[Row]
    ran: int = 0
    reused: int = 0
    copies: int = 0
    failed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    retries: int = 0  # notebook runs retried (a fresh kernel, or a lost cluster worker)
    lms_file: Path | None = None

    @property
    def graded(self) -> int:
        return sum(r.status == "graded" for r in self.rows)

    @property
    def invalid(self) -> int:
        return sum(r.status == "invalid" for r in self.rows)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_INVALID if self.invalid else 0

    def text(self) -> str:
        lines = [
            f"Graded {self.graded}, invalid {self.invalid} "
            f"(grade notebooks run {self.ran}, unchanged and re-used {self.reused}).",
            f"Gradebook: {self.out_dir / 'gradebook.csv'}",
            f"Cohort report: {self.out_dir / 'cohort_report.html'}",
        ]
        lines += [f"LMS gradebook: {self.lms_file}"] if self.lms_file else []
        if self.copies:
            lines.append(f"{self.copies} file(s) were a copy of the same export and counted once.")
        lines += [f"invalid: {r.reason}" for r in self.rows if r.status == "invalid"]
        lines += [f"notebook failed: {f}" for f in self.failed] + self.problems
        if self.retries:
            lines.append(f"{self.retries} notebook run(s) retried.")
        lines.append("Time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()))
        return "\n".join(lines)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Any:
    start = time.perf_counter()
    yield
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def notebook_path(name: str) -> Path:
    path = NOTEBOOKS / name
    if not path.is_file():
        raise NbkitError(f"the instructor notebook {path} is missing")
    return path


def grade_submissions(
    submissions_dir: Path | str,
    out_dir: Path | str,
    jobs: int | None = None,
    rubric_path: Path | str | None = None,
    roster_path: Path | str | None = None,
    config_path: Path | str | None = None,
    force: bool = False,
    progress: bool = True,
    lesson_dir: Path | str | None = None,
    lms: str = "csv",
    extensions_path: Path | str | None = None,
    scheduler: str | None = None,
    shard: str | None = None,
    review_notebooks: bool = True,
) -> Summary:
    """Grade every submission in `submissions_dir` into `out_dir` (see docs/instructor-guide.md).

    One run grades one lesson: `lesson_dir`, else the lesson most submissions name (see
    nbkit.grade.settings); a submission of another lesson is refused with a reason.
    """
    timings: dict[str, float] = {}
    submissions, out = Path(submissions_dir).resolve(), Path(out_dir).resolve()
    if out == submissions or submissions in out.parents:
        raise NbkitError("--out must be outside the submissions folder (it is never written)")
    enrolled = check_before_grading(submissions, config_path, roster_path, jobs)
    with _timed(timings, "validate+score"):
        settings, intakes, copies = _intake(submissions, config_path, rubric_path, lesson_dir, jobs)
        settings = with_extensions(settings, extensions_path)
        (out / FEEDBACK_DIR).mkdir(parents=True, exist_ok=True)
        graded = {i.student_id: grade_document(i, settings) for i in intakes if i.valid}
        scales = scale_summaries_of(graded, settings)
        write_text_atomic(out / SCALES_NAME, json.dumps(scales))
    summary = Summary(out, [], copies=copies, timings=timings)
    with _timed(timings, "notebooks"):  # review artefacts: no grade depends on them
        if review_notebooks:
            _run_notebooks(graded, settings, out, jobs, force, progress, summary, scheduler, shard)
    if shard:  # the merge writes everything else, once, from all the shards (nbkit.grade.merge)
        run = {"submissions_dir": str(submissions), "jobs": jobs, "rubric_path": rubric_path,
               "roster_path": roster_path, "config_path": config_path, "lesson_dir": lesson_dir,
               "lms": lms, "extensions_path": extensions_path}  # fmt: skip
        run = {k: str(v) if isinstance(v, Path) else v for k, v in run.items()}
        write_manifest(out, shard, _run_key(settings), run, summary.ran)
        return summary
    with _timed(timings, "feedback+gradebook"):
        rows = _write_gradebook(intakes, graded, settings, out, scales, summary)
        summary.lms_file, lms_problems = write_lms(out, lms, rows, settings.rubric, enrolled)
        summary.problems += lms_problems
    with _timed(timings, "cohort report"):
        roster = read_roster(Path(roster_path)) if roster_path else {}
        stats = cohort_stats(rows, settings.rubric, *report_parts(graded, settings), roster)
        stats |= write_cohort_view(out, intakes, graded, rows, settings, roster)
        write_text_atomic(out / "cohort.json", json.dumps(stats, indent=1))
        _cohort_report(out, settings, roster_path)
    summary.rows = rows
    return summary


def _intake(
    submissions: Path,
    config_path: Path | str | None,
    rubric_path: Path | str | None,
    lesson_dir: Path | str | None,
    jobs: int | None = None,
) -> tuple[Settings, list[Intake], int]:
    """Read every file (in worker processes, each within its time and memory budget); settle
    the run's lesson from them unless one was named; refuse the rest."""
    settings = load_settings(config_path, rubric_path, lesson_dir)
    now = dt.datetime.now(dt.UTC)
    found = read_all(
        find_submissions(submissions),
        settings.max_bytes,
        now,
        jobs or default_jobs(),
        settings.file_budget,
    )
    intakes, copies = resolve_duplicates(found)
    wanted = main_lesson(intakes)
    if lesson_dir is None and wanted and wanted != settings.lesson.id:
        settings = load_settings(config_path, rubric_path, lesson_id=wanted)
    return (
        settings,
        refuse_misshapen(keep_lesson(intakes, settings.lesson.id), settings.lesson),
        copies,
    )


def _run_key(settings: Settings) -> str:
    """What a stored grade notebook depends on besides the submission itself."""
    parts: list[str | bytes] = [
        settings.rubric.digest,
        settings.config.path.read_bytes(),
        (settings.lesson.dir / "lesson.toml").read_bytes(),
        notebook_path("grade_submission.ipynb").read_bytes(),
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def _load_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _run_notebooks(
    graded: dict[str, Graded],
    settings: Settings,
    out: Path,
    jobs: int | None,
    force: bool,
    progress: bool,
    summary: Summary,
    scheduler: str | None = None,
    shard: str | None = None,
) -> None:
    key = _run_key(settings)
    state = _load_state(out / STATE_NAME)
    done = state.get("files", {}) if state.get("key") == key and not force else {}
    tasks, kept = [], {}
    for sid, g in graded.items():
        output = out / FEEDBACK_DIR / f"{sid}.ipynb"
        if done.get(sid) == g.intake.digest and output.is_file():
            kept[sid] = g.intake.digest
            continue
        tasks.append(
            Task(
                sid,
                str(output),
                {
                    "submission_path": str(g.intake.path),
                    "rubric_path": str(settings.rubric.path),
                    "config_path": str(settings.config.path),
                    "lesson_path": str(settings.lesson.dir),
                    "cohort_path": str(out / SCALES_NAME),
                },
            )
        )
    from tqdm import tqdm

    tasks = in_shard(tasks, sorted(graded), shard)
    notebook = notebook_path("grade_submission.ipynb")
    with tqdm(total=len(tasks), disable=not progress or not tasks, unit="student") as bar:
        if scheduler:
            from . import distributed  # imports dask: only when asked for

            outcomes = distributed.run_all(
                tasks, notebook, scheduler, jobs, on_done=lambda _o: bar.update()
            )
        else:
            outcomes = run_all(tasks, notebook, jobs, on_done=lambda _o: bar.update())
    for outcome in outcomes:
        if outcome.ok:
            kept[outcome.student_id] = graded[outcome.student_id].intake.digest
        else:
            log = write_log(out / LOGS_DIR, outcome)
            summary.failed.append(
                f"{outcome.student_id}: {outcome.error}; see {LOGS_DIR}/{log.name}"
            )
    summary.retries += sum(o.attempts - 1 for o in outcomes)
    summary.ran, summary.reused = len(tasks), len(graded) - len(tasks)
    write_text_atomic(out / STATE_NAME, json.dumps({"key": key, "files": kept}, indent=1))


def _write_gradebook(
    intakes: list[Intake],
    graded: dict[str, Graded],
    settings: Settings,
    out: Path,
    scales: dict[str, Any],
    summary: Summary,
) -> list[Row]:
    # A file name or a quoted value reaches the terminal and the CSV only as visible escapes.
    rows = [
        replace(r, name=shown(r.name), reason=shown(r.reason, 300))
        for r in rows_for(intakes, graded)
    ]
    overrides, problems = read_overrides(out / OVERRIDES_NAME, settings.rubric)
    rows, more = apply_overrides(rows, overrides)
    rows, flagged = finish_rows(rows, {s: g.document for s, g in graded.items()}, settings)
    summary.problems += problems + more + flagged
    for row in rows:
        if row.status != "graded":
            continue
        g = graded[row.student_id]
        results = scale_results(g.scores, scales, settings.scales)
        feedback.write_feedback(
            out, row, g.evaluation, g.document, settings.lesson, results, settings.rubric
        )
    write_text_atomic(out / "gradebook.csv", to_csv(rows, settings.rubric))
    return rows


def _cohort_report(out: Path, settings: Settings, roster_path: Path | str | None) -> None:
    """Execute the report notebook once (plain papermill) and export it to HTML, code hidden."""
    import logging

    import papermill

    from .engine import ENGINE_NAME, register
    from .report_html import export_report

    register()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    executed = out / "cohort_report.ipynb"
    papermill.execute_notebook(
        str(notebook_path("cohort_report.ipynb")),
        str(executed),
        progress_bar=False,
        kernel_name="python3",
        engine_name=ENGINE_NAME,
        parameters={
            "gradebook_path": str(out / "gradebook.csv"),
            "cohort_path": str(out / "cohort.json"),
            "roster_path": str(Path(roster_path).resolve()) if roster_path else "",
            "rubric_path": str(settings.rubric.path),
            "config_path": str(settings.config.path),
            "lesson_path": str(settings.lesson.dir),
        },
    )
    export_report(executed, out / "cohort_report.html")
