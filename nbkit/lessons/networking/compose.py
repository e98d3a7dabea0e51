"""Texts assembled from a student's answers (pure): outreach message, thank-you note, SMART goal,
if-then plan, Mix It Up talking points, the Friday Slack draft, and an iCalendar file.

Every function takes plain answer values (`{answer_id: value}`) and returns plain text; nothing
here renders HTML. A missing answer becomes a visible blank (______) so the student sees what to
fill in, and the validator flags the blank until they do. Messages speak to the addressee
("you"), first person for the student, per networking-practice.md; a student's own words about
the contact are turned to the second person where that is safe, and flagged where it is not.
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

# What the conversation is about when the student has not said, and where the message starts
# (connection first) when they have not said how they are connected.
TOPIC = {
    "mentor": "your career experience beyond the technical side",
    "community": "your path into tech",
    "existing": "your advice as I move into software development",
    "own": "your career path",
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
    "mentor": "Thank you again for your help as my mentor.",
    "community": "We are both part of the Turing community.",
    "existing": "I hope you're doing well; it has been a while since we last talked.",
    "own": "I'm reaching out because of your work as {role}.",
}
# The goal in the student's own voice (talking points, Slack draft): never the lesson's heading.
MINE = {
    "mentor": "talk with my mentor, {who}",
    "community": "meet {who}, someone new in the Turing community",
    "existing": "reconnect with {who}, a contact I already know",
    "own": "{own}, with {who}",
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
    connection: str = ""
    topic: str = ""
    contact_timezone: str = ""
    takeaway: str = ""


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
        connection=_text(get("connection")),
        topic=_text(get("topic")),
        contact_timezone=_text(get("contact_timezone")),
        takeaway=_text(get("takeaway")),
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


def offered_time(local_iso: str, timezone: str, contact_timezone: str = "") -> str:
    """A time option as the contact reads it: in their zone first, then the student's own.
    'Tue 1 Dec, 4:30 PM EST (2:30 PM MST for me)'; one zone when both are the same."""
    mine = format_time(local_iso, timezone)
    if not contact_timezone or contact_timezone == timezone or mine == local_iso:
        return mine
    try:
        moment = dt.datetime.fromisoformat(local_iso).replace(tzinfo=ZoneInfo(timezone))
        theirs = moment.astimezone(ZoneInfo(contact_timezone))
    except (ValueError, KeyError):
        return mine
    their_text = format_time(theirs.replace(tzinfo=None).isoformat(), contact_timezone)
    return f"{their_text} ({mine.split(', ', 1)[1]} for me)"


# Third person about the contact -> second person to them. Verbs after he/she/they lose the
# third-person -s ("he works" -> "you work"); the rest is left alone, and `third_person`
# flags whatever remains so the student rewrites it.
_PRONOUNS = {
    "he's": "you're", "she's": "you're", "they're": "you're",
    "he": "you", "she": "you", "they": "you",
    "him": "you", "them": "you", "his": "your", "their": "your", "theirs": "yours",
    "himself": "yourself", "herself": "yourself", "themselves": "yourself",
}  # fmt: skip
_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go"}
_NOT_VERBS = ("ss", "us", "is")  # "he also", "he is" are handled; "his" never follows


def to_second_person(text: str) -> str:
    """'because he also came from a hospital job' -> 'because you also came from a hospital
    job'. Only subject/object pronouns and the verb right after a subject pronoun change."""
    words = re.split(r"(\W+)", text)
    out = list(words)
    for index, word in enumerate(words):
        low = word.lower()
        if low not in _PRONOUNS:
            continue
        if low == "her":  # "her" can be object or possessive: leave it, the check flags it
            continue
        out[index] = _case_like(word, _PRONOUNS[low])
        if low in ("he", "she", "they") and index + 2 < len(words):
            out[index + 2] = _verb_for_you(words[index + 2])
    return "".join(out)


def _verb_for_you(word: str) -> str:
    low = word.lower()
    if low in _VERBS:
        return _case_like(word, _VERBS[low])
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "xes")) and len(low) > 4:
        return word[:-2]
    if low.endswith("s") and not low.endswith(_NOT_VERBS) and len(low) > 3:
        return word[:-1]
    return word


