"""Answers as plain text (pure): the live summary, the status report and exports share this."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .content import Question
from .validate import is_empty

NOT_ANSWERED = "Not answered yet"


def describe(question: Question, value: Any) -> str:
    """A student's answer in words, one line per item; never HTML."""
    if is_empty(value):
        return NOT_ANSWERED
    kind = question.kind
    if kind in ("single",):
        return question.option_label(value)
    if kind in ("multi", "checklist"):
        return "; ".join(question.option_label(v) for v in value)
    if kind == "likert":
        scale = question.scale or ("1", "2", "3", "4", "5")
        return "\n".join(
            f"{i.text} {scale[value[i.id] - 1] if isinstance(value.get(i.id), int) else '-'}"
            for i in question.items
        )
    if kind == "date":
        return _date(value)
    if kind == "datetimes":
        return "\n".join(_datetime(v) for v in value if v)
    if kind == "list":
        return "\n".join(f"{n}. {v}" for n, v in enumerate((v for v in value if v), start=1))
    return str(value)


def _date(text: str) -> str:
    try:
        return f"{dt.date.fromisoformat(text):%A %d %B %Y}"
    except ValueError:
        return text


def _datetime(text: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(text):%a %d %b %Y, %H:%M}"
    except ValueError:
        return text
