"""Answer controls bound to the store, one class per question kind, and the factory."""

from __future__ import annotations

from collections.abc import Callable

from ..content import Question
from ..store import Store
from ..validate import Context
from .base import AnswerControl
from .controls import (
    DateControl,
    LikertControl,
    MultiChoiceControl,
    SingleChoiceControl,
    TextControl,
)
from .rows import DatetimesControl, TextListControl
from .shared import display_together

CONTROLS: dict[str, type[AnswerControl]] = {
    "short": TextControl,
    "long": TextControl,
    "single": SingleChoiceControl,
    "multi": MultiChoiceControl,
    "checklist": MultiChoiceControl,
    "likert": LikertControl,
    "date": DateControl,
    "datetimes": DatetimesControl,
    "list": TextListControl,
}


def control_for(
    question: Question, store: Store, ctx: Context, on_change: Callable[[str], None] | None = None
) -> AnswerControl:
    return CONTROLS[question.kind](question, store, ctx, on_change)


__all__ = ["AnswerControl", "CONTROLS", "control_for", "display_together"]
