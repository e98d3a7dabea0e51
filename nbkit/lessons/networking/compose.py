"""Texts assembled from a student's answers (pure): outreach message, SMART goal, if-then plan,
Mix It Up talking points, the Friday Slack draft, and an iCalendar file.

Every function takes plain answer values (`{answer_id: value}`) and returns plain text; nothing
here renders HTML. A missing answer becomes a visible blank (______) so the student sees what to
fill in, and the validator flags the blank until they do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from ...content import Lesson

BLANK = "______"
MESSAGE_WORDS = 100  # networking-practice.md: "under about 100 words, readable on a phone"
GOAL_ORDER = ("mentor", "community", "existing", "own")

# What the conversation is about, and where the message starts (connection first).
TOPIC = {
    "mentor": "your career experience, not just the technical side",
    "community": "your path into tech and your advice for someone starting out",
    "existing": "career advice as I move into software development",
    "own": "your career path and your advice for someone starting out in tech",
}
VIA = {
    "slack": "on Slack",
    "email": "by email",
    "linkedin": "on LinkedIn",
    "in_person": "in person",
    "video_call": "on a video call",
    "phone": "by phone",
}
OPENING = {
    "mentor": "Thanks again for all your help so far.",
    "community": "I'm reaching out through the Turing community ({role}).",
    "existing": "I hope you're doing well! It has been a while since we last talked.",
    "own": "I'm reaching out because of your work as {role}.",
}


@dataclass(frozen=True)
class Plan:
    """One goal's plan, read from goals.<goal>.* answers."""

    goal: str
    contact_name: str
    contact_role: str
    channel: str
    why: str
    time_options: tuple[str, ...]
    questions: tuple[str, ...]
    target_date: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> tuple[str, ...]:
    return (
        tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
        if isinstance(value, list)
        else ()
    )


def plan_for(goal: str, values: Mapping[str, Any]) -> Plan:
    def get(name: str) -> Any:
        return values.get(f"goals.{goal}.{name}")

    return Plan(
        goal=goal,
        contact_name=_text(get("contact_name")),
        contact_role=_text(get("contact_role")),
        channel=_text(get("channel")),
        why=_text(get("why")),
        time_options=_strings(get("time_options")),
        questions=_strings(get("questions")),
        target_date=_text(get("target_date")),
    )


def chosen_goals(values: Mapping[str, Any]) -> list[str]:
    chosen = values.get("goals.chosen")
    return [g for g in GOAL_ORDER if isinstance(chosen, list) and g in chosen]


def format_time(local_iso: str, timezone: str) -> str:
    """'2026-12-01T14:30' in America/Denver -> 'Tue 1 Dec, 2:30 PM MST' (the zone of that date)."""
    try:
        moment = dt.datetime.fromisoformat(local_iso).replace(tzinfo=ZoneInfo(timezone))
    except ValueError:
        return local_iso
    hour = moment.strftime("%I").lstrip("0")
    return f"{moment:%a} {moment.day} {moment:%b}, {hour}:{moment:%M %p} {moment.tzname()}"


