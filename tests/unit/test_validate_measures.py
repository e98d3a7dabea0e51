"""The one source of truth for "is this answer acceptable": blanks, bank copies, repeats and
filler, measured in linear time, and the same messages the notebook shows."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from nbkit.content import load_lesson
from nbkit.validate import (
    Context,
    acceptable_items,
    bank_copy,
    is_filler,
    problems,
    text_problems,
    word_list,
)

pytestmark = pytest.mark.unit

CTX = Context(today=dt.date(2026, 11, 30), now=dt.datetime(2026, 11, 30, 9, 0))
SINCERE = (
    "I want to talk with my mentor Dana about how she found her first developer job. I will "
    "message her on Slack this Tuesday and offer two times next week."
)


@pytest.mark.parametrize(
    "text", ["word " * 25, "By 1 mentor I will network. " * 3, "I I I I I I I will call Sam"]
)
def test_filler_is_found(text: str) -> None:
    assert is_filler(text)


@pytest.mark.parametrize(
    "text",
    [
        SINCERE,
        "Yes.",
        "network network network networking mentor",  # under six words: too short to judge
        "Can you tell me, can you?",  # a short sentence may say a word twice
        "Which health-tech companies in Denver hire junior back-end developers?",
        " ".join(f"w{i}" for i in range(500)),
    ],
)
def test_real_text_is_not_filler(text: str) -> None:
    assert not is_filler(text)


def test_the_notebook_and_the_grader_read_the_same_numbers_from_the_lesson() -> None:
    lesson = load_lesson()
    goal = lesson.question("reflection.smart_goal")
    assert text_problems(goal, "By 1 mentor I will network.") == [
        f"Write at least {goal.min_words} words (so far 6)."
    ]
    assert problems(goal, "By 1 mentor I will network. " * 3, CTX) == [
        "This repeats the same few words. Say it in your own words, as you would tell a friend."
    ]
    assert problems(goal, SINCERE, CTX) == []


def test_list_items_blanks_bank_copies_repeats_and_filler() -> None:
    question = load_lesson().question("needs.questions")
    items = [
        "What is the tech industry like?",  # a generic prompt from the bank
        "what is the TECH industry like",  # the same, for the grader too
        "I know I'm interested in ______ kind of work. Which skills matter most there?",
        "Which health-tech companies in Denver hire junior back-end developers?",
        "which health-tech companies in Denver hire junior back-end developers",
        "job job job job job job job",
    ]
    good, notes = acceptable_items(question, items)
    assert good == [items[3]]
    assert notes == [
        "Item 1 is a copy of a suggested prompt; make it specific to you.",
        "Two items are the same (item 2 repeats one above); make each different.",
        "Item 3: fill in the blank (______) with your own words.",
        "Two items are the same (item 5 repeats one above); make each different.",
        "Item 6 repeats the same few words; say it in your own words.",
    ]
    assert bank_copy(question, " What is the tech industry like ")


def test_goal_questions_refuse_unchanged_bank_prompts_as_the_grader_does() -> None:
    question = load_lesson().question("goals.mentor.questions")
    prompt = question.bank[0]
    assert any("copy of a suggested prompt" in p for p in problems(question, [prompt], CTX))
    mine = prompt.replace("the tech industry", "health tech after teaching")
    assert acceptable_items(question, [mine])[0] == [mine]


def test_measures_are_linear_in_the_text() -> None:
    """Doubling the text about doubles the time (a backtracking pattern would square it)."""
    question = load_lesson().question("reflection.slack")

    def cost(size: int) -> float:
        text = ("a " * (size // 2)) + "_" * 2 + "!" * (size // 2)
        start = time.perf_counter()
        text_problems(question, text)
        word_list(text)
        return time.perf_counter() - start

    small, large = min(cost(100_000) for _ in range(3)), min(cost(400_000) for _ in range(3))
    assert large < small * 12  # 4x the text: linear is ~4x, quadratic would be ~16x
