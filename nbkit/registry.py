"""Small entry-point registries for what lessons add: cell kinds, rubric checks, views, formats.

Modelled on papermill's engine registry: a name maps to an object; the core registers its own
built-ins with `register` (as nbconvert does its exporters) and plugins arrive through the
entry-point groups below (docs/kit-shape.md section 4). Entry points are listed once, on first
use, and each is loaded only when its name is asked for, so an export that needs no plugin
cell never imports the plugin (and its matplotlib). Names are `<plugin>.<thing>`, bare for core.
"""

from __future__ import annotations

import difflib
import sys
import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, Generic, TypeVar

from .errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Names -> objects for one entry-point group."""

    def __init__(self, group: str, what: str) -> None:
        self.group, self.what = group, what
        self._objects: dict[str, T] = {}
        self._entry_points: dict[str, EntryPoint] | None = None
        self._lock = threading.Lock()  # kernels call in from widget threads too

    def register(self, name: str, obj: T) -> None:
        """Add or replace `name`: core built-ins and tests; wins over an entry point."""
        self._objects[name] = obj

    def unregister(self, name: str) -> None:
        """Forget a name registered in code (tests clean up after themselves)."""
        self._objects.pop(name, None)

    def names(self) -> list[str]:
        return sorted({*self._objects, *self._discovered()})

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def get(self, name: str, source: Path | str | None = None, key: str | None = None) -> T:
        """The object registered as `name`, or a ConfigError naming it, the close match and
        the known names; `source`/`key` say where the name was written (e.g. rubric.toml)."""
        with self._lock:
            if name not in self._objects:
                entry = self._discovered().get(name)
                if entry is None:
                    raise ConfigError(source or self.group, key, self.unknown(name))
                self._objects[name] = _load(entry, self.group)
            return self._objects[name]

    def unknown(self, name: str) -> str:
        known = self.names()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listed = ", ".join(known) or "none"
        return f"no {self.what} named '{name}'{hint} (known: {listed})"

    def _discovered(self) -> dict[str, EntryPoint]:
        if self._entry_points is None:
            self._entry_points = {ep.name: ep for ep in _scan(self.group)}
        return self._entry_points


_scanned: tuple[tuple[str, ...], Any] | None = None
_scan_lock = threading.Lock()


def _scan(group: str) -> list[EntryPoint]:
    """nbkit's entry points, by group, from one pass over the installed distributions: each pass
    reads every distribution's metadata (about 10 ms in a kernel), and a lesson notebook asks
    several registries. A changed sys.path (a plugin installed since) is scanned again."""
    global _scanned
    key = tuple(sys.path)
    with _scan_lock:
        if _scanned is None or _scanned[0] != key:
            _scanned = (key, entry_points())  # every group; select() filters it in memory
        return list(_scanned[1].select(group=group))


def _load(entry: EntryPoint, group: str) -> Any:
    try:
        return entry.load()
    except Exception as exc:  # a broken plugin must say which one, not crash with a traceback
        raise ConfigError(
            group, entry.name, f"cannot load the plugin entry point {entry.value}: {exc}"
        ) from exc


# fn(view, **kwargs) -> displayable or None: a kit cell kind (`lesson.cell("plugin.name")`)
cells: Registry[Callable[..., Any]] = Registry("nbkit.cells", "cell kind")
# fn(ctx, **params) -> CheckResult: a pure rubric check
checks: Registry[Callable[..., Any]] = Registry("nbkit.checks", "rubric check")
# View(name, schema, build(source) -> dict): a derived view of the submission
views: Registry[Any] = Registry("nbkit.views", "submission view")
# fn(document, lesson, config) -> (suffix, bytes): an extra export format
formats: Registry[Callable[..., Any]] = Registry("nbkit.formats", "export format")
# a lesson folder path (a str or Path, or a callable returning one)
lessons: Registry[Any] = Registry("nbkit.lessons", "lesson")

REGISTRIES: dict[str, Registry[Any]] = {
    r.group: r for r in (cells, checks, views, formats, lessons)
}
