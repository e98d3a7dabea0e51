"""Answer checks (pure): what is wrong with a value, in words a student understands.

Validation never blocks saving: the store keeps whatever the student typed, and these messages
sit next to the control until the answer is fixed. Progress counts an answer as done when it is
non-empty and has no problems.

This module is the one source of truth for "is this answer acceptable": the notebook shows these
messages next to a control and the grader (nbkit.grade.checks) gives no credit for an answer or
list item they flag. The numbers come from the question in the lesson's TOML (min_words,
min_items, bank, reject_bank_copies, required); the rules for blanks and filler are here, once.
Every measure is linear in the text: one-class regexes and counting, nothing that backtracks.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from . import linear
from .content import Question

# A blank left to fill: the prompt banks and the kit's drafts write "______".
BLANK = "___"
# One character class repeated: each match is a single greedy run, so the scan is linear.
WORD = re.compile(r"\w+")
# Filler: in a text of FILLER_MIN_WORDS or more words, one word said REPEAT_MIN+ times making up
# more than REPEAT_SHARE of them, or fewer distinct words than DISTINCT_FACTOR * sqrt(n) (and than
# SHORT_DISTINCT * n) for n words. Real prose uses far more (about n**0.7 distinct); "word word
# word ..." or one line pasted five times uses a handful.
FILLER_MIN_WORDS = 6
REPEAT_SHARE = 0.3
REPEAT_MIN = 3  # a word said twice in a short sentence is just English
DISTINCT_FACTOR = 2.0
SHORT_DISTINCT = 0.6
# Words in a row shared with the kit's draft that mark them as the kit's, not the student's.
SHARED_RUN = 4
FILLER_NOTE = (
    "This repeats the same few words. Say it in your own words, as you would tell a friend."
)
BLANK_NOTE = "Fill in the blank (______) with your own words."


@dataclass(frozen=True)
class Context:
    """What date checks compare against: today and now in the cohort's zone, named dates."""

    today: dt.date
    now: dt.datetime  # naive, local to the cohort's time zone
    dates: dict[str, dt.date] = field(default_factory=dict)
    tz: dt.tzinfo = dt.UTC
    names: dict[str, str] = field(default_factory=dict)  # "due:<key>" -> the lesson's label

    def local(self, stamp: str) -> dt.datetime:
        """A stored UTC timestamp as naive local time, comparable with `now`."""
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def as_of(self, stamp: str | None) -> Context:
        """The context at the moment an answer was written: time options offered then were
        judged against that moment, so a call that has since happened is not "in the past"."""
        if not stamp:
            return self
        written = self.local(stamp)
        return replace(self, now=min(self.now, written)) if written < self.now else self

    def resolve(self, expr: str) -> dt.date | None:
        if not expr:
            return None
        if expr == "today":
            return self.today
        if expr in self.dates:
            return self.dates[expr]
        return dt.date.fromisoformat(expr)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return not value
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    return False


def word_list(text: str) -> list[str]:
    """The words of a text, case-folded (letters, digits, underscores; punctuation dropped)."""
    return WORD.findall(text.casefold())


def words(text: str) -> int:
    return len(WORD.findall(text))


def normal(text: str) -> str:
    """A text reduced to its words, so case, spacing and punctuation never make it different."""
    return " ".join(word_list(text))


def has_blank(text: str) -> bool:
    return BLANK in text


def is_filler(text: str) -> bool:
    """Too few distinct words for its length, or one word dominating it (see FILLER_*)."""
    found = word_list(text)
    if len(found) < FILLER_MIN_WORDS:
        return False
    top = Counter(found).most_common(1)[0][1]
    distinct = len(set(found))
    repeated = top >= REPEAT_MIN and top > REPEAT_SHARE * len(found)
    # The sqrt bound is for longer texts; a short sentence may repeat a word or two.
    few = distinct < min(DISTINCT_FACTOR * math.sqrt(len(found)), SHORT_DISTINCT * len(found))
    return repeated or few


def own_words(text: str, kit_text: str = "") -> int:
    """Words of `text` not inside a run of SHARED_RUN words that also occurs in the kit's text
    (its draft or prompt): an unedited draft has 0, a draft with a blank filled in has the words
    typed into it, and a text written from scratch keeps all its words (common words alone never
    make a run). Linear: one set of the kit's runs, one pass over the text."""
    mine, kit = word_list(text), word_list(kit_text)
    size = min(SHARED_RUN, len(kit))
    if not size:
        return len(mine)
    runs = {tuple(kit[i : i + size]) for i in range(len(kit) - size + 1)}
    covered = [False] * len(mine)
    for i in range(len(mine) - size + 1):
        if tuple(mine[i : i + size]) in runs:
            covered[i : i + size] = [True] * size
    return covered.count(False)


def bank_copy(question: Question, text: str) -> bool:
    """The text is one of the question's suggested prompts, unchanged but for case/punctuation."""
    return normal(text) in {normal(b) for b in question.bank}


def text_problems(q: Question, value: str) -> list[str]:
    """What keeps a text answer from being accepted: its length, too few words, a fault."""
    out = []
    if len(value) > q.max_chars:
        out.append(f"Please keep this under {q.max_chars:,} characters (it has {len(value):,}).")
    faults = text_faults(q, value)
    if q.min_words and (n := words(value)) < q.min_words:
        short = f"Write at least {q.min_words} words (so far {n})."
        return [*out, short, *(f for f in faults if f != FILLER_NOTE)]  # one message is enough
    return out + faults


