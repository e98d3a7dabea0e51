"""Strict TOML keys: a misspelled key is an error naming the file, the key and the closest one.

Every TOML the kit reads (nbkit.toml, lesson.toml, sections/*.toml, rubric.toml) is checked with
`check_keys`, so `[minutes] need = 45` or `[grading] rubirc = ...` stops with exit 3 instead of
silently keeping the default (docs/kit-shape.md section 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import toml_cache
from .errors import ConfigError


def check_keys(
    path: Path | str, where: str, table: Mapping[str, Any], known: Iterable[str]
) -> None:
    """Raise ConfigError for the first key of `table` not in `known`; `where` is its dotted
    prefix ("" for the top level of the file)."""
    allowed = list(known)
    for key in table:
        if key not in allowed:
            raise ConfigError(path, dotted(where, key), unknown_key_message(key, allowed))


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """'unknown key; did you mean 'x'?' or, with nothing close, the keys that are allowed."""
    import difflib  # only for a mistake: every notebook's first cell checks keys

    allowed = sorted(known)
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"unknown key; did you mean '{close[0]}'?"
    if not allowed:
        return "unknown key; this table takes no keys"
    return "unknown key; known keys: " + ", ".join(allowed)


def dotted(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def table_of(path: Path | str, where: str, value: Any) -> dict[str, Any]:
    """`value` as a table, or a ConfigError saying a table was expected (absent = empty)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(path, where, "must be a table")
    return value


def tables_of(path: Path | str, where: str, value: Any) -> list[dict[str, Any]]:
    """`value` as an array of tables ([[where]]), absent = empty."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(path, where, f"must be a list of [[{where}]] tables")
    return value


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; a missing, unreadable or malformed file is one ConfigError."""
    try:
        return toml_cache.load(path)  # nbkit.toml is read by every notebook's first cell
    except FileNotFoundError:
        raise ConfigError(path, None, "file not found") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
