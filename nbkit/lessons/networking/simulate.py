"""Simulated students of the networking lesson, for tests and benchmarks.

A document is first built in the shape `nbkit export` wrote before issue 9
(`nbkit.submission/1`: `make_submission_1`), then migrated exactly as `read_submission` migrates
such a file (`nbkit.submission.migrate_1`) and validated as `nbkit.submission/2`. The hostile
kinds are the ones `nbkit grade` must refuse (or grade without running anything): see HOSTILE.
Generic samples of any lesson are nbkit.grade.sample's job; this module knows this lesson.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from ...config import Config
from ...content import Lesson, load_lesson
from ...submission import migrate_1, validate

LESSON_ID = "module1-week2-networking"
SCHEMA_1 = "nbkit.submission/1"

VALID_KINDS = ("complete", "partial", "late")
HOSTILE = (
    "malformed",
    "truncated",
    "wrong_schema",
    "oversized",
    "duplicate",
    "future",
    "traversal",
    "markup",
    "notebook_code",
    "metadata_code",
)
NAMES = (
    "Ada",
    "Grace",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Radia",
    "Alan",
    "Frances",
)


def lesson() -> Lesson:
    """The networking lesson as installed (its comfort scale's items and bands score the takes)."""
    from ...catalog import find_lesson

    return load_lesson(find_lesson(LESSON_ID).dir)


def config_text(week1_start: dt.date, timezone: str = "America/Denver", max_mb: float = 5) -> str:
    """A minimal nbkit.toml for a cohort (tests put Week 1 in the past so nothing is future-dated)."""
    return (
        f'[lesson]\nid = "{LESSON_ID}"\n\n'
        f'[cohort]\nname = "sim-cohort"\nweek1_start = {week1_start.isoformat()}\n'
        f'timezone = "{timezone}"\n\n[[instructors]]\nname = "Allison Singer"\n'
        f'slack = "@allison_reu_singer"\n\n[grading]\nmax_submission_mb = {max_mb}\n'
    )


def past_week1(weeks_ago: int = 10, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=weeks_ago)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _local(config: Config, week: int, weekday: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(config.day(week, weekday), dt.time(hour, minute), tzinfo=config.tz)


def _skeleton(config: Config, student_id: str, name: str, exported: dt.datetime) -> dict[str, Any]:
    return {
        "schema": SCHEMA_1,
        "lesson": {
            "id": LESSON_ID,
            "version": "1",
            "title": "Introduction to Networking (Module 1, Week 2)",
        },
        "kit_version": "0.1.0",
        "exported_at": _utc(exported),
        "cohort": {
            "name": config.cohort,
            "timezone": config.timezone,
            "due": {k: d.isoformat() for k, d in config.due_dates().items()},
        },
        "profile": {
            "name": name,
            "student_id": student_id,
            "cohort": config.cohort,
            "slack": "@" + student_id,
        },
        "answers": {},
        "assessment": {
            "instrument": "ipip-bfm-extraversion-10",
            "complete": False,
            "responses": {},
            "score": None,
            "mean": None,
            "band": None,
            "takes": [],
        },
        "goals": [],
        "tracker": [],
        "reflection": {"smart_goal": "", "if_then": "", "mix_it_up": "", "slack": ""},
        "progress": {},
    }


def _answer(doc: dict[str, Any], key: str, value: Any, at: dt.datetime) -> None:
    doc["answers"][key] = {"value": value, "updated_at": _utc(at)}


def _responses(rng: random.Random, count: int) -> dict[str, int]:
    lean = rng.choice((1, 2, 3, 4))  # spreads the cohort's comfort scores
    return {f"E{n}": min(5, max(1, lean + rng.choice((-1, 0, 1, 2)))) for n in range(1, count + 1)}


def _goal(goal_id: str, config: Config, complete: bool) -> dict[str, Any]:
    times = [_local(config, 3, "tuesday", 14, 30), _local(config, 3, "thursday", 10)]
    return {
        "id": goal_id,
        "title": {
            "mentor": "Networking with your mentor",
            "community": "Meet someone new",
            "existing": "A contact you already know",
        }[goal_id],
        "contact": {"name": "Sam Rivera", "role": "Backend developer", "channel": "slack"},
        "why": "Sam changed careers from teaching, as I am doing now." if complete else "",
        "time_options": [t.strftime("%Y-%m-%dT%H:%M") for t in (times if complete else times[:1])],
        "questions": (
            [
                "When you were looking for your first software job, what worked for you?",
                "What do you look for in junior developers at your company?",
            ]
            if complete
            else ["What do you look for in junior developers?"]
        ),
        "message": (
            "Hi Sam, I am a career changer in the backend program and your move from teaching "
            "to development really interests me. Could we talk for 20 minutes about your first "
            "job search? Tuesday 2:30pm or Thursday 10am work for me."
            if complete
            else "Hi Sam, could we talk about your career soon?"
        ),
        "steps": ["message_sent", "questions_sent"] + (["conversation_held"] if complete else []),
        "target_date": config.day(5, "friday").isoformat(),
    }


def make_submission(
    config: Config,
    kind: str = "complete",
    student_id: str = "s001",
    name: str = "Ada",
    seed: int = 0,
) -> dict[str, Any]:
    """A valid /2 submission: complete (full marks), partial (31 of 100 points) or late (30 h)."""
    return to_2(make_submission_1(config, kind, student_id, name, seed))


def to_2(document_1: dict[str, Any]) -> dict[str, Any]:
    """A /1 document as `read_submission` hands it on (migrated), validated as /2."""
    document = dict(migrate_1(json.loads(json.dumps(document_1))))
    validate(document)
    return document


def make_submission_1(
    config: Config,
    kind: str = "complete",
    student_id: str = "s001",
    name: str = "Ada",
    seed: int = 0,
) -> dict[str, Any]:
    """The same student as the previous version's exporter wrote them (nbkit.submission/1)."""
    if kind not in VALID_KINDS:
        raise ValueError(f"kind must be one of {VALID_KINDS}")
    from ...assess import score_question

    rng = random.Random(seed)
    complete = kind != "partial"
    exported = _local(config, 5, "saturday", 12)
    if kind == "late":
        exported = config.deadline("action_step") + dt.timedelta(hours=30)
    doc = _skeleton(config, student_id, name, exported)
    answered_at = _local(config, 2, "wednesday", 10)
    goal_id = rng.choice(("mentor", "community", "existing")) if complete else "community"
    for key in ("name", "student_id", "cohort", "slack"):
        _answer(doc, f"start.{key}", doc["profile"][key], answered_at)
    _answer(doc, "needs.questions", _industry_questions(complete), answered_at)
    responses = _responses(rng, 10 if complete else 6)
    _answer(doc, "comfort.ipip", responses, answered_at)
    _answer(doc, "goals.chosen", [goal_id], answered_at)
    goal = _goal(goal_id, config, complete)
    _answer(doc, f"goals.{goal_id}.time_options", goal["time_options"], answered_at)
    doc["goals"] = [goal]
    result = score_question(lesson().question("comfort.ipip"), responses)
    doc["assessment"].update(
        complete=result.complete,
        responses=responses,
        score=result.score,
        mean=result.mean,
        band=result.band,
        takes=[{"taken_at": _utc(answered_at), "score": result.score}] if result.complete else [],
    )
    doc["tracker"] = [_tracker_row(goal, complete)]
    doc["reflection"] = _reflection(complete)
    # The views are derived from answers: a real export carries the answers they came from.
    for key, value in _goal_answers(goal).items():
        _answer(doc, f"goals.{goal_id}.{key}", value, answered_at)
    for key, text in doc["reflection"].items():
        if text:
            _answer(doc, f"reflection.{key}", text, answered_at)
    return doc


def _goal_answers(goal: dict[str, Any]) -> dict[str, Any]:
    contact = goal["contact"]
    answers = {
        "contact_name": contact["name"],
        "contact_role": contact["role"],
        "channel": contact["channel"],
        "why": goal["why"],
        "questions": goal["questions"],
        "message": goal["message"],
        "steps": goal["steps"],
        "target_date": goal["target_date"],
    }
    return {k: v for k, v in answers.items() if v}


def _industry_questions(complete: bool) -> list[str]:
    questions = [
        "How did you figure out where you wanted to start with your first job?",
        "What can junior developers do to help themselves stand out?",
    ]
    third = (
        "I know I'm interested in data engineering work; how could I learn more about it?"
        if complete
        else "I know I'm interested in ______ kind of work. Any advice?"
    )
    return [*questions, third]


def _tracker_row(goal: dict[str, Any], complete: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": goal["contact"]["name"],
        "company": "Acme",
        "goal": goal["id"],
        "channel": "slack",
        "status": "met" if complete else "messaged",
        "notes": "",
        "takeaway": "",
        "follow_up": "",
        "thank_you_sent": False,
    }
    if complete:
        row.update(
            notes="Talked about the first job search and portfolio projects.",
            takeaway="Build one project with a real deployment.",
            follow_up="Ask Sam for an introduction to their team lead.",
        )
    return row


def _reflection(complete: bool) -> dict[str, str]:
    if not complete:
        return {
            "smart_goal": "I will message my mentor.",
            "if_then": "",
            "mix_it_up": "",
            "slack": "",
        }
    return {
        "smart_goal": "By Friday of Week 3 I will message my mentor Sam and hold one 20-minute "
        "career conversation; done when the tracker shows met.",
        "if_then": "If it is Monday at 9am, then I will send the message to Sam.",
        "mix_it_up": "My needs: understanding first jobs. My comfort: small groups.",
        "slack": "I learned that I get energy from one-to-one conversations more than from big "
        "events, so this module I will set up two calls with people I already know "
        "and log each one in my tracker with a takeaway.",
    }


def as_notebook(doc: dict[str, Any], code: str = "", extra_metadata: Any = None) -> dict[str, Any]:
    """The exported .ipynb shape: answers in outputs, the document in metadata.nbkit.submission."""
    cells: list[dict[str, Any]] = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Submission"}
    ]
    if code:
        cells.append(
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": code,
            }
        )
    nbkit_meta: dict[str, Any] = {"submission": doc}
    if extra_metadata is not None:
        nbkit_meta.update(extra_metadata)
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "nbkit": nbkit_meta,
        },
    }


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def write_valid(folder: Path, config: Config, count: int, start: int = 0) -> dict[str, str]:
    """`count` valid submissions (mostly complete, every 4th partial, every 5th late)."""
    written = {}
    for n in range(start, start + count):
        kind = "partial" if n % 4 == 3 else "late" if n % 5 == 4 else "complete"
        sid = f"s{n:03d}"
        doc = make_submission(config, kind, sid, f"{NAMES[n % len(NAMES)]} {n}", seed=n)
        _write_json(folder / f"{sid}.json", doc)
        written[sid] = kind
    return written