def _case_like(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


_THIRD = re.compile(r"\b(he|she|him|her|his|hers|he's|she's|himself|herself)\b", re.I)


def third_person(text: str) -> list[str]:
    """Third-person words left in a message to the contact (they read "you", not "he")."""
    return sorted({m.group(0).lower() for m in _THIRD.finditer(text)})


def _first_sentence(text: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0] if text.strip() else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first letter for use mid-sentence, but never the pronoun "I"
    ("I moved", "I'm") or an acronym ("AWS")."""
    if re.match(r"I\b", text) or not text[:1].isupper() or text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """One of the student's answers as a sentence of its own: capital first, one full stop."""
    text = text.strip()
    return _upper_first(text) + ("" if text[-1:] in ".!?" else ".") if text else ""


def _clause(text: str) -> str:
    """A student's words about the contact, inside a sentence addressed to them."""
    return _lower_first(to_second_person(text.strip().rstrip(".!")))


def _opening(plan: Plan) -> str:
    if plan.connection:
        return _sentence(to_second_person(plan.connection))
    return OPENING[plan.goal].format(role=plan.contact_role or BLANK)


def _about(plan: Plan, why_required: bool) -> str:
    topic = _clause(plan.topic) if plan.topic else TOPIC[plan.goal]
    if plan.why:
        return f"I'd love to hear about {topic}, because {_clause(plan.why)}."
    return f"I'd love to hear about {topic}" + (f", because {BLANK}." if why_required else ".")


QUESTIONS_INTRO = "So you can prepare, here are the questions I'd like to ask:"
# Goals whose plan asks "why this person" as a required answer (goals.toml).
WHY_REQUIRED = ("community", "existing")


def outreach_message(plan: Plan, values: Mapping[str, Any], timezone: str) -> str:
    """A short first message following networking-practice.md: connection first, who I am, what
    about and why you, a small ask with concrete times in your zone and mine, optionally the
    questions, no request for a job. Under 100 words before the questions."""
    name = _text(values.get("start.name")) or BLANK
    lines = []
    if plan.channel == "email":
        topic = _clause(plan.topic) if plan.topic else TOPIC[plan.goal]
        lines += [f"Subject: 20 minutes to hear about {topic}?", ""]
    lines += [f"Hi {plan.contact_name or BLANK},", "", _opening(plan)]
    lines.append(f"I'm {name}, a student in Turing's software development program.")
    lines.append(_about(plan, plan.goal in WHY_REQUIRED))
    times = plan.time_options or (BLANK, BLANK)
    lines += ["", "Could we talk for 20 minutes? These times work for me:"]
    lines += [
        f"- {offered_time(t, timezone, plan.contact_timezone) if t != BLANK else BLANK}"
        for t in times
    ]
    if plan.questions:
        lines += ["", QUESTIONS_INTRO]
        lines += [f"{n}. {q}" for n, q in enumerate(plan.questions, start=1)]
    lines += ["", "Thank you,", name]
    return "\n".join(lines)


def thank_you_message(plan: Plan, values: Mapping[str, Any]) -> str:
    """After the conversation (within 24 hours): thanks, the one takeaway the student will
    follow up on, a promise to report back, and "who else should I talk to?"."""
    name = _text(values.get("start.name")) or BLANK
    takeaway = _clause(plan.takeaway) if plan.takeaway else BLANK
    return "\n".join(
        [
            f"Hi {plan.contact_name or BLANK},",
            "",
            "Thank you for taking the time to talk with me. The advice I'm acting on first: "
            f"{takeaway}. I'll let you know how it goes.",
            "Is there anyone else you think I should talk to?",
            "",
            "Thank you again,",
            name,
        ]
    )


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
    # The subject line is not part of what the contact reads on the phone screen.
    body = [line for line in body if not line.startswith("Subject:") and line != QUESTIONS_INTRO]
    words = len(re.findall(r"\w+", " ".join(body)))
    times = [offered_time(t, timezone, plan.contact_timezone) for t in plan.time_options]
    about_them = third_person("\n".join(body[1:]))
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
            bool(plan.why)
            and any(w[:40].lower() in message.lower() for w in (plan.why, _clause(plan.why))),
            "Says why this person.",
        ),
        Check(BLANK not in message, "No blanks (______) left."),
        Check(
            not about_them,
            "Speaks to them as 'you'"
            + (f" (still says: {', '.join(about_them)})." if about_them else "."),
        ),
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
        f"my score was {score} of 50, so {style_clause(band)}"
        if score is not None and band
        else f"{BLANK} (take the comfort assessment)"
    )
    energizes = _label(lesson, "comfort.energizes", values.get("comfort.energizes"))
    drains = _label(lesson, "comfort.drains", values.get("comfort.drains"))
    goals = [_goal_line(g, values, lesson) for g in chosen_goals(values)] or [BLANK]
    return "\n".join(
        [
            f"- My networking needs: {needs}. In my words: {own}",
            f"- My comfort level: {level}; that is typical for me right now, not a fixed type.",
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
    """The goal in the student's voice: 'talk with my mentor, Sam Lee, by Friday 11 December'."""
    plan = plan_for(goal, values)
    own = _lower_first(_text(values.get("goals.own_title")).rstrip(".")) or BLANK
    line = MINE[goal].format(who=plan.contact_name or BLANK, own=own)
    by = f", by {_date(plan.target_date)}" if plan.target_date else ""
    return f"{line}{by}."


def style_clause(band: str | None) -> str:
    """A band label as a clause with the student as subject, grammatical for any label:
    'leans introverted' -> 'I lean introverted'; 'in the middle ...' -> 'I am in the middle
    ...'; anything else is quoted as the result it is."""
    if not band:
        return f"I am {BLANK}"
    label = band.strip().rstrip(".")
    lean = re.match(r"(?i)leans?\s+(.+)", label)
    if lean:
        return f"I lean {lean.group(1)}"
    if re.match(r"(?i)(in|at|on|near|somewhere|between|an?)\b", label):
        return f"I am {_lower_first(label)}"
    return f'my result is "{label}"'


def slack_draft(values: Mapping[str, Any], lesson: Lesson, band: str | None) -> str:
    """A first draft of the Friday answer: what I learned about my style, what steps come next."""
    energizes = _label(lesson, "comfort.energizes", values.get("comfort.energizes"))
    drains = _label(lesson, "comfort.drains", values.get("comfort.drains"))
    steps = [_upper_first(_goal_line(g, values, lesson)) for g in chosen_goals(values)]
    return (
        f"This week I learned that, on the introversion-extroversion spectrum, {style_clause(band)} "
        f"right now. These give me energy: {energizes}. These take energy from me: {drains}. "
        "So I will start with the formats that suit me.\nDuring the rest of the module I will: "
        + (" ".join(steps) or BLANK)
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