def text_faults(q: Question, value: str) -> list[str]:
    """What makes a text not the student's own answer at any length: filler, a blank left, not
    in the question's pattern. (The grader still counts the words of a text that is too short or
    too long, for partial credit; a faulty text earns nothing.)"""
    out = []
    if is_filler(value):
        out.append(FILLER_NOTE)
    if has_blank(value):
        out.append(BLANK_NOTE)
    pattern = q.extra.get("pattern")
    if pattern and not linear.fullmatch(pattern, value.strip()):
        out.append(q.extra.get("pattern_help", "This is not in the expected form."))
    return out


def item_problem(q: Question, n: int, text: str) -> str | None:
    """Why list item `n` (1-based) does not count yet, or None when it does."""
    if has_blank(text):
        return f"Item {n}: fill in the blank (______) with your own words."
    if q.extra.get("reject_bank_copies") and bank_copy(q, text):
        return f"Item {n} is a copy of a suggested prompt; make it specific to you."
    if q.min_words and words(text) < q.min_words:
        return f"Item {n}: make it more specific (at least {q.min_words} words)."
    if is_filler(text):
        return f"Item {n} repeats the same few words; say it in your own words."
    return None


def acceptable_items(q: Question, value: Any) -> tuple[list[str], list[str]]:
    """(the list items that count, each once; a note per item that does not, and per repeat)."""
    filled = (
        [v.strip() for v in value if isinstance(v, str) and v.strip()]
        if isinstance(value, list)
        else []
    )
    good, notes, seen = [], [], set()
    for n, text in enumerate(filled, start=1):
        key = normal(text)
        if key in seen:
            notes.append(
                f"Two items are the same (item {n} repeats one above); make each different."
            )
            continue
        seen.add(key)
        problem = item_problem(q, n, text)
        if problem:
            notes.append(problem)
        else:
            good.append(text)
    return good, notes


def problems(question: Question, value: Any, ctx: Context) -> list[str]:
    """Messages for a non-empty value; an empty one only reports that it is required."""
    if is_empty(value):
        return ["This one is required."] if question.required else []
    check = _CHECKS.get(question.kind)
    return check(question, value, ctx) if check else []


def is_answered(question: Question, value: Any, ctx: Context) -> bool:
    return not is_empty(value) and not problems(question, value, ctx)


def _text(q: Question, value: Any, ctx: Context) -> list[str]:
    return text_problems(q, value) if isinstance(value, str) else []


def _choices(q: Question, value: Any, ctx: Context) -> list[str]:
    picked = value if isinstance(value, list) else [value]
    known = {o.value for o in q.options}
    out = [f"'{v}' is not one of the options." for v in picked if v not in known]
    if q.kind == "multi" and q.min_items and len(picked) < q.min_items:
        out.append(f"Pick at least {q.min_items}.")
    return out


def _likert(q: Question, value: Any, ctx: Context) -> list[str]:
    answered = [i for i in q.items if isinstance(value.get(i.id), int)]
    if len(answered) < len(q.items):
        return [f"{len(answered)} of {len(q.items)} statements answered."]
    return []


def _date(q: Question, value: Any, ctx: Context) -> list[str]:
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return [f"'{value}' is not a real date; pick one from the calendar."]
    return _in_range(q, day, ctx)


def _in_range(q: Question, day: dt.date, ctx: Context) -> list[str]:
    low, high = ctx.resolve(q.date_min), ctx.resolve(q.date_max)
    if low and day < low:
        return [f"Pick a date on or after {low:%a %d %b %Y}."]
    if high and day > high:
        return [f"Pick a date on or before {high:%a %d %b %Y}{_why(q.date_max, ctx)}."]
    return []


def _datetimes(q: Question, value: Any, ctx: Context) -> list[str]:
    out, filled = [], [v for v in value if v]
    for i, text in enumerate(filled, start=1):
        try:
            moment = dt.datetime.fromisoformat(text)
        except (TypeError, ValueError):
            out.append(f"Option {i} is not a real date and time.")
            continue
        if moment <= ctx.now:
            out.append(f"Option {i} ({moment:%a %d %b %H:%M}) is in the past; offer a future time.")
        out += [f"Option {i}: {m}" for m in _in_range(q, moment.date(), ctx)]
    if len(filled) < q.min_items:
        out.append(f"Offer at least {q.min_items} time options (so far {len(filled)}).")
    return out


def _list(q: Question, value: Any, ctx: Context) -> list[str]:
    filled = [v for v in value if isinstance(v, str) and v.strip()]
    _good, out = acceptable_items(q, filled)
    if len(filled) < q.min_items:
        out.append(f"Add at least {q.min_items} (so far {len(filled)}).")
    return out


def _why(expr: str, ctx: Context) -> str:
    """' (<label> is due then)' for a lesson's due date, so the limit makes sense to a student."""
    label = ctx.names.get(expr)
    return f" ({label} is due then)" if label else ""


_CHECKS = {
    "short": _text,
    "long": _text,
    "single": _choices,
    "multi": _choices,
    "checklist": _choices,
    "likert": _likert,
    "date": _date,
    "datetimes": _datetimes,
    "list": _list,
}