def _first_sentence(text: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0] if text.strip() else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def outreach_message(plan: Plan, values: Mapping[str, Any], timezone: str) -> str:
    """A short first message following networking-practice.md: connection, who I am, why you,
    a small ask with concrete times, optionally the questions, no request for a job."""
    name = _text(values.get("start.name")) or BLANK
    role = plan.contact_role or BLANK
    lines = []
    if plan.channel == "email":
        lines += [f"Subject: 20 minutes to hear about {TOPIC[plan.goal].split(',')[0]}?", ""]
    lines += [f"Hi {plan.contact_name or BLANK},", "", OPENING[plan.goal].format(role=role)]
    lines.append(f"I'm {name}, a student in Turing's software development program.")
    why = plan.why.rstrip(".") if plan.why else BLANK
    lines.append(f"I'd love to hear about {TOPIC[plan.goal]}, because {_lower_first(why)}.")
    times = plan.time_options or (BLANK, BLANK)
    lines += ["", "Would you have 20-30 minutes for a call? I could do:"]
    lines += [f"- {format_time(t, timezone) if t != BLANK else BLANK}" for t in times]
    if plan.questions:
        lines += ["", "So you can prepare, here are a few questions I'd like to ask:"]
        lines += [f"{n}. {q}" for n, q in enumerate(plan.questions, start=1)]
    lines += ["", "Thank you,", name]
    return "\n".join(lines)


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def message_checks(message: str, plan: Plan, timezone: str) -> list[Check]:
    """What the composer promises, checked against the (possibly edited) message."""
    questions = set(plan.questions)
    body = [
        line
        for line in message.splitlines()
        if re.sub(r"^\d+\.\s*", "", line.strip()) not in questions
    ]
    words = len(re.findall(r"\w+", " ".join(body)))
    times = [format_time(t, timezone) for t in plan.time_options]
    return [
        Check(
            words <= MESSAGE_WORDS,
            f"Short: {words} words before your questions (aim for under {MESSAGE_WORDS}).",
        ),
        Check(
            bool(plan.contact_name) and plan.contact_name in message, "Greets your contact by name."
        ),
        Check(
            len(times) >= 2 and all(t in message for t in times),
            "Offers at least two concrete times.",
        ),
        Check(
            bool(plan.why) and plan.why.rstrip(".")[:40].lower() in message.lower(),
            "Says why this person.",
        ),
        Check(BLANK not in message, "No blanks (______) left."),
        Check(
            not re.search(r"\b(hire me|job opening|give me a job|refer me)\b", message, re.I),
            "Does not ask for a job.",
        ),
    ]


def _label(lesson: Lesson, answer_id: str, value: Any) -> str:
    question = lesson.question(answer_id)
    picked = value if isinstance(value, list) else [value] if value else []
    return ", ".join(question.option_label(v).lower() for v in picked) or BLANK


