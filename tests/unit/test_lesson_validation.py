"""The lesson's own questions refuse bad input with a clear message (the value is still saved)."""

from __future__ import annotations

import datetime as dt

import pytest

from nbkit.config import load_config
from nbkit.content import load_lesson
from nbkit.progress import validation_context
from nbkit.validate import Context, problems

pytestmark = pytest.mark.unit

CTX = Context(
    today=dt.date(2026, 11, 30),
    now=dt.datetime(2026, 11, 30, 9, 0),
    dates={"due:action_step": dt.date(2026, 12, 28), "week1_start": dt.date(2026, 11, 23)},
    names={"due:action_step": "Networking action step"},
)


def check(answer_id: str, value) -> list[str]:
    return problems(load_lesson().question(answer_id), value, CTX)


def test_target_date_after_the_due_date_is_refused():
    assert check("goals.mentor.target_date", "2026-12-20") == []
    found = check("goals.mentor.target_date", "2027-01-04")
    assert found == [
        "Pick a date on or before Mon 28 Dec 2026 (Networking action step is due then)."
    ]


def test_the_due_label_comes_from_the_lesson_through_the_config(config_file):
    context = validation_context(load_config(config_file), dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    assert context.names["due:action_step"] == load_lesson().due["action_step"].label
    assert context.dates["due:action_step"] == dt.date(2026, 11, 23)  # the fixture's week 6


def test_time_options_in_the_past_or_too_few():
    found = check("goals.community.time_options", ["2026-11-29T10:00"])
    assert any("in the past" in p for p in found) and any("at least 2" in p for p in found)
    assert check("goals.community.time_options", ["2026-12-01T10:00", "2026-12-02T15:30"]) == []
    assert any(
        "on or before" in p
        for p in check("goals.community.time_options", ["2026-12-01T10:00", "2027-02-01T10:00"])
    )


def test_questions_need_three_specific_ones_without_blanks():
    found = check(
        "needs.questions",
        [
            "I know I'm interested in ______ kind of work. Which skills matter most there?",
            "What is the tech industry like?",
        ],
    )
    assert any("blank" in p for p in found) and any(
        "copy of a suggested prompt" in p for p in found
    )
    assert any("at least 3" in p for p in found)
    mine = [
        "Which health-tech companies in Denver hire junior back-end developers?",
        "How did former teachers on your team explain their career change in interviews?",
        "What does a code review look like on a team that ships every day?",
    ]
    assert check("needs.questions", mine) == []


def test_goal_questions_blanks_and_why_required_for_community():
    found = check(
        "goals.mentor.questions",
        [
            "I know I'm interested in ______ kind of work. Do you have any advice on how I could learn more about that?",
            "Mine?",
        ],
    )
    assert any("blank" in p for p in found)
    assert check("goals.community.why", "") == ["This one is required."]
    assert check("goals.mentor.why", "") == []


def test_required_empty_huge_and_unicode_answers():
    assert check("needs.background", "  ") == ["This one is required."]
    assert any("under 20,000 characters" in p for p in check("needs.background", "word " * 20_000))
    assert (
        check(
            "needs.needs_own",
            "مرحبا 🎉 I want feedback on my story and to meet people in health tech teams soon please",
        )
        == []
    )
    markup = "<script>alert(1)</script> I learned that small groups suit me, so I will ask my"
    assert (
        check("reflection.slack", markup + " mentor for one call about her first job this week.")
        == []
    )  # saved as text, escaped on display (repeating it ten times is filler, see test_validate)
