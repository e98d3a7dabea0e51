"""Linear-time pattern matching for anything applied to student text (RE2, not Python's re).

Python's backtracking `re` can take time quadratic (or worse) in the text for ordinary-looking
patterns such as `<[^>]*\\bon` or `\\bif\\b[\\s\\S]*\\bthen\\b`: a 206 KB submission kept one
check busy for minutes, and a 5 MB one (the size limit) for hours. RE2 guarantees time linear
in the text for every pattern it accepts; it refuses backreferences and look-around, which a
rubric's patterns must do without. `\\b`, `\\w` and `\\d` are ASCII in RE2.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# RE2 builds its automaton within this memory; a pattern that needs more is refused up front.
MAX_PATTERN_MEMORY = 32 << 20


class PatternError(ValueError):
    """A pattern RE2 cannot run (a backreference, look-around, or too large)."""


@lru_cache(maxsize=1024)
def compiled(pattern: str, ignore_case: bool = False) -> Any:
    import re2  # at the first pattern: a notebook whose questions have none never loads it

    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False
    options.max_mem = MAX_PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise PatternError(
            f"pattern {pattern[:80]!r} cannot be matched in linear time: {exc}"
        ) from None


def search(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """True when `pattern` occurs in `text`; time linear in len(text)."""
    return compiled(pattern, ignore_case).search(text) is not None


def problem(pattern: str) -> str:
    """'' when the pattern can be used on student text, else why not (for rubric checks)."""
    try:
        compiled(pattern)
    except PatternError as exc:
        return str(exc)
    return ""


def fullmatch(pattern: str, text: str) -> bool:
    """True when all of `text` matches `pattern`; time linear in len(text)."""
    return compiled(pattern).fullmatch(text) is not None
