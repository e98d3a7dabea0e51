"""The answer store under real SQLite: round trips, concurrent writers, a writer killed mid-run."""

from __future__ import annotations

import multiprocessing as mp
import os
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


def test_tracker_add_edit_delete(tmp_path: Path):
    with Store(tmp_path) as store:
        first = store.save_tracker_row({"name": "Ada", "status": "identified"})
        second = store.save_tracker_row({"name": "Grace", "status": "messaged"})
        store.save_tracker_row({"name": "Ada L.", "status": "met"}, row_id=first)
        assert [r["name"] for r in store.tracker_rows()] == ["Ada L.", "Grace"]
        assert store.delete_tracker_row(second)
        assert [r["row_id"] for r in store.tracker_rows()] == [first]
        assert len(store.history(first, kind="tracker")) == 2


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
