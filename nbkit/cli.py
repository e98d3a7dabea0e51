"""The `nbkit` command: parse, call one public function, map expected errors to exit codes.

Exit codes: 0 ok; 1 other expected error; 2 usage; 3 configuration; 4 workspace;
5 invalid submission; 6 export; 7 would overwrite; 8 some submissions invalid (grade).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import NbkitError


def _start(args: argparse.Namespace) -> int:
    from .launch import start_lab

    return start_lab(port=args.port, open_browser=not args.no_browser, lab_dir=args.dir)


def _status(args: argparse.Namespace) -> int:
    from .status import format_status, lesson_status

    report = lesson_status(workspace=args.workspace, config_path=args.config)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_status(report))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export.api import export_lesson

    formats = [f.strip() for f in args.to.split(",") if f.strip()]
    written = export_lesson(
        workspace=args.workspace,
        config_path=args.config,
        out_dir=args.out,
        formats=formats,
        overwrite=args.force,
    )
    for path in written:
        print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from .submission import import_submission

    count = import_submission(args.submission, workspace=args.workspace, force=args.force)
    print(f"Imported {count} answers into {args.workspace or 'the workspace'}.")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .grade.batch import grade_submissions

    summary = grade_submissions(
        args.submissions,
        out_dir=args.out,
        jobs=args.jobs,
        rubric_path=args.rubric,
        roster_path=args.roster,
        config_path=args.config,
        force=args.force,
        progress=not args.quiet,
    )
    print(summary.text())
    return summary.exit_code


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
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true", help="print the URL, open no browser")
    p.add_argument("--dir", type=Path, default=None, help="notebook folder (default: the lesson)")

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

    p = command("grade", _grade, "Batch-grade a folder of submissions with papermill.")
    p.add_argument("submissions", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument("--rubric", type=Path, default=None)
    p.add_argument("--roster", type=Path, default=None, help="CSV with a student_id column")
    p.add_argument("--force", action="store_true", help="re-grade unchanged submissions")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
