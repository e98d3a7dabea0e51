"""The answer store under real SQLite: round trips, concurrent writers, a writer killed mid-run."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from nbkit.errors import AnswerTooLarge
from nbkit.store import MAX_ANSWER_CHARS, Store

pytestmark = pytest.mark.unit

SAMPLES = [
    "plain",
    "Zoë says héllo, 你好, Привет 🎉👩🏽‍💻",
    "مرحبا بالعالم — RTL text with an English tail",
    "line one\nline two\r\nline three\ttabbed\u2028sep",
    "<script>alert('x')</script>\"'&",
    "",
    "x" * 1_000_000,
]


@pytest.mark.parametrize("value", SAMPLES, ids=range(len(SAMPLES)))
def test_exact_round_trip_after_reopen(tmp_path: Path, value: str):
    with Store(tmp_path) as store:
        store.save("needs.background", value)
    with Store(tmp_path) as store:
        assert store.get("needs.background") == value


def test_structured_values_round_trip(tmp_path: Path):
    values = {
        "comfort.ipip": {"E1": 5, "E2": 1},
        "needs.questions": ["one", "two ✓", ""],
        "goals.mentor.time_options": ["2026-12-01T14:30", None],
    }
    with Store(tmp_path) as store:
        for key, value in values.items():
            store.save(key, value)
    with Store(tmp_path) as store:
        assert store.values() == values
        assert set(store.values("goals.")) == {"goals.mentor.time_options"}


def test_history_keeps_every_change_and_coalesces_bursts(tmp_path: Path, monkeypatch):
    with Store(tmp_path) as store:
        for text in ("a", "ab", "abc"):
            store.save("needs.background", text)
        assert [e.value for e in store.history("needs.background")] == ["abc"]  # one burst
        monkeypatch.setattr("nbkit.store.HISTORY_BURST_SECONDS", 0.0)
        store.save("needs.background", "abcd")
        assert [e.value for e in store.history("needs.background")] == ["abc", "abcd"]
        assert store.answer("needs.background").revision == 4


def test_too_large_is_refused_and_previous_value_kept(tmp_path: Path):
    with Store(tmp_path) as store:
        store.save("needs.background", "kept")
        with pytest.raises(AnswerTooLarge, match="previous version is still saved"):
            store.save("needs.background", "y" * (MAX_ANSWER_CHARS + 1))
        assert store.get("needs.background") == "kept"


def test_table_rows_add_edit_delete(tmp_path: Path):
    with Store(tmp_path) as store:
        first = store.save_row("contacts", {"name": "Ada", "status": "identified"})
        second = store.save_row("contacts", {"name": "Grace", "status": "messaged"})
        store.save_row("contacts", {"name": "Ada L.", "status": "met"}, row_id=first)
        store.save_row("books", {"title": "Notes"})
        assert [r["name"] for r in store.rows("contacts")] == ["Ada L.", "Grace"]
        assert store.delete_row("contacts", second)
        assert not store.delete_row("books", first)  # a row id belongs to its own table
        assert [r["row_id"] for r in store.rows("contacts")] == [first]
        assert [r["title"] for r in store.rows("books")] == ["Notes"]
        assert len(store.history(f"contacts:{first}", kind="row")) == 2
        assert store.history(f"contacts:{second}", kind="row")[-1].value == {"deleted": True}


def test_restore_loads_every_table_with_its_timestamps(tmp_path: Path):
    row = {
        "row_id": "r1",
        "name": "Ada",
        "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z",
    }
    with Store(tmp_path) as store:
        store.restore(
            {"start.name": ("Ada", "2026-11-01T09:00:00Z")},
            {"contacts": [row], "books": [{"title": "Notes"}]},
            [("take", "scale", {"E1": 5}, "2026-11-01T09:30:00Z")],
        )
        assert store.rows("contacts") == [row]
        assert [r["title"] for r in store.rows("books")] == ["Notes"]
        assert store.answer("start.name").updated_at == "2026-11-01T09:00:00Z"
        assert store.history("scale", kind="take")[0].value == {"E1": 5}
        assert not store.is_empty()
        store.clear()
        assert store.is_empty() and store.rows("contacts") == []


OLD_WORKSPACE = Path(__file__).parents[1] / "data" / "workspace-1" / "answers.sqlite3"


def test_workspace_written_by_the_previous_version_is_migrated(tmp_path: Path):
    # tests/data/workspace-1 was written by the store of commit 5a3f870 (generate.py.txt there):
    # its rows sit in a `tracker` table and their events have kind 'tracker'.
    shutil.copy(OLD_WORKSPACE, tmp_path / "answers.sqlite3")
    old = sqlite3.connect(tmp_path / "answers.sqlite3")
    before_rows = old.execute("SELECT row_id, data, created_at, updated_at FROM tracker").fetchall()
    before_events = old.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    old.close()
    for _ in range(2):  # opening again must not duplicate or lose anything
        with Store(tmp_path) as store:
            rows = store.rows("tracker")
            assert [(r["row_id"], r["created_at"], r["updated_at"]) for r in rows] == [
                (b[0], b[2], b[3]) for b in before_rows
            ]
            assert rows[0]["name"] == "Grace Hopper" and rows[0]["thank_you_sent"] is True
            assert [r["name"] for r in rows] == ["Grace Hopper", "Alan Turing"]
            assert store.get("needs.background") == "Zoë: analytical engines ✓"
            events = store.events()
            assert len(events) == before_events
            row_events = [e for e in events if e.kind == "row"]
            assert len(row_events) == 5 and all(e.key.startswith("tracker:") for e in row_events)
            assert row_events[-1].value == {"deleted": True}
            assert not [e for e in events if e.kind == "tracker"]
    tables = {
        r[0]
        for r in sqlite3.connect(tmp_path / "answers.sqlite3").execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert "tracker" not in tables


def _writer(home: str, worker: int, count: int) -> None:
    with Store(home) as store:
        for i in range(count):
            store.save(f"w{worker}.k{i % 7}", f"{worker}:{i}")
            store.record("visit", f"w{worker}", i)


def test_four_processes_500_writes_each_nothing_lost(tmp_path: Path):
    ctx = mp.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(tmp_path), n, 500)) for n in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
        assert p.exitcode == 0
    with Store(tmp_path) as store:
        visits = store.history(kind="visit")
        for n in range(4):
            assert sorted(e.value for e in visits if e.key == f"w{n}") == list(range(500))
            # the last write to each key wins: i = 493..499 for the seven keys
            for k in range(7):
                last = max(i for i in range(500) if i % 7 == k)
                assert store.get(f"w{n}.k{k}") == f"{n}:{last}"


def _endless_writer(home: str) -> None:
    with Store(home) as store:
        i = 0
        while True:
            store.record("visit", "killed", i)
            i += 1


def test_writer_killed_mid_run_keeps_every_committed_write(tmp_path: Path):
    ctx = mp.get_context("spawn")
    victim = ctx.Process(target=_endless_writer, args=(str(tmp_path),))
    victim.start()
    deadline = time.monotonic() + 60
    db = tmp_path / "answers.sqlite3"
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists() and _count(db) > 200:
            break
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(10)
    assert victim.exitcode == -signal.SIGKILL
    with Store(tmp_path) as store:
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        values = [e.value for e in store.history("killed", kind="visit")]
        # every committed write is there, in order, with no gap
        assert values == list(range(len(values)))
        assert len(values) > 200
        store.save("after.crash", "still writable")
        assert store.get("after.crash") == "still writable"


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_end_burst_keeps_the_replaced_text_in_history(tmp_path: Path):
    with Store(tmp_path) as store:
        store.save("reflection.slack", "my own words")
        store.end_burst("reflection.slack")
        store.save("reflection.slack", "a fresh draft")
        store.save("reflection.slack", "a fresh draft, edited")
        values = [e.value for e in store.history("reflection.slack")]
        assert values == ["my own words", "a fresh draft, edited"]


def test_writers_take_turns_and_the_wal_is_checkpointed_off_the_commit(tmp_path: Path, monkeypatch):
    import nbkit.store as store_module

    monkeypatch.setattr(store_module, "CHECKPOINT_EVERY", 5)
    with Store(tmp_path) as first, Store(tmp_path) as second:
        assert (tmp_path / store_module.LOCK_NAME).is_file()
        for i in range(12):
            (first if i % 2 else second).save("needs.background", f"text {i}")
        assert first._checkpointer is not None and second._checkpointer is not None
        db = sqlite3.connect(tmp_path / "answers.sqlite3")
        try:
            autocheckpoint = db.execute("PRAGMA wal_autocheckpoint").fetchone()
        finally:
            db.close()
        assert first.get("needs.background") == "text 11"
        thread = first._checkpointer._thread
    assert not thread.is_alive()  # closing the store stops its checkpoint thread
    assert autocheckpoint == (1000,)  # another connection keeps SQLite's default
    with Store(tmp_path) as again:
        assert again.get("needs.background") == "text 11"
        assert again._db.execute("PRAGMA wal_autocheckpoint").fetchone() == (
            store_module.BACKSTOP_PAGES,
        )


def test_a_writer_waits_its_turn_and_fails_as_busy_rather_than_hang(tmp_path: Path, monkeypatch):
    import fcntl
    import threading

    import nbkit.store as store_module
    from nbkit.errors import StoreError

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.3)
    with Store(tmp_path) as store:
        other = os.open(tmp_path / store_module.LOCK_NAME, os.O_RDWR)  # another kernel's turn
        try:
            fcntl.flock(other, fcntl.LOCK_EX)
            with pytest.raises(StoreError, match="busy"):
                store.save("needs.background", "held up")
            assert store.get("needs.background") is None
            release = threading.Timer(0.1, fcntl.flock, (other, fcntl.LOCK_UN))
            release.start()
            started = time.monotonic()
            store.save("needs.background", "after my turn")  # waits for the release, then writes
            assert 0.05 < time.monotonic() - started < 0.3
            release.join()
        finally:
            os.close(other)
        assert store.get("needs.background") == "after my turn"