def write_hostile(
    folder: Path, config: Config, marker: Path, kinds: tuple[str, ...] = HOSTILE
) -> dict[str, str]:
    """One file per hostile kind; returns file name -> kind. `marker` must never appear."""
    base = make_submission_1(config, "complete", "h000", "Hostile Base")
    files: dict[str, str] = {}

    def put(name: str, kind: str, data: Any = None, text: str | None = None) -> None:
        path = folder / name
        path.write_text(text if text is not None else json.dumps(data), encoding="utf-8")
        files[name] = kind

    writers = {
        "malformed": lambda: put("malformed.json", "malformed", text="{this is not json"),
        "truncated": lambda: put("truncated.json", "truncated", text=json.dumps(base)[:900]),
        "wrong_schema": lambda: put(
            "wrong-schema.json", "wrong_schema", {**base, "schema": "nbkit.submission/9"}
        ),
        "oversized": lambda: put("oversized.json", "oversized", to_2(_padded(base, config))),
        "duplicate": lambda: _duplicates(put, config),
        "future": lambda: put("future.json", "future", to_2(_future(config))),
        "traversal": lambda: put("traversal.json", "traversal", _with_id(config, "../../evil")),
        "markup": lambda: put("markup.json", "markup", to_2(_markup(config))),
        "notebook_code": lambda: put(
            "notebook-code.ipynb",
            "notebook_code",
            as_notebook(
                make_submission(config, "complete", "h900", "Notebook Code"),
                code=_marker_code(marker),
            ),
        ),
        "metadata_code": lambda: put(
            "metadata-code.ipynb",
            "metadata_code",
            as_notebook(
                make_submission(config, "complete", "h901", "Metadata Code"),
                extra_metadata={"preprocess": _marker_code(marker)},
            ),
        ),
    }
    for kind in kinds:
        writers[kind]()
    return files


