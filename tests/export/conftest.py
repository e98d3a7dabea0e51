"""A simulated student: a tmp workspace holding every answer id in the data contract."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from nbkit.answers import describe
from nbkit.content import load_lesson
from nbkit.store import Store

LESSON_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "networking"

PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('onerror')\">",
    "<body onload=alert('onload')><div onmouseover=\"alert('hover')\">hover</div>",
    "<a href=\"javascript:alert('href')\">click me</a>",
    "javascript:alert('bare')",
    "<svg xmlns='http://www.w3.org/2000/svg' onload=\"alert('svg')\"><script>alert('svgscript')</script></svg>",
    "[a markdown link](javascript:alert('md')) and ![an image](https://evil.example.com/md.png)",
    "<!-- an HTML comment --> <b>bold?</b>",
    "```mermaid\ngraph TD\n  A-->B\n  click A call alert('mermaid')\n```",
    '{"x": "</script><script>alert(\'json\')</script>"}',
    "<iframe src='https://evil.example.com/frame'></iframe>",
    "<style>body{background:url('https://evil.example.com/css.png')}</style>",
    "<link rel=stylesheet href='https://evil.example.com/x.css'>",
    "https://evil.example.com/plain-url and www.evil.example.com",
    "{{ 7 * 7 }} {% raw %} ${7*7}",
    "emoji \N{GRINNING FACE} and \u05e9\u05dc\u05d5\u05dd right-to-left",
    "a-very-long-line-" + "x" * 5000,
)
BATTERY = "\n".join(PAYLOADS)

REPO = Path(__file__).resolve().parents[2]
GOALS = ("mentor", "community", "existing", "own")
TIMES = ["2026-12-01T14:30", "2026-12-03T09:00"]
IPIP = {"E1": 4, "E2": 2, "E3": 5, "E4": 1, "E5": 4, "E6": 2, "E7": 3, "E8": 2, "E9": 4, "E10": 3}


def _choices(answer_id: str, fallback: list[str], count: int = 2) -> list[str]:
    """Real option values from the lesson content when it declares the question."""
    try:
        options = load_lesson(LESSON_DIR).question(answer_id).options
    except KeyError:
        return fallback
    return [o.value for o in options[:count]] or fallback


def _text(answer_id: str) -> str:
    return f"Answer to {answer_id}.\n{BATTERY}"


def contract_answers() -> dict[str, Any]:
    """Every answer id in docs/data-contract.md, with the payload battery in free text."""
    a: dict[str, Any] = {
        "start.name": "Ada <script>alert('name')</script> Lovelace",
        "start.student_id": "../../ada lovelace<script>",
        "start.cohort": "2611-BE <b>x</b>",
        "start.slack": "@ada <img src=x onerror=alert('slack')>",
        "needs.needs": _choices("needs.needs", ["find_mentor", "learn_industry"]),
        "comfort.ipip": IPIP,
        "comfort.energizes": _choices("comfort.energizes", ["one_to_one", "coffee_chat"]),
        "comfort.drains": _choices("comfort.drains", ["group_events"], 1),
        "goals.chosen": list(GOALS),
        "goals.own_title": "Own goal <script>alert('own')</script>",
    }
    for key in ("notes_key_ideas", "notes_questions", "notes_actions", "needs_own",
                "background", "career_goals"):  # fmt: skip
        a[f"needs.{key}"] = _text(f"needs.{key}")
    a["needs.questions"] = [
        f"Question {i} about <script>alert({i})</script> work" for i in (1, 2, 3)
    ]
    a["comfort.circumstances"] = _text("comfort.circumstances")
    for g in GOALS:
        a[f"goals.{g}.contact_name"] = f"Contact {g} <img src=x onerror=alert('{g}')>"
        a[f"goals.{g}.contact_role"] = f"Role {g} javascript:alert('{g}')"
        a[f"goals.{g}.channel"] = _choices(f"goals.{g}.channel", ["slack"], 1)[0]
        a[f"goals.{g}.why"] = _text(f"goals.{g}.why")
        a[f"goals.{g}.time_options"] = TIMES
        a[f"goals.{g}.questions"] = [f"What did you learn at {g}? <b>{n}</b>" for n in (1, 2)]
        a[f"goals.{g}.message"] = _text(f"goals.{g}.message")
        a[f"goals.{g}.steps"] = _choices(f"goals.{g}.steps", ["message_sent", "questions_sent"])
        a[f"goals.{g}.target_date"] = "2026-12-14"
        a[f"goals.{g}.takeaway"] = _text(f"goals.{g}.takeaway")
    for key in ("smart_goal", "if_then", "mix_it_up", "slack"):
        a[f"reflection.{key}"] = _text(f"reflection.{key}")
    return a


def tracker_row(n: int) -> dict[str, Any]:
    text = f"Tracker {n} <script>alert('tracker{n}')</script> javascript:alert(1)"
    return {
        "name": f"Person {n} <b>bold</b>", "company": text, "role": "Engineer", "goal": "mentor",
        "how_met": text, "channel": "slack", "date_contacted": "2026-11-20",
        "time_options": "2026-12-01T14:30", "response_status": "replied",
        "meeting_date": "2026-12-01", "format": "video call", "questions": text, "notes": BATTERY,
        "takeaway": text, "follow_up": text, "follow_up_due": "2026-12-08",
        "thank_you_sent": n % 2 == 0, "status": "met",
    }  # fmt: skip


def fill(home: Path, answers: dict[str, Any], rows: int = 2) -> Path:
    at = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
    with Store(home) as store:
        for i, (answer_id, value) in enumerate(answers.items()):
            store.save(answer_id, value, at=at + dt.timedelta(seconds=i))
        for n in range(rows):
            store.save_row("tracker", tracker_row(n))
        store.record("take", "comfort.ipip", {"responses": {"E1": 1}, "score": 22})
        store.record("take", "comfort.ipip", {"responses": IPIP, "score": 36})
    return home


@pytest.fixture
def lesson_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the lesson folder (nbkit.toml + notebooks) so exports/ lands in tmp_path."""
    root = tmp_path / "lesson"
    root.mkdir()
    # The nearest nbkit.toml decides the exports/ folder: make it this copy, not the repo's.
    monkeypatch.chdir(root)
    monkeypatch.delenv("NBKIT_CONFIG", raising=False)
    shutil.copy(REPO / "nbkit.toml", root / "nbkit.toml")
    shutil.copytree(REPO / "notebooks" / "networking", root / "notebooks" / "networking",
                    ignore=shutil.ignore_patterns(".*"))  # fmt: skip
    return root


