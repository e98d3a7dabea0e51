"""Time spent counts active minutes only, and the tracker's dates are checked against each
other and the lesson's weeks (pure functions, fixed clocks)."""

from __future__ import annotations

import datetime as dt

import pytest

from nbkit.lessons.networking.tracker import tracker_problems
from nbkit.progress import ACTIVE_GAP, minutes_spent
from nbkit.store import Event, Store, iso
from nbkit.validate import Context

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
CTX = Context(
    today=dt.date(2026, 11, 30),
    now=dt.datetime(2026, 11, 30, 9, 0),
    dates={"week1_start": dt.date(2026, 11, 23), "due:action_step": dt.date(2026, 12, 28)},
)


def events(*minutes: float, section: str = "start") -> list[Event]:
    return [
        Event(i, "answer", f"{section}.name", "x", iso(T0 + dt.timedelta(minutes=m)))
        for i, m in enumerate(minutes)
    ]


def test_gaps_within_the_window_count_in_full():
    assert minutes_spent(events(0, 1, 2.5, 3), "start") == 3.0


def test_a_break_counts_nothing_not_ten_minutes():
    # About 3 minutes of work around a 40-minute break: 3 minutes, never 13 (nor 41).
    assert minutes_spent(events(0, 1, 2, 42, 43), "start") == 3.0


def test_a_gap_of_exactly_the_window_counts_and_a_longer_one_does_not():
    limit = ACTIVE_GAP.total_seconds() / 60
    assert minutes_spent(events(0, limit), "start") == limit
    assert minutes_spent(events(0, limit + 0.1), "start") == 0.0


def test_other_sections_events_do_not_count():
    mixed = events(0, 2) + events(1, 3, section="needs")
    assert minutes_spent(mixed, "start") == 2.0
    assert minutes_spent(mixed, "needs") == 2.0


def test_typing_one_answer_for_minutes_leaves_events_that_count(tmp_path, monkeypatch):
    """The store folds keystrokes into one event; the control cuts a long run of them, so eight
    minutes of steady typing count as about eight, not as one gap longer than the window."""
    from nbkit.content import Question
    from nbkit.widgets import base, control_for

    clock = {"now": 1000.0}
    monkeypatch.setattr(base.time, "monotonic", lambda: clock["now"])
    stamps = iter(T0 + dt.timedelta(seconds=20 * i) for i in range(100))
    monkeypatch.setattr("nbkit.store.now_utc", lambda: next(stamps))
    with Store(tmp_path) as store:
        control = control_for(Question(id="start.essay", kind="long", label="Essay"), store, CTX)
        for i in range(25):  # a keystroke burst every 20 s for 8 minutes
            clock["now"] += 20
            control.input.value = "word " * (i + 1)
        spent = minutes_spent(store.events(), "start")
    assert 6.0 <= spent <= 8.0


def row(**dates: str) -> dict[str, str]:
    return {"name": "Grace", **dates}


def test_tracker_dates_in_order():
    assert tracker_problems(row(date_contacted="2026-12-01", meeting_date="2026-11-29"), CTX) == [
        "Meeting date is before the date you contacted them."
    ]
    late = row(date_contacted="2026-11-25", meeting_date="2026-12-02", follow_up_due="2026-12-01")
    assert tracker_problems(late, CTX) == ["Follow-up due is before the meeting date."]
    fine = row(date_contacted="2026-11-25", meeting_date="2026-12-02", follow_up_due="2026-12-09")
    assert tracker_problems(fine, CTX) == []


def test_tracker_date_far_outside_the_lesson_asks_to_check_the_year():
    found = tracker_problems(row(meeting_date="2020-12-02"), CTX)
    assert found == [
        "Meeting date is 02 December 2020: check the year (the lesson runs November 2026 to "
        "December 2026)."
    ]
    assert tracker_problems(row(follow_up_due="2062-01-01"), CTX)[0].startswith("Follow-up due")
    assert tracker_problems(row(date_contacted="2026-03-01"), CTX) == []  # an older contact
    assert tracker_problems(row(meeting_date="2020-12-02")) == []  # no lesson dates: no check
