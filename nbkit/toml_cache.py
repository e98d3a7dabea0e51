"""TOML files read through a cache of their parsed data as JSON.

Every lesson notebook's first cell reads lesson.toml, sections/*.toml and nbkit.toml. tomllib is
pure Python: about 13 ms for a six-section lesson, plus 3 ms to import it, against under 1 ms
for json.loads of the same data. Nothing is trusted beyond the parse: callers check the data
(nbkit.strict) exactly as they check tomllib's, and an entry is written only when reading it
back gives data equal to tomllib's, so a hit returns what tomllib would.

Where: one file per TOML file in the user's cache folder ($XDG_CACHE_HOME, else ~/.cache) under
nbkit/toml/, named by a hash of the file's absolute path. Never in the lesson folder: that may be
a git checkout nbgitpuller merges, an installed wheel, or a cohort folder the student cannot write.

Never stale: an entry is used only while the file's stat (size, mtime_ns, ctime_ns, inode) is the
one it was parsed under; an edit, a copy over it or an editor's save-by-rename changes that. A file
changed less than SETTLE_NS ago is parsed but not cached: a second edit within the same timestamp
tick could keep its stat (git's "racy" files). An entry that is missing, unreadable, malformed or
for another file is ignored and rewritten; a cache that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

FORMAT = 1
# Longer than any file system's timestamp tick (FAT: 2 s) and than small clock skews.
SETTLE_NS = 3_000_000_000
# TOML has dates and times (nbkit.toml's week1_start), JSON has not: {"$toml": kind, "iso": ...}.
TAG = "$toml"
_TIMES: dict[str, type[dt.date | dt.time]] = {
    "datetime": dt.datetime,  # before date: a datetime is a date too
    "date": dt.date,
    "time": dt.time,
}


def load(path: Path) -> dict[str, Any]:
    """The TOML file at `path` as tomllib parses it. Raises what reading and tomllib raise:
    OSError, or ValueError (tomllib.TOMLDecodeError, UnicodeDecodeError)."""
    stat = os.stat(path)  # before reading: an edit after this stat changes it, so the next miss
    name = os.path.abspath(path)
    stamp = fingerprint(stat)
    entry = cache_file(name)
    data = cached(entry, name, stamp) if entry else None
    if data is None:
        data = parse(path)
        if entry and settled(stat):
            store(entry, name, stamp, data)
    return data


def parse(path: Path) -> dict[str, Any]:
    import tomllib  # only on a miss: importing it costs a kernel 3 ms

    return tomllib.loads(path.read_text(encoding="utf-8"))


def fingerprint(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def settled(stat: os.stat_result) -> bool:
    """Unchanged for SETTLE_NS: any later change gets a later timestamp, so a new stat."""
    return time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > SETTLE_NS


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/nbkit/toml, else ~/.cache/nbkit/toml (beside nbkit.submission's cache)."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no HOME and no passwd entry: nowhere to keep it, only slower
        return None
    return Path(base) / "nbkit" / "toml"


def cache_file(name: str) -> Path | None:
    folder = cache_dir()
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"{digest}.json" if folder else None


def cached(entry: Path, name: str, stamp: list[int]) -> dict[str, Any] | None:
    """The data `entry` holds for file `name` as of `stamp`, else None (never an error)."""
    try:
        record = json.loads(entry.read_bytes(), object_hook=_from_json)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):  # a malformed entry: a miss
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    data = record.get("data")
    if record.get("path") != name or record.get("stat") != stamp or not isinstance(data, dict):
        return None
    return data


def store(entry: Path, name: str, stamp: list[int], data: dict[str, Any]) -> None:
    """Write the entry atomically (the kernels of several notebooks may write it at once). Data
    that does not come back equal (a NaN) is not kept; an OSError only leaves it unwritten."""
    record = {"format": FORMAT, "path": name, "stat": stamp, "data": data}
    try:
        text = json.dumps(record, default=_to_json)
        if json.loads(text, object_hook=_from_json)["data"] != data:
            return
    except (TypeError, ValueError, KeyError):  # a TOML table that looks tagged but is not
        return
    partial = entry.with_name(f"{entry.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, entry)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _to_json(value: Any) -> dict[str, str]:
    """json.dumps' fallback: a TOML date or time as a tagged table."""
    for kind, cls in _TIMES.items():
        if isinstance(value, cls):
            return {TAG: kind, "iso": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not TOML data")


def _from_json(table: dict[str, Any]) -> Any:
    """json.loads' object_hook: a tagged table back to its date or time. (A TOML table of the
    same shape would come back changed: store() then refuses to cache its file.)"""
    kind = table.get(TAG)
    return table if kind is None else _TIMES[kind].fromisoformat(table["iso"])
