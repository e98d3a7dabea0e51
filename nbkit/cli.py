"""The `nbkit` command: parse, call one public function, map expected errors to exit codes.

Exit codes: 0 ok; 1 other expected error; 2 usage; 3 configuration; 4 workspace;
5 invalid submission or feedback file; 6 export; 7 would overwrite; 8 some submissions invalid (grade);
9 nothing to grade (grade: the submissions folder is missing or empty).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import NbkitError


def _start(args: argparse.Namespace) -> int:
    from .launch import start_lab

    return start_lab(
        port=args.port,
        open_browser=not args.no_browser,
        lesson_id=args.lesson,
        config=args.config,
        update_lesson=args.update_lesson,
        app=args.app,
    )


def _lessons(args: argparse.Namespace) -> int:
    from .catalog import installed_lessons

    lessons = installed_lessons()
    if not lessons:
        print("No lessons are installed.")
    for ref in sorted(lessons.values(), key=lambda r: r.id):
        print(f"{ref.id}  (version {ref.version})  {ref.title}\n    {ref.dir}")
    return 0


def _lesson_check(args: argparse.Namespace) -> int:
    from .lesson_check import check_lesson

    problems = check_lesson(args.dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"nbkit lesson check: {len(problems)} problem(s) in {args.dir}", file=sys.stderr)
        return 3
    print(f"{args.dir}: no problems found")
    return 0


def _status(args: argparse.Namespace) -> int:
    from .paths import resolve_paths
    from .status import format_status, lesson_status

    paths = resolve_paths(config=args.config, home=args.workspace)
    report = lesson_status(paths)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_status(report))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export.api import export_lesson
    from .paths import resolve_paths

    paths = resolve_paths(config=args.config, home=args.workspace)
    formats = [f.strip() for f in args.to.split(",") if f.strip()]
    written = export_lesson(
        workspace=paths.home,
        config_path=paths.config,
        out_dir=args.out or paths.exports,
        formats=formats,
        overwrite=args.force,
    )
    for path in written:
        print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from .paths import resolve_paths
    from .submission import import_submission

    paths = resolve_paths(config=args.config, home=args.workspace)
    count = import_submission(args.submission, workspace=paths.home, force=args.force)
    print(f"Imported {count} answers into {paths.home}.")
    return 0


def _feedback_import(args: argparse.Namespace) -> int:
    from .feedback import import_feedback

    document, kept = import_feedback(args.file, workspace=args.workspace, config=args.config)
    print(
        f"Imported feedback for {document['student']['student_id']} "
        f"({len(document['criteria'])} criteria) into {kept}. "
        "Run the lesson's notebooks to read it next to your answers."
    )
    return 0


def _at_least_1(text: str) -> int:
    # A usage error (exit 2) before anything runs; 0 workers would grade nothing, slowly.
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def _grade(args: argparse.Namespace) -> int:
    from .grade.batch import grade_submissions
    from .paths import resolve_paths

    paths = resolve_paths(config=args.config)
    summary = grade_submissions(
        args.submissions,
        out_dir=args.out,
        jobs=args.jobs,
        rubric_path=args.rubric,
        roster_path=args.roster,
        config_path=paths.config,
        force=args.force,
        progress=not args.quiet,
        lesson_dir=args.lesson,
        lms=args.lms,
        extensions_path=args.extensions,
        scheduler=args.scheduler,
        shard=args.shard,
        review_notebooks=not args.no_review_notebooks,
    )
    if args.shard:
        from .grade.merge import shard_text

        print(shard_text(args.shard, summary.ran, summary.failed, summary.out_dir))
        return 0
    print(summary.text())
    return summary.exit_code


def _grade_merge(args: argparse.Namespace) -> int:
    from .grade.batch import grade_submissions
    from .grade.merge import merge_shards

    run = merge_shards(args.shards, args.out)
    summary = grade_submissions(out_dir=args.out, progress=not args.quiet, **run)
    print(summary.text())
    return summary.exit_code


def _shard(text: str) -> str:
    from .grade.merge import UsageError, parse_shard

    try:
        parse_shard(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _hub_config(args: argparse.Namespace) -> int:
    from .hub import hub_config

    print(hub_config(args.lesson, args.config, git=args.git), end="")
    return 0


def _link(args: argparse.Namespace) -> int:
    from .hub import lesson_path_in_checkout, pull_link

    lesson_path = lesson_path_in_checkout(Path.cwd(), args.lesson)
    print(pull_link(args.hub, args.repo, args.branch, lesson_path))
    return 0


def _submit(args: argparse.Namespace) -> int:
    from .export.handin import submit_lesson

    path = submit_lesson(workspace=args.workspace, config_path=args.config, inbox=args.inbox)
    print(f"Handed in: {path}")
    return 0


def _inbox_create(args: argparse.Namespace) -> int:
    from .inbox import create_inbox

    print(create_inbox(args.dir, group=args.group))
    return 0


def _add_hub_commands(command: Callable[..., argparse.ArgumentParser], sub: Any) -> None:
    p = command(
        "hub-config", _hub_config, "Print the jupyterhub_config.py fragment and TLJH recipe."
    )
    p.add_argument("--lesson", default=None, help="lesson id (default: the kit's default lesson)")
    p.add_argument(
        "--git", action="store_true", help="students get the lesson by `nbkit link`, not a copy"
    )
    p = command("link", _link, "Print an nbgitpuller link that opens the lesson on a hub.")
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", required=True, help="the git URL students pull the lesson from")
    p.add_argument("--branch", default=None, help="branch (default: the repository's default)")
    p.add_argument("--lesson", default=None, help="lesson id in this checkout (default: nearest)")
    p = command("submit", _submit, "Hand in: the submission into the cohort's inbox.")
    p.add_argument("--workspace", type=Path, default=None)
    p.add_argument("--inbox", type=Path, default=None, help="default: [handin] inbox in nbkit.toml")
    inbox = sub.add_parser("inbox", help="The cohort's hand-in folder (instructors).")
    inbox_sub = inbox.add_subparsers(dest="inbox_command", required=True)
    text = "Make DIR a hand-in folder: students write their own file, read no one's."
    p = inbox_sub.add_parser("create", help=text, description=text)
    p.add_argument("dir", type=Path)
    p.add_argument("--group", default=None, help="Unix group that may read (default: yours)")
    p.set_defaults(handler=_inbox_create)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nbkit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nbkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        p.add_argument("--config", type=Path, default=None, help="nbkit.toml (default: nearest)")
        return p

    p = command("start", _start, "Start JupyterLab on the lesson, with the kit's settings.")
    p.add_argument("--lesson", default=None, help="lesson id to copy in (see `nbkit lessons`)")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true", help="print the URL, open no browser")
    p.add_argument(
        "--update-lesson",
        action="store_true",
        help="bring in a newer installed lesson version (files you changed are kept)",
    )
    p.add_argument(
        "--app",
        action="store_true",
        help="serve the lesson as an app (Voila): no code, no menus, the same saved answers",
    )

    sub.add_parser(
        "lessons", help="List the installed lessons.", description="List the installed lessons."
    ).set_defaults(handler=_lessons)

    lesson = sub.add_parser("lesson", help="Work on a lesson folder (authors).")
    lesson_sub = lesson.add_subparsers(dest="lesson_command", required=True)
    p = lesson_sub.add_parser(
        "check",
        help="Validate a lesson folder: one line per problem, exit 3 if any.",
        description="Validate a lesson folder: one line per problem, exit 3 if any.",
    )
    p.add_argument("dir", type=Path, help="the lesson folder (holds lesson.toml)")
    p.set_defaults(handler=_lesson_check)

    p = command("status", _status, "Progress per section, time spent, next due date.")
    p.add_argument("--json", action="store_true")
    p.add_argument("--workspace", type=Path, default=None)

    p = command("export", _export, "Write the deliverable (HTML, PDF, JSON, .ipynb) to exports/.")
    p.add_argument(
        "--to",
        default="html,pdf,json,ipynb",
        help="comma list of html, pdf, json, ipynb, ics, csv, xlsx",
    )
    p.add_argument("--out", type=Path, default=None, help="folder (default: exports/)")
    p.add_argument("--workspace", type=Path, default=None)
    p.add_argument(
        "--force", action="store_true", help="replace an earlier export of the same name"
    )

    p = command("import", _import, "Load a submission JSON into a workspace.")
    p.add_argument("submission", type=Path)
    p.add_argument("--workspace", type=Path, default=None)
    p.add_argument("--force", action="store_true", help="replace a workspace that has answers")

    feedback = sub.add_parser("feedback", help="Your instructor's feedback (students).")
    feedback_sub = feedback.add_subparsers(dest="feedback_command", required=True)
    help_ = "Import the feedback file your instructor returned; read it in the lesson's notebooks."
    p = feedback_sub.add_parser("import", help=help_, description=help_)
    p.add_argument("file", type=Path, help="<student>.feedback.json from nbkit grade")
    p.add_argument("--config", type=Path, default=None, help="nbkit.toml (default: nearest)")
    p.add_argument("--workspace", type=Path, default=None)
    p.set_defaults(handler=_feedback_import)

    p = command("grade", _grade, "Batch-grade a folder of submissions with papermill.")
    p.add_argument("submissions", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--jobs", type=_at_least_1, default=None, help="worker processes (default: cores)"
    )
    p.add_argument("--rubric", type=Path, default=None)
    p.add_argument(
        "--roster",
        type=Path,
        default=None,
        help="CSV: student_id, and optionally name, email, sis_user_id, sis_login_id, section, "
        "canvas_id (the LMS ids)",
    )
    p.add_argument(
        "--lms",
        choices=("csv", "canvas", "moodle"),
        default="csv",
        help="also write the gradebook in this LMS's import layout (gradebook-<lms>.csv)",
    )
    p.add_argument(
        "--extensions",
        type=Path,
        default=None,
        help="CSV: student_id, deliverable, due (a date, or date and time, in the cohort's zone)",
    )
    p.add_argument(
        "--lesson",
        type=Path,
        default=None,
        help="lesson folder (default: the one submissions name)",
    )
    p.add_argument("--force", action="store_true", help="re-grade unchanged submissions")
    p.add_argument(
        "--no-review-notebooks",
        action="store_true",
        help="skip the per-student review notebooks (grades and feedback do not depend on them)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--scheduler",
        default=None,
        help="run the grade notebooks on dask.distributed: 'local' (a LocalCluster of --jobs "
        "workers) or a scheduler address tcp://HOST:8786 (docs/scale.md)",
    )
    p.add_argument(
        "--shard",
        type=_shard,
        default=None,
        help="K/N: run only this array task's share of the notebooks; then `nbkit grade merge`",
    )
    help_ = "Merge the outputs of `nbkit grade --shard K/N` (all N) into one gradebook and report."
    p = sub.add_parser("grade-merge", help=argparse.SUPPRESS, description=help_)
    p.prog = "nbkit grade merge"
    p.add_argument("shards", type=Path, nargs="+", help="the --out folder of every shard")
    p.add_argument("--out", type=Path, required=True, help="a new folder for the merged run")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=_grade_merge)
    _add_hub_commands(command, sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["grade", "merge"]:  # `grade` takes a folder: merge is its own parser
        argv = ["grade-merge", *argv[2:]]
    args = _parser().parse_args(argv)
    if args.command == "grade-merge":
        args.command = "grade merge"  # as the user typed it, in messages
    try:
        return int(args.handler(args))
    except NbkitError as exc:
        print(f"nbkit {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"nbkit {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