def _marker_code(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('student code ran')"


def _with_id(config: Config, student_id: str) -> dict[str, Any]:
    return make_submission(config, "complete", student_id, "Path Traversal")


def _padded(base: dict[str, Any], config: Config) -> dict[str, Any]:
    doc = json.loads(json.dumps(base))
    doc["profile"]["student_id"] = "h002"
    doc["reflection"]["mix_it_up"] = "x" * int(config.max_submission_mb * 1024 * 1024 + 1024)
    return doc


def _future(config: Config) -> dict[str, Any]:
    doc = make_submission_1(config, "complete", "h003", "Future Dated")
    doc["exported_at"] = _utc(dt.datetime.now(dt.UTC) + dt.timedelta(days=3))
    return doc


def _duplicates(put: Any, config: Config) -> None:
    older = make_submission(config, "partial", "d001", "Dup Older")
    newer = make_submission(config, "complete", "d001", "Dup Newer")
    newer["exported_at"] = _utc(_local(config, 5, "sunday", 9))
    put("dup-older.json", "duplicate", older)
    put("dup-newer.json", "duplicate_kept", newer)


SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def _markup(config: Config) -> dict[str, Any]:
    doc = make_submission_1(config, "complete", "h004", "Markup")

    def poison(value: Any) -> Any:
        if isinstance(value, str) and value:
            return value + SCRIPT
        if isinstance(value, list):
            return [poison(v) for v in value]
        if isinstance(value, dict):
            return {k: poison(v) for k, v in value.items()}
        return value

    doc["reflection"] = poison(doc["reflection"])
    doc["tracker"] = poison(doc["tracker"])
    for goal in doc["goals"]:
        for key in ("title", "why", "questions", "message"):
            goal[key] = poison(goal[key])
        goal["contact"]["name"] = poison(goal["contact"]["name"])
    doc["profile"]["name"] = "Mallory" + SCRIPT
    doc["answers"]["needs.questions"]["value"] = poison(doc["answers"]["needs.questions"]["value"])
    return doc
