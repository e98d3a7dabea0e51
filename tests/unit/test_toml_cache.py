"""The parsed-TOML cache: a hit gives exactly tomllib's data, an edit is always read again, a
malformed entry is ignored and rewritten, and the lesson's strict checks still run on a hit."""

from __future__ import annotations

import json
import math
import os
import tomllib
from pathlib import Path

import pytest

from nbkit import toml_cache
from nbkit.content import _load, load_lesson
from nbkit.errors import ConfigError

pytestmark = pytest.mark.unit

DOC = """
title = "Dates, times and numbers"
start = 2026-11-23
at = 2026-11-23T09:30:00-07:00
local = 2026-11-23T09:30:00.123456
alarm = 07:45:00
ratio = 0.1
big = 9007199254740993
list = [1, 2.5, "three", [true, false], { a = 1 }]

[[questions]]
id = "q.one"
bands = [{ max = 24, label = "low" }]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own; files count as settled at once (SETTLE_NS: its own test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(toml_cache, "SETTLE_NS", -1)
    return tmp_path / "cache" / "nbkit" / "toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entry_of(path: Path) -> Path:
    entry = toml_cache.cache_file(os.path.abspath(path))
    assert entry is not None
    return entry


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> dict[str, object]:
        raise AssertionError(f"{path} was parsed, not read from the cache")

    monkeypatch.setattr(toml_cache, "parse", refuse)


def later(path: Path) -> None:
    """What an author's edit looks like to the cache: it comes after the entry was written, so
    the file's timestamp is later (a test writes faster than a file system's timestamp tick)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_hit_gives_tomllibs_data_with_its_types(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = write(tmp_path / "doc.toml", DOC)
    expected = tomllib.loads(DOC)
    assert toml_cache.load(path) == expected
    assert entry_of(path).is_file()
    no_parsing(monkeypatch)
    hit = toml_cache.load(path)
    assert hit == expected
    for key in ("start", "at", "local", "alarm", "big", "ratio"):
        assert type(hit[key]) is type(expected[key]), key
    assert hit["at"].utcoffset() == expected["at"].utcoffset()  # == alone ignores the offset
    assert list(hit) == list(expected)  # key order: strict checks name the first unknown key


def test_an_edit_is_read_again(cache: Path, tmp_path: Path):
    path = write(tmp_path / "doc.toml", 'title = "aaaa"\n')
    assert toml_cache.load(path) == {"title": "aaaa"}
    write(path, 'title = "bbbb"\n')  # the same size
    later(path)
    assert toml_cache.load(path) == {"title": "bbbb"}
    write(path, 'title = "a longer title"\n')
    later(path)
    assert toml_cache.load(path) == {"title": "a longer title"}


def test_a_file_replaced_with_its_old_size_and_time_is_read_again(cache: Path, tmp_path: Path):
    # `cp -p`, rsync -t, an editor's save-by-rename: same size and mtime, another file (inode).
    path = write(tmp_path / "doc.toml", 'title = "aaaa"\n')
    assert toml_cache.load(path) == {"title": "aaaa"}
    old = path.stat()
    other = write(tmp_path / "other.toml", 'title = "bbbb"\n')
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(other, path)
    assert toml_cache.load(path) == {"title": "bbbb"}


def test_a_file_changed_just_now_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A second edit within the same timestamp tick could keep the stat: such a file waits.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write(tmp_path / "doc.toml", 'title = "aaaa"\n')
    assert toml_cache.load(path) == {"title": "aaaa"}
    assert not entry_of(path).exists()
    write(path, 'title = "bbbb"\n')
    assert toml_cache.load(path) == {"title": "bbbb"}


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"format": 1}',
        b"\xff\xfe",
        b'{"format": 1, "path": "P", "stat": "S", "data": {"x": {"$toml": "date", "iso": 5}}}',
        b'{"format": 1, "path": "P", "stat": "S", "data": {"x": {"$toml": "decade"}}}',
        b'{"format": 1, "path": "P", "stat": [0, 0, 0, 0], "data": {"title": "stale"}}',
        b'{"format": 1, "path": "P", "stat": "S", "data": ["not", "a", "table"]}',
        b'{"format": 99, "path": "P", "stat": "S", "data": {"title": "future"}}',
        b"[" * 100_000,
    ],
)
def test_a_malformed_entry_is_ignored_and_rewritten(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
):
    path = write(tmp_path / "doc.toml", DOC)
    toml_cache.load(path)
    entry = entry_of(path)
    stat = json.dumps(toml_cache.fingerprint(path.stat())).encode()
    entry.write_bytes(damage.replace(b'"P"', json.dumps(str(path)).encode()).replace(b'"S"', stat))
    assert toml_cache.load(path) == tomllib.loads(DOC)
    no_parsing(monkeypatch)
    assert toml_cache.load(path) == tomllib.loads(DOC)  # rewritten whole