@pytest.fixture
def simulated_student(lesson_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A complete workspace; returns its folder (NBKIT_HOME points at it)."""
    home = fill(lesson_root / ".nbkit", contract_answers())
    monkeypatch.setenv("NBKIT_HOME", str(home))
    return home


# -- helpers the export tests share (as fixtures, so test modules need no imports from here) --


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse_html(markup: str) -> _Text:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return parser


def expected_texts(document: dict[str, Any]) -> list[str]:
    """Each answer as the pieces a reader should find on the page (labels for choices)."""
    lesson = load_lesson(LESSON_DIR)
    out: list[str] = []
    for answer_id, answer in document["answers"].items():
        value = answer["value"]
        try:
            question = lesson.question(answer_id)
        except KeyError:
            out += value if isinstance(value, list) else str(value).split("\n")
            continue
        if question.kind in ("single", "multi", "checklist"):
            out += [
                question.option_label(v) for v in (value if isinstance(value, list) else [value])
            ]
        elif question.kind == "likert":
            scale = question.scale or ("1", "2", "3", "4", "5")
            out += [i.text for i in question.items] + [scale[v - 1] for v in value.values()]
        elif question.kind == "list":
            out += value
        else:
            out += describe(question, value).split("\n")
    return [t for t in out if t.strip()]


@pytest.fixture
def html_text():
    return lambda markup: "".join(parse_html(markup).parts)


@pytest.fixture
def html_parse():
    return parse_html


@pytest.fixture
def answer_texts():
    return expected_texts


@pytest.fixture
def payloads() -> tuple[str, ...]:
    return PAYLOADS


@pytest.fixture
def fill_workspace():
    return fill


@pytest.fixture
def student_answers() -> dict[str, Any]:
    return contract_answers()
