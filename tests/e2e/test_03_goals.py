"""03_goals in a real browser: choosing goals reveals their plans; single choice, date-time
options (add/remove rows, past and too-late times refused), the prompt bank, the composed
message, the checklist and the target date with its range checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTEBOOK = "03_goals.ipynb"
MENTOR = "Suggested Goal #1: Networking with your mentor"
EXISTING = "Suggested Goal #3: Network with a contact you already know"
BANK = "What can junior developers do to help themselves stand out?"
OWN_QUESTION = "What did you wish you had known in your first month as a developer?"


def local(day: dt.date, hour: int, minute: int = 0) -> str:
    """The value a datetime-local input takes (the cohort's local time)."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def test_choose_and_plan_a_goal(open_notebook, store, lab, screenshot):
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    mentor = nb.page.locator(".nbkit-goal-mentor")
    expect(mentor).to_contain_text("Tick this goal")
    expect(nb.q("goals.mentor.contact_name")).to_have_count(0)  # built on first reveal

    nb.tick("goals.chosen", MENTOR)
    nb.tick("goals.chosen", EXISTING)
    store.wait_for("goals.chosen", ["mentor", "existing"])
    expect(nb.q("goals.existing.contact_name")).to_be_visible()
    nb.tick("goals.chosen", EXISTING, on=False)
    expect(nb.q("goals.existing.contact_name")).to_be_hidden()
    expect(nb.page.locator(".nbkit-goal-existing")).to_contain_text("Tick this goal")
    store.wait_for("goals.chosen", ["mentor"])

    nb.field("goals.mentor.contact_name").fill("Sam Lee")
    nb.field("goals.mentor.contact_role").fill("my mentor, senior developer at Acme")
    # How they are connected and what to talk about open the drafted message, written to them.
    nb.field("goals.mentor.connection").fill("Jo Park suggested I contact you")
    nb.field("goals.mentor.topic").fill("how you moved from nursing into back-end work")
    nb.choose("goals.mentor.contact_timezone", "Eastern time")
    store.wait_for("goals.mentor.contact_timezone", "America/New_York")
    nb.choose("goals.mentor.channel", "Video call")
    store.wait_for("goals.mentor.channel", "video_call")
    nb.choose("goals.mentor.channel", "Slack")
    store.wait_for("goals.mentor.channel", "slack")

    _time_options(nb, store, lab, screenshot)
    _questions(nb, store)
    _message(nb, store)
    _steps_and_target_date(nb, store, lab)
    nb.show(nb.q("goals.mentor.questions"))  # questions, the drafted message and its checks
    screenshot("03-goals-plan", nb.page)
    _after_the_conversation(nb, store, screenshot)


def _time_options(nb, store, lab, screenshot):
    qid = "goals.mentor.time_options"
    today, due = lab.today, lab.action_step_due
    soon, later = (
        local(today + dt.timedelta(days=2), 14, 30),
        local(today + dt.timedelta(days=3), 9),
    )
    pickers = nb.rows(qid, "datetime")
    expect(pickers).to_have_count(2)  # at least two options: two rows to start with
    pickers.nth(0).fill(local(today - dt.timedelta(days=1), 10))
    expect(nb.message(qid)).to_contain_text("Option 1")
    expect(nb.message(qid)).to_contain_text("is in the past; offer a future time.")
    pickers.nth(1).fill(local(due + dt.timedelta(days=3), 10))
    expect(nb.message(qid)).to_contain_text(f"Pick a date on or before {due:%a %d %b %Y}")
    nb.show(nb.q(qid))
    screenshot("03-goals-time-options", nb.page)
    pickers.nth(0).fill(soon)
    pickers.nth(1).fill(later)
    expect(nb.saved(qid)).to_be_visible()
    store.wait_for(qid, [soon, later])

    nb.click(qid, "Add a time option")
    expect(pickers).to_have_count(3)
    store.wait_for(qid, [soon, later, None])
    nb.q(qid).locator("button[title='Remove item 1']").click()
    expect(pickers).to_have_count(2)
    expect(nb.message(qid)).to_contain_text("Offer at least 2 time options (so far 1)")
    store.wait_for(qid, [later, None])
    pickers.nth(1).fill(soon)
    store.wait_for(qid, [later, soon])
    expect(nb.saved(qid)).to_be_visible()


def _questions(nb, store):
    qid = "goals.mentor.questions"
    nb.q(qid).locator("select").select_option(label=BANK)
    nb.click(qid, "Use this prompt")
    expect(nb.rows(qid).first).to_have_value(BANK)
    nb.rows(qid).nth(1).fill(OWN_QUESTION)
    store.wait_for(qid, [BANK, OWN_QUESTION])
    # Saved, and (as the grader agrees) an unchanged prompt does not count until made yours.
    expect(nb.message(qid)).to_contain_text("Item 1 is a copy of a suggested prompt")
    nb.rows(qid).first.fill("I know I'm interested in ______ kind of work. Any advice?")
    expect(nb.message(qid)).to_contain_text("Item 1: fill in the blank")
    nb.rows(qid).first.fill(BANK)
    store.wait_for(qid, [BANK, OWN_QUESTION])


def _message(nb, store):
    qid = "goals.mentor.message"
    text = nb.field(qid)
    text.fill("Hi Sam, can we talk?")
    expect(nb.message(qid)).to_contain_text("Write at least 25 words")
    nb.click(None, "Draft my message")
    expect(nb.page.get_by_text("This answer already has your text.")).to_be_visible()
    nb.click(None, "Yes, replace my text")
    expect(text).to_have_value(re.compile("Sam"))
    drafted = store.wait_for(qid, lambda v: v and v != "Hi Sam, can we talk?" and "Sam" in v)
    assert OWN_QUESTION in drafted  # the questions and times come from the plan above
    assert "how you moved from nursing into back-end work" in drafted
    assert "Jo Park suggested" in drafted
    assert re.search(r"\bE[SD]T \(.+ for me\)", drafted)  # their zone first, then the student's
    expect(nb.page.locator(".nbkit-message-checks")).to_be_visible()


def _steps_and_target_date(nb, store, lab):
    nb.tick("goals.mentor.steps", "Message sent")
    nb.tick("goals.mentor.steps", "Questions sent ahead")
    store.wait_for("goals.mentor.steps", ["message_sent", "questions_sent"])

    qid = "goals.mentor.target_date"
    day = nb.q(qid).locator("input[type=date]")
    due = lab.action_step_due
    day.fill((due + dt.timedelta(days=1)).isoformat())
    expect(nb.message(qid)).to_contain_text(f"Pick a date on or before {due:%a %d %b %Y}")
    day.fill((lab.week1 - dt.timedelta(days=1)).isoformat())
    expect(nb.message(qid)).to_contain_text(f"Pick a date on or after {lab.week1:%a %d %b %Y}")
    target = (lab.today + dt.timedelta(days=5)).isoformat()
    day.fill(target)
    expect(nb.saved(qid)).to_be_visible()
    store.wait_for(qid, target)


def _after_the_conversation(nb, store, screenshot):
    """The seed's follow-up: one takeaway, then a thank-you drafted from it."""
    takeaway = "Build one small API project and ask Sam to review it next month"
    nb.field("goals.mentor.takeaway").fill(takeaway)
    store.wait_for("goals.mentor.takeaway", takeaway)
    nb.click(None, "Draft my thank-you")
    thanks = store.wait_for("goals.mentor.thank_you", lambda v: bool(v) and "Sam" in v)
    assert "build one small api project" in thanks.lower() and "Thank you" in thanks
    expect(nb.field("goals.mentor.thank_you")).to_have_value(re.compile("Thank you"))
    nb.show(nb.q("goals.mentor.takeaway"))
    screenshot("03-goals-thank-you", nb.page)