def _date(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return BLANK
    return f"{day:%A} {day.day} {day:%B %Y}"


def smart_goal(values: Mapping[str, Any], due: dt.date) -> str:
    """One measurable goal per chosen goal: action, person, deadline, evidence in the tracker."""
    goals = chosen_goals(values) or ["mentor"]
    sentences = []
    for goal in goals:
        plan = plan_for(goal, values)
        by = _date(plan.target_date) if plan.target_date else _date(due.isoformat())
        via = VIA.get(plan.channel, f"on {BLANK}")
        who = plan.contact_name or BLANK
        role = f" ({plan.contact_role})" if plan.contact_role else ""
        count = max(len(plan.time_options), 2)
        sentences.append(
            f"By {by} I will message {who}{role} {via}, offering {count} times to talk, send "
            f"{max(len(plan.questions), 2)} questions ahead, hold a 20-30 minute conversation and "
            f"log one takeaway in my networking tracker; done when my tracker shows {who} with "
            f"status 'met', a meeting date and a takeaway."
        )
    return "\n\n".join(sentences)


def if_then(values: Mapping[str, Any]) -> str:
    """Implementation intentions (Gollwitzer & Sheeran 2006): a cue the student names, an action."""
    names = [plan_for(g, values).contact_name or BLANK for g in chosen_goals(values)] or [BLANK]
    who = " and ".join(names)
    return "\n".join(
        [
            f"If it is {BLANK} (a day, time and place, e.g. Tuesday after lunch at my desk), then I "
            f"will send my message to {who} with my time options and questions.",
            "If I have no reply after three business days, then I will send one gentle reminder.",
            "If the conversation is over, then I will log my notes and one takeaway in my tracker "
            "and send a thank-you within 24 hours.",
        ]
    )


def mix_it_up(
    values: Mapping[str, Any], lesson: Lesson, band: str | None, score: int | None
) -> str:
    """Talking points about needs, comfort level and goals, from the student's own words."""
    needs = _label(lesson, "needs.needs", values.get("needs.needs"))
    own = _first_sentence(_text(values.get("needs.needs_own"))) or BLANK
    level = (
        f"my score was {score} of 50, {band}"
        if score is not None and band
        else f"{BLANK} (take the comfort assessment)"
    )
    energizes = _label(lesson, "comfort.energizes", values.get("comfort.energizes"))
    drains = _label(lesson, "comfort.drains", values.get("comfort.drains"))
    goals = [_goal_line(g, values, lesson) for g in chosen_goals(values)] or [BLANK]
    return "\n".join(
        [
            f"- My networking needs: {needs}. In my words: {own}",
            f"- My comfort level: {level}; a typical level for me right now, not a fixed type.",
            f"- What energizes me: {energizes}. What drains me: {drains}.",
            *(f"- My goal: {line}" for line in goals),
            "- A question for the group: what has helped you start a networking conversation?",
        ]
    )


def goal_title(goal: str, values: Mapping[str, Any], lesson: Lesson) -> str:
    """The heading of a goal: the student's own words for `own`, else the content's title."""
    own = _text(values.get("goals.own_title"))
    if goal == "own" and own:
        return own
    titles = lesson.sections["goals"].data.get("goals", {}) if "goals" in lesson.sections else {}
    return str(titles.get(goal, goal))


def _goal_line(goal: str, values: Mapping[str, Any], lesson: Lesson) -> str:
    plan = plan_for(goal, values)
    by = f" by {_date(plan.target_date)}" if plan.target_date else ""
    return f"talk with {plan.contact_name or BLANK} ({goal_title(goal, values, lesson)}){by}."


def slack_draft(values: Mapping[str, Any], lesson: Lesson, band: str | None) -> str:
    """A first draft of the Friday answer: what I learned about my style, what steps come next."""
    style = band or BLANK
    energizes = _label(lesson, "comfort.energizes", values.get("comfort.energizes"))
    drains = _label(lesson, "comfort.drains", values.get("comfort.drains"))
    steps = [_goal_line(g, values, lesson) for g in chosen_goals(values)] or [BLANK]
    return (
        f"This week I learned that my networking style is {style} right now: {energizes} give "
        f"me energy, while {drains} take energy from me, so I will start with the formats that "
        f"suit me.\nDuring the rest of the module I will: " + " ".join(steps)
    )


# -- iCalendar (RFC 5545) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    summary: str
    description: str
    start: dt.datetime | dt.date  # aware datetime, or a date for an all-day event
    minutes: int = 30
    alarm_before: dt.timedelta | None = None


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF + space (3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent(event: Event, stamp: str) -> list[str]:
    key = f"{event.summary}|{event.start.isoformat()}".encode()
    lines = [
        "BEGIN:VEVENT",
        f"UID:{hashlib.sha256(key).hexdigest()[:24]}@nbkit",
        f"DTSTAMP:{stamp}",
    ]
    if isinstance(event.start, dt.datetime):
        end = event.start + dt.timedelta(minutes=event.minutes)
        lines += [f"DTSTART:{_utc(event.start)}", f"DTEND:{_utc(end)}"]
    else:
        end_day = event.start + dt.timedelta(days=1)
        lines += [f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}", f"DTEND;VALUE=DATE:{end_day:%Y%m%d}"]
    lines += [
        f"SUMMARY:{ics_escape(event.summary)}",
        f"DESCRIPTION:{ics_escape(event.description)}",
    ]
    if event.alarm_before:
        hours = int(event.alarm_before.total_seconds() // 3600)
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{ics_escape(event.summary)}"]
        lines += [f"TRIGGER:-PT{hours}H", "END:VALARM"]
    return lines + ["END:VEVENT"]


def ics_calendar(events: Iterable[Event], now: dt.datetime) -> str:
    """A VCALENDAR text with CRLF line endings; times in UTC so no VTIMEZONE is needed."""
    stamp = _utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//nbkit//networking lesson//EN",
        "CALSCALE:GREGORIAN",
    ]
    for event in events:
        lines += _vevent(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def lesson_events(values: Mapping[str, Any], due: dt.date, timezone: str) -> list[Event]:
    """The action-step due date (all day, reminder the day before) and each offered call time."""
    events = [
        Event(
            "Networking action step due",
            "Complete your networking action step (Module 1): a conversation held and logged in "
            "your networking tracker.",
            due,
            alarm_before=dt.timedelta(hours=24),
        )
    ]
    zone = ZoneInfo(timezone)
    for goal in chosen_goals(values):
        plan = plan_for(goal, values)
        for option in plan.time_options:
            try:
                start = dt.datetime.fromisoformat(option).replace(tzinfo=zone)
            except ValueError:
                continue
            who = plan.contact_name or "your contact"
            events.append(
                Event(
                    f"Time offered to {who} (networking call)",
                    f"One of the times you offered {who}. Keep it free until they reply.",
                    start,
                    alarm_before=dt.timedelta(hours=1),
                )
            )
    return events
