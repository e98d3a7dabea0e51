"""Strict keys: one ConfigError naming the file, the dotted key and the closest known key."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbkit.errors import ConfigError
from nbkit.strict import check_keys, table_of, tables_of, unknown_key_message

pytestmark = pytest.mark.unit


def test_a_misspelled_key_names_file_key_and_the_closest_known_key():
    with pytest.raises(ConfigError) as info:
        check_keys(Path("nbkit.toml"), "grading", {"rubirc": "x"}, ("rubric", "max_submission_mb"))
    assert info.value.key == "grading.rubirc"
    assert info.value.exit_code == 3
    assert str(info.value) == "nbkit.toml: grading.rubirc: unknown key; did you mean 'rubric'?"


def test_known_keys_pass_and_top_level_keys_have_no_prefix():
    check_keys("lesson.toml", "", {"id": 1, "title": 2}, ("id", "title", "version"))
    with pytest.raises(ConfigError) as info:
        check_keys("lesson.toml", "", {"titel": "x"}, ("id", "title", "version"))
    assert info.value.key == "titel"


def test_with_nothing_close_the_known_keys_are_listed():
    assert unknown_key_message("zzz", ("b", "a")) == "unknown key; known keys: a, b"
    assert unknown_key_message("zzz", ()) == "unknown key; this table takes no keys"


def test_tables_must_be_tables():
    assert table_of("f.toml", "links", None) == {}
    with pytest.raises(ConfigError, match="must be a table"):
        table_of("f.toml", "links", "video")
    assert tables_of("f.toml", "sections", None) == []
    with pytest.raises(ConfigError, match=r"\[\[sections\]\]"):
        tables_of("f.toml", "sections", {"id": "start"})
