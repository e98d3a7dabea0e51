"""Composed texts from answers: the outreach message, goal statements, drafts, the .ics file."""

from __future__ import annotations

import datetime as dt

import pytest

from nbkit.content import load_lesson
from nbkit.lessons.networking.compose import (
    BLANK,
    Event,
    format_time,
    ics_calendar,
    ics_escape,
    if_then,
    lesson_events,
    message_checks,
    mix_it_up,
    outreach_message,
    plan_for,
    slack_draft,
    smart_goal,
)

pytestmark = pytest.mark.unit
TZ = "America/Denver"
VALUES = {
    "start.name": "Ada Lovelace",
    "goals.chosen": ["mentor", "community"],
    "goals.mentor.contact_name": "Sam Lee",
    "goals.mentor.contact_role": "my mentor",
    "goals.mentor.channel": "email",
    "goals.mentor.why": "You moved from teaching into back-end work",
    "goals.mentor.time_options": ["2026-12-01T14:30", "2026-12-03T09:00"],
    "goals.mentor.questions": [
        "How did you choose your first team?",
        "What made juniors stand out?",
    ],
    "goals.mentor.target_date": "2026-12-10",
    "comfort.energizes": ["one_to_one"],
    "comfort.drains": ["conference"],
}


def test_message_holds_name_both_times_and_reason():
    plan = plan_for("mentor", VALUES)
    message = outreach_message(plan, VALUES, TZ)
    assert "Sam Lee" in message
    assert "Tue 1 Dec, 2:30 PM MST" in message and "Thu 3 Dec, 9:00 AM MST" in message
    assert "you moved from teaching into back-end work" in message
    assert message.startswith("Subject: ")  # email gets a subject line
    assert all(check.ok for check in message_checks(message, plan, TZ)), message_checks(
        message, plan, TZ
    )


def test_message_without_answers_shows_blanks_and_checks_fail():
    plan = plan_for("community", VALUES)
    message = outreach_message(plan, VALUES, TZ)
    assert message.count(BLANK) >= 3 and not message.startswith("Subject")
    failed = {c.text for c in message_checks(message, plan, TZ) if not c.ok}
    assert "No blanks (______) left." in failed and "Offers at least two concrete times." in failed


def test_edited_message_is_rechecked():
    plan = plan_for("mentor", VALUES)
    edited = "Hi Sam Lee, can you refer me for a job opening? " + "word " * 120
    failed = {c.text.split(":")[0] for c in message_checks(edited, plan, TZ) if not c.ok}
    assert {"Short", "Does not ask for a job."} <= failed | {"Does not ask for a job."}
    assert any(not c.ok and "job" in c.text for c in message_checks(edited, plan, TZ))


def test_format_time_uses_the_zone_of_that_date():
    assert format_time("2026-07-01T09:00", TZ).endswith("MDT")
    assert format_time("2026-12-01T09:00", TZ).endswith("MST")
    assert format_time("not a time", TZ) == "not a time"


def test_smart_goal_and_if_then_are_assembled_from_the_plan():
    goal = smart_goal(VALUES, dt.date(2026, 12, 28))
    assert "By Thursday 10 December 2026 I will message Sam Lee (my mentor) by email" in goal
    assert "By Monday 28 December 2026 I will message ______" in goal  # community not planned yet
    plan = if_then(VALUES)
    assert plan.startswith(f"If it is {BLANK}") and "Sam Lee" in plan


def test_talking_points_and_slack_draft_use_own_answers():
    lesson = load_lesson()
    points = mix_it_up(VALUES, lesson, "leans introverted", 22)
    assert "my score was 22 of 50, leans introverted" in points
    assert "one-to-one calls" in points and "conferences" in points
    draft = slack_draft(VALUES, lesson, "leans introverted")
    assert "leans introverted" in draft and "Sam Lee" in draft


def test_ics_escaping_folding_and_utc_times():
    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    events = [
        Event(
            'Call with Zoë, "the" mentor; 🎉',
            "x" * 200,
            dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC),
        )
    ]
    text = ics_calendar(events, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert 'SUMMARY:Call with Zoë\\, "the" mentor\\; 🎉' in unfolded
    assert "DTSTART:20261201T143000Z" in unfolded and "DTEND:20261201T150000Z" in unfolded


def test_lesson_events_cover_due_date_and_offered_times():
    events = lesson_events(VALUES, dt.date(2026, 12, 28), TZ)
    assert events[0].start == dt.date(2026, 12, 28)
    starts = [e.start for e in events[1:]]
    assert [s.astimezone(dt.UTC).hour for s in starts] == [21, 16]  # MST is UTC-7
    text = ics_calendar(events, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    assert "DTSTART;VALUE=DATE:20261228" in text and text.count("BEGIN:VEVENT") == 3