def test_an_entry_for_another_file_is_not_used(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    one = write(tmp_path / "one.toml", 'title = "one"\n')
    two = write(tmp_path / "two.toml", 'title = "two"\n')
    toml_cache.load(one)
    record = json.loads(entry_of(one).read_bytes())
    record["stat"] = toml_cache.fingerprint(two.stat())  # all but the path fits file two
    entry_of(two).write_text(json.dumps(record), encoding="utf-8")
    assert toml_cache.load(two) == {"title": "two"}


def test_what_json_cannot_give_back_is_parsed_every_time(cache: Path, tmp_path: Path):
    nan = write(tmp_path / "nan.toml", "x = nan\n")
    assert math.isnan(toml_cache.load(nan)["x"])
    lookalike = write(tmp_path / "tag.toml", 'x = { "$toml" = "date", iso = "2026-11-23" }\n')
    assert toml_cache.load(lookalike) == {"x": {"$toml": "date", "iso": "2026-11-23"}}
    assert not entry_of(nan).exists() and not entry_of(lookalike).exists()
    assert toml_cache.load(lookalike) == {"x": {"$toml": "date", "iso": "2026-11-23"}}


def test_errors_are_tomllibs_and_a_cache_that_cannot_be_written_costs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(write(tmp_path / "a-file", "")))  # not a folder
    monkeypatch.setattr(toml_cache, "SETTLE_NS", -1)
    assert toml_cache.load(write(tmp_path / "doc.toml", DOC)) == tomllib.loads(DOC)
    with pytest.raises(FileNotFoundError):
        toml_cache.load(tmp_path / "missing.toml")
    with pytest.raises(tomllib.TOMLDecodeError):
        toml_cache.load(write(tmp_path / "bad.toml", "title = \n"))


LESSON = """
id = "demo"
version = "1"
title = "Demo"
[profile]
name = "one.name"
student_id = "one.id"
[[sections]]
id = "one"
title = "One"
content = "sections/one.toml"
"""
SECTION = """
[[questions]]
id = "one.name"
kind = "short"
label = "Your name"
[[questions]]
id = "one.id"
kind = "short"
label = "Your id"
"""


def test_a_lesson_edited_after_a_cached_read_is_read_again_and_checked(cache: Path, tmp_path: Path):
    folder = tmp_path / "demo"
    write(folder / "lesson.toml", LESSON)
    section = write(folder / "sections" / "one.toml", SECTION)
    assert load_lesson(folder).question("one.name").label == "Your name"
    _load.cache_clear()  # a new kernel
    write(section, SECTION.replace("Your name", "Full name"))
    later(section)
    assert load_lesson(folder).question("one.name").label == "Full name"
    _load.cache_clear()
    write(section, SECTION.replace('label = "Your id"', 'lable = "Your id"'))
    later(section)
    for _ in range(2):  # parsed, then from the cache: both times the misspelled key is refused
        with pytest.raises(ConfigError, match="did you mean 'label'"):
            load_lesson(folder)
        _load.cache_clear()
    assert entry_of(section).is_file()
