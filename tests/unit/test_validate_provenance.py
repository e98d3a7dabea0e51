"""The store records where each answer's text came from, and old workspaces gain the record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nbkit.store import DB_NAME, Store

pytestmark = pytest.mark.unit


def test_typed_bank_draft_and_replaced(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.save("reflection.slack", "My own words.").source == "typed"
        store.mark_source("reflection.slack", "draft")
        assert store.save("reflection.slack", "The kit's draft.").source == "replaced"
        store.mark_source("reflection.if_then", "draft")
        assert store.save("reflection.if_then", "A draft into an empty answer.").source == "draft"
        store.mark_source("needs.questions", "bank")
        store.save("needs.questions", ["What is the tech industry like?"])
        store.save("reflection.if_then", "A draft into an empty answer, edited.")
        assert store.sources() == {
            "needs.questions": "bank",
            "reflection.if_then": "typed",
            "reflection.slack": "replaced",
        }
        # The student's replaced text and the kit's draft are history events of their own.
        history = store.history("reflection.slack")
        assert [e.value for e in history] == ["My own words.", "The kit's draft."]
        edits = store.history("reflection.if_then")
        assert [e.value for e in edits][-2:] == [
            "A draft into an empty answer.",
            "A draft into an empty answer, edited.",
        ]


def test_an_unknown_source_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path) as store, pytest.raises(ValueError, match="unknown answer source"):
        store.mark_source("x", "pasted")


def test_a_workspace_from_before_provenance_is_migrated_once(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.executescript(
        """
        CREATE TABLE answers (id TEXT PRIMARY KEY, value TEXT NOT NULL,
            updated_at TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 1);
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
            key TEXT NOT NULL, value TEXT, at TEXT NOT NULL, writer TEXT NOT NULL);
        INSERT INTO answers VALUES ('reflection.slack', '"old text"', '2026-01-05T10:00:00Z', 1);
        INSERT INTO events(kind, key, value, at, writer)
            VALUES ('answer', 'reflection.slack', '"old text"', '2026-01-05T10:00:00Z', 'w');
        """
    )
    db.close()
    with Store(tmp_path) as store:
        old = store.answer("reflection.slack")
        assert old is not None and (old.value, old.source) == ("old text", "unknown")
        store.save("reflection.slack", "new text")
    with Store(tmp_path) as again:  # a second open finds nothing to migrate
        assert again.sources() == {"reflection.slack": "typed"}
        assert [e.value for e in again.history("reflection.slack")] == ["old text", "new text"]
    raw = sqlite3.connect(tmp_path / DB_NAME)
    sources = [r[0] for r in raw.execute("SELECT source FROM events ORDER BY seq")]
    raw.close()
    assert sources == ["unknown", "typed"]


def test_imported_answers_are_of_unknown_source(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.restore({"reflection.slack": ("from a file", "2026-01-05T10:00:00Z")}, {})
        assert store.sources() == {"reflection.slack": "unknown"}


def test_a_draft_is_pressed_for_and_the_note_counts_the_students_own_words(tmp_path: Path) -> None:
    from nbkit.notebook import open_section

    lesson = open_section("reflection", workspace=tmp_path / "ws")
    box = lesson.cell("networking.draft", answer="reflection.slack")
    assert lesson.store.get("reflection.slack") is None  # running the cell wrote nothing
    box.draft.click()
    drafted = lesson.store.answer("reflection.slack")
    assert drafted is not None and drafted.source == "draft"
    hint = box.box.children[-1]
    assert "Still the kit&#x27;s draft word for word" in hint.value
    box.control.input.value = drafted.value + " Small groups suit me best, I found out."
    assert "8 words of your own" in hint.value
    assert lesson.store.answer("reflection.slack").source == "typed"
    box.control.input.value = "I learned that I like one-to-one talks more than big events."
    assert hint.value == ""  # nothing of the kit's left: nothing to say
