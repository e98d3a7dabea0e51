"""The student's workspace: current answers, their history, table rows. SQLite (stdlib).

Several notebooks (one kernel each) write the same workspace at once, so every write is one
short IMMEDIATE transaction in WAL mode with a generous busy timeout: writers queue instead of
failing, and a process killed mid-write leaves only its uncommitted transaction behind.
synchronous=NORMAL in WAL survives any process crash; only a power cut may drop the last commit.
A commit then writes the WAL without an fsync; the fsyncs happen when the WAL is checkpointed
into the database, which a long-lived store (a notebook's kernel) does on a thread of its own
every CHECKPOINT_EVERY commits instead of inside the commit that crosses SQLite's threshold, so
no keystroke waits for them (Checkpointer). Durability is the same: a checkpoint only copies
committed pages from the WAL into the database file.

Keystrokes arrive one by one, so history is coalesced: an edit to the same answer from the same
process within HISTORY_BURST_SECONDS rewrites the latest history event instead of adding one.

Rows of a lesson's tables (docs/kit-shape.md: repeatable rows with typed columns) live in one
`rows` table keyed by (table_id, row_id). A workspace written before lessons were folders kept
its only table in `tracker`; opening it moves those rows and their events into table id
"tracker", in the same transaction that creates the schema, so nothing is lost or duplicated.

Provenance: every answer and answer event records where its text came from (SOURCES): the
student typed it, a prompt was taken from the question's bank, the kit drafted it when the
student pressed a draft button, or such a draft replaced text the student had written (that
text stays in the history as its own event). The kit never writes an answer on its own: a draft
exists only because the student asked for it. A widget says where the next value comes from with
`mark_source` before setting it; its observer's save then records that source. Workspaces made
before provenance get the columns on open, their answers marked "unknown" (nobody recorded it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AnswerTooLarge, StoreError

DB_NAME = "answers.sqlite3"
# Writers of one workspace take turns on an flock of this file before SQLite's write lock (see
# Store._writer_turn); it holds no data and may be deleted while no kernel is open.
LOCK_NAME = "answers.sqlite3.lock"
MAX_ANSWER_CHARS = 2_000_000
HISTORY_BURST_SECONDS = 60.0
BUSY_TIMEOUT_S = 30.0
# A kernel's store checkpoints the WAL on its own thread after this many of its commits (about 3
# pages each: SQLite's own automatic checkpoint comes at 1000 pages). SQLite's automatic one stays
# as a backstop, much later, in case that thread cannot keep up.
CHECKPOINT_EVERY = 250
BACKSTOP_PAGES = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'typed'
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,            -- 'answer' | 'visit' | 'row' | 'take'
    key TEXT NOT NULL,             -- answer id, section id or '<table_id>:<row_id>'
    value TEXT,
    at TEXT NOT NULL,
    writer TEXT NOT NULL,
    source TEXT                    -- an answer event's provenance (SOURCES), else NULL
);
CREATE INDEX IF NOT EXISTS events_key ON events(kind, key, seq);
CREATE TABLE IF NOT EXISTS rows (
    table_id TEXT NOT NULL,
    row_id TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (table_id, row_id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# The one table of workspaces written before tables were generic (nbkit.submission/1 era).
_LEGACY_TABLE = "tracker"
_MIGRATE_LEGACY = f"""
INSERT OR IGNORE INTO rows(table_id, row_id, data, created_at, updated_at, position)
    SELECT '{_LEGACY_TABLE}', row_id, data, created_at, updated_at, position FROM {_LEGACY_TABLE};
UPDATE events SET kind='row', key='{_LEGACY_TABLE}:' || key WHERE kind='{_LEGACY_TABLE}';
DROP TABLE {_LEGACY_TABLE}
"""
# Where an answer's text came from; "unknown" only for answers saved before this was recorded
# or loaded from a submission file (which does not say).
SOURCES = ("typed", "bank", "draft", "replaced", "unknown")
_PROVENANCE_COLUMNS = (
    ("answers", "source TEXT NOT NULL DEFAULT 'unknown'"),
    ("events", "source TEXT"),
)
ROW_META = ("row_id", "created_at", "updated_at")  # kept beside a row's data, not inside it


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def default_home(root: Path | None = None) -> Path:
    """The workspace nbkit.paths resolves: NBKIT_HOME, else .nbkit/ beside nbkit.toml (or in the
    current folder); never inside the installed package."""
    from .paths import resolve_paths  # paths reads nbkit.toml; the store is opened far more often

    return resolve_paths(start=root).home


@dataclass(frozen=True)
class Answer:
    id: str
    value: Any
    updated_at: str
    revision: int
    source: str = "typed"


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    key: str
    value: Any
    at: str


SQLITE_HEADER = b"SQLite format 3\x00"


def broken_message(path: Path, what: str) -> str:
    return (
        f"the workspace file {path} is {what}; it was kept as it is. Rename it to start a new "
        "workspace, or put back a backup (or load an export with nbkit import)"
    )


def refuse_broken(path: Path) -> bool:
    """Before SQLite opens `path`: refuse a file that is empty or not an SQLite database (SQLite
    would silently treat a 0-byte file as a new, empty workspace). True when a database exists."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    if not header:
        raise StoreError(broken_message(path, "empty (0 bytes), not a workspace"))
    if header != SQLITE_HEADER:
        raise StoreError(broken_message(path, "not an SQLite database"))
    return True


def create_workspace_file(path: Path) -> None:
    """A new workspace appears whole or not at all: it is built beside its place, then linked in.

    SQLite creates a 0-byte file the moment it connects, and a 0-byte workspace is refused as
    broken (refuse_broken); two kernels opening a new workspace at once must never see that
    instant, so the file only appears at `path` with its header and schema written.
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # kept in the header, so it comes along
            db.executescript(_SCHEMA)
        finally:
            db.close()
        try:
            os.link(tmp, path)  # never replaces: the first process to link wins, others use it
        except FileExistsError:
            pass
        except OSError:
            pass  # no hard links on this file system: SQLite creates the file as it always did
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)


def _open_turn(path: Path, database: Path) -> int | None:
    """The writers' lock file (Store._writer_turn), or None where there is no flock (Windows)
    or it cannot be opened (a read-only folder, another user's workspace): then SQLite's own
    lock serialises writers. Made with the database's permissions, as SQLite makes its -wal."""
    if sys.platform == "win32":
        return None
    try:
        mode = database.stat().st_mode & 0o666
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError:
        return None


def check_integrity(db: sqlite3.Connection, path: Path) -> None:
    """A damaged database is refused when it is opened, not halfway through reading it."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        first = " ".join(" ".join(problems).split())[:100]
        raise StoreError(broken_message(path, f"damaged (SQLite's check: {first})"))


class Checkpointer:
    """Copies the WAL into the database on a daemon thread with its own connection, when asked.

    PASSIVE: it never waits for, nor blocks, a writer or a reader; frames still in use are left
    for the next time. Started by a store on its first request, so short-lived stores (export,
    grading) never start one, and SQLite checkpoints when their last connection closes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="nbkit-checkpoint", daemon=True)
        self._thread.start()

    def request(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout=BUSY_TIMEOUT_S)

    def _run(self) -> None:
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            return  # SQLite's automatic checkpoint (BACKSTOP_PAGES) still bounds the WAL
        finally:
            if db is not None:
                db.close()


class Store:
    """One workspace. Cheap to open; safe to share between processes and between threads.

    JupyterLab 4.6 with ipykernel 7 delivers widget messages on a kernel subshell thread, so the
    cell that opens the store and the widget callbacks that write it run on different threads:
    the connection is shared across threads and transactions take turns under a lock.
    """

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self.writer = uuid.uuid4().hex[:12]
        self._lock = threading.RLock()
        self._burst_ended: set[str] = set()
        self._next_source: dict[str, str] = {}
        self._turn: int | None = None  # the writers' lock file (Store._writer_turn)
        self._commits = 0
        self._checkpointer: Checkpointer | None = None
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            if not (self.home / DB_NAME).exists():
                create_workspace_file(self.home / DB_NAME)
            self._turn = _open_turn(self.home / LOCK_NAME, self.home / DB_NAME)
            existing = refuse_broken(self.home / DB_NAME)
            self._db = sqlite3.connect(
                self.home / DB_NAME,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
            if existing:
                check_integrity(self._db, self.home / DB_NAME)
            self._db.execute("PRAGMA journal_mode=WAL")
            # Safe against any process crash; a power cut may lose the last commits (see above).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
            with self._tx() as db:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                _migrate(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(broken_message(self.home / DB_NAME, str(exc))) from None
        except OSError as exc:
            raise StoreError(f"cannot open the workspace {self.home}: {exc}") from exc

    @property
    def path(self) -> Path:
        return self.home / DB_NAME

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self._db.close()
        if self._turn is not None:
            os.close(self._turn)
            self._turn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """Wait for this workspace's other writers (other kernels) on an flock, retried often.

        SQLite's own busy wait sleeps 1, 2, 5, 10... ms between tries, so a keystroke that met
        another notebook's commit waited a millisecond or more for a lock freed after a tenth
        of one. Here the first retries come after 50 us, doubling to 1 ms; the OS releases the
        flock when a process dies, and a writer that cannot get it in BUSY_TIMEOUT_S fails as
        a busy SQLite would (a blocking flock could hang a kernel behind a stopped process).
        SQLite's lock stays underneath for writers that do not take this turn (other tools,
        other versions)."""
        fd = self._turn
        if fd is None:
            yield
            return
        import fcntl

        pause, deadline = 50e-6, time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"the workspace {self.home} is busy") from None
                time.sleep(pause)
                pause = min(pause * 2, 1e-3)
            except OSError:  # a file system without flock: SQLite's lock alone, as before
                yield
                return
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._writer_turn():
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"the workspace {self.home} is busy or unwritable: {exc}") from exc
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
                self._committed()

    def _committed(self) -> None:
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0:
            if self._checkpointer is None:
                self._checkpointer = Checkpointer(self.path)
            self._checkpointer.request()

    # -- answers -----------------------------------------------------------------------------

    def save(
        self, answer_id: str, value: Any, at: dt.datetime | None = None, source: str = ""
    ) -> Answer:
        """Record a new value for `answer_id`: the current value and a history event, atomically.

        `source` (SOURCES) defaults to what `mark_source` announced for this answer, else
        "typed". A draft saved over non-empty text of the student's is recorded as "replaced".
        """
        source = source or self._next_source.pop(answer_id, "typed")
        if source not in SOURCES:
            raise ValueError(f"unknown answer source {source!r}")
        encoded = _encode(answer_id, value)
        stamp = iso(at or now_utc())
        with self._tx() as db:
            if source == "draft" and _has_text(db, answer_id):
                source = "replaced"
            row = db.execute(
                "UPDATE answers SET value=?, updated_at=?, revision=revision+1, source=? "
                "WHERE id=? RETURNING revision",
                (encoded, stamp, source, answer_id),
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO answers(id, value, updated_at, source) VALUES (?,?,?,?)",
                    (answer_id, encoded, stamp, source),
                )
            coalesce = answer_id not in self._burst_ended and source == "typed"
            self._burst_ended.discard(answer_id)
            if source != "typed":
                # The kit's text stays a history event of its own: typing that follows does not
                # rewrite it, so the history shows what the kit wrote and what the student did.
                self._burst_ended.add(answer_id)
            self._record(db, "answer", answer_id, encoded, stamp, coalesce=coalesce, source=source)
        return Answer(answer_id, value, stamp, row[0] if row else 1, source)

    def mark_source(self, answer_id: str, source: str) -> None:
        """The next save of `answer_id` comes from `source` (a draft button, a bank prompt), not
        from the student's typing. Widgets call this just before setting the control's value."""
        if source not in SOURCES:
            raise ValueError(f"unknown answer source {source!r}")
        self._next_source[answer_id] = source

    def end_burst(self, answer_id: str) -> None:
        """The next save of `answer_id` starts a new history event instead of rewriting the
        latest one: a replacement (e.g. a fresh draft) never erases the text it replaced."""
        self._burst_ended.add(answer_id)

    def get(self, answer_id: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM answers WHERE id=?", (answer_id,)).fetchone()
        return json.loads(row[0]) if row else default

    def answer(self, answer_id: str) -> Answer | None:
        row = self._db.execute(
            "SELECT id, value, updated_at, revision, source FROM answers WHERE id=?", (answer_id,)
        ).fetchone()
        return Answer(row[0], json.loads(row[1]), row[2], row[3], row[4]) if row else None

    def answers(self, prefix: str = "") -> dict[str, Answer]:
        rows = self._db.execute(
            "SELECT id, value, updated_at, revision, source FROM answers "
            "WHERE substr(id, 1, ?) = ? ORDER BY id",
            (len(prefix), prefix),
        )
        return {r[0]: Answer(r[0], json.loads(r[1]), r[2], r[3], r[4]) for r in rows}

    def sources(self, prefix: str = "") -> dict[str, str]:
        """Where each answer's current text came from (SOURCES), by answer id."""
        return {k: a.source for k, a in self.answers(prefix).items()}

    def values(self, prefix: str = "") -> dict[str, Any]:
        return {k: a.value for k, a in self.answers(prefix).items()}

    def history(self, key: str | None = None, kind: str = "answer") -> list[Event]:
        sql = "SELECT seq, kind, key, value, at FROM events WHERE kind=?"
        args: tuple[Any, ...] = (kind,)
        if key is not None:
            sql, args = sql + " AND key=?", (kind, key)
        rows = self._db.execute(sql + " ORDER BY seq", args)
        return [Event(r[0], r[1], r[2], json.loads(r[3]) if r[3] else None, r[4]) for r in rows]

    def events(self) -> list[Event]:
        rows = self._db.execute("SELECT seq, kind, key, value, at FROM events ORDER BY seq")
        return [Event(r[0], r[1], r[2], json.loads(r[3]) if r[3] else None, r[4]) for r in rows]

    def record(self, kind: str, key: str, value: Any = None) -> None:
        """A non-answer event: a section visit, a finished assessment take."""
        encoded = None if value is None else json.dumps(value, ensure_ascii=False)
        with self._tx() as db:
            self._record(db, kind, key, encoded, iso(now_utc()), coalesce=False)

    def _record(
        self,
        db: sqlite3.Connection,
        kind: str,
        key: str,
        value: str | None,
        stamp: str,
        coalesce: bool,
        source: str | None = None,
    ) -> None:
        if coalesce:
            last = db.execute(
                "SELECT seq, at, writer FROM events WHERE kind=? AND key=? ORDER BY seq DESC LIMIT 1",
                (kind, key),
            ).fetchone()
            if (
                last
                and last[2] == self.writer
                and _seconds_between(last[1], stamp) < HISTORY_BURST_SECONDS
            ):
                db.execute(
                    "UPDATE events SET value=?, at=?, source=? WHERE seq=?",
                    (value, stamp, source, last[0]),
                )
                return
        db.execute(
            "INSERT INTO events(kind, key, value, at, writer, source) VALUES (?,?,?,?,?,?)",
            (kind, key, value, stamp, self.writer, source),
        )

    # -- tables ------------------------------------------------------------------------------

    def rows(self, table_id: str) -> list[dict[str, Any]]:
        """The rows of one lesson table, in the order they were added."""
        found = self._db.execute(
            "SELECT row_id, data, created_at, updated_at FROM rows WHERE table_id=? "
            "ORDER BY position, created_at",
            (table_id,),
        )
        return [
            {**json.loads(r[1]), "row_id": r[0], "created_at": r[2], "updated_at": r[3]}
            for r in found
        ]

    def save_row(self, table_id: str, data: dict[str, Any], row_id: str | None = None) -> str:
        """Insert (no row_id) or replace a row of `table_id`; returns its id."""
        clean = {k: v for k, v in data.items() if k not in ROW_META}
        encoded = _encode(f"a row of {table_id}", clean)
        stamp = iso(now_utc())
        row_id = row_id or uuid.uuid4().hex[:12]
        with self._tx() as db:
            updated = db.execute(
                "UPDATE rows SET data=?, updated_at=? WHERE table_id=? AND row_id=?",
                (encoded, stamp, table_id, row_id),
            ).rowcount
            if not updated:
                db.execute(
                    "INSERT INTO rows(table_id, row_id, data, created_at, updated_at, position) "
                    "VALUES (?,?,?,?,?,?)",
                    (table_id, row_id, encoded, stamp, stamp, _next_position(db, table_id)),
                )
            self._record(db, "row", row_key(table_id, row_id), encoded, stamp, coalesce=False)
        return row_id

    def delete_row(self, table_id: str, row_id: str) -> bool:
        with self._tx() as db:
            gone = db.execute(
                "DELETE FROM rows WHERE table_id=? AND row_id=?", (table_id, row_id)
            ).rowcount
            # The deletion is history too: the last event of a row says it was removed.
            deleted = json.dumps({"deleted": True})
            self._record(db, "row", row_key(table_id, row_id), deleted, iso(now_utc()), False)
        return bool(gone)

    # -- workspace-wide ----------------------------------------------------------------------

    def is_empty(self) -> bool:
        answers = self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        rows = self._db.execute("SELECT COUNT(*) FROM rows").fetchone()[0]
        return answers == 0 and rows == 0

    def clear(self) -> None:
        """Wipe the workspace (used only by `nbkit import --force`)."""
        with self._tx() as db:
            for table in ("answers", "events", "rows"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    def restore(
        self,
        answers: dict[str, tuple[Any, str]],
        tables: Mapping[str, Sequence[dict[str, Any]]],
        events: Sequence[tuple[str, str, Any, str]] = (),
    ) -> None:
        """Load answers and table rows with their original timestamps, plus extra events
        (kind, key, value, at) such as assessment takes, in one transaction."""
        with self._tx() as db:
            for kind, key, value, stamp in events:
                self._record(db, kind, key, _encode(key, value), stamp, coalesce=False)
            for answer_id, (value, stamp) in answers.items():
                encoded = _encode(answer_id, value)
                # A submission file does not say where its text came from.
                db.execute(
                    "INSERT OR REPLACE INTO answers(id, value, updated_at, source) "
                    "VALUES (?,?,?,'unknown')",
                    (answer_id, encoded, stamp),
                )
                self._record(db, "answer", answer_id, encoded, stamp, False, "unknown")
            for table_id, rows in tables.items():
                for row in rows:
                    _restore_row(db, table_id, row)


def row_key(table_id: str, row_id: str) -> str:
    """The key of a row's events: progress attributes them to the table's section."""
    return f"{table_id}:{row_id}"


def _restore_row(db: sqlite3.Connection, table_id: str, row: dict[str, Any]) -> None:
    data = {k: v for k, v in row.items() if k not in ROW_META}
    stamp = row.get("updated_at") or iso(now_utc())
    db.execute(
        "INSERT OR REPLACE INTO rows(table_id, row_id, data, created_at, updated_at, position)"
        " VALUES (?,?,?,?,?,?)",
        (
            table_id,
            row.get("row_id") or uuid.uuid4().hex[:12],
            _encode(f"a row of {table_id}", data),
            row.get("created_at") or stamp,
            stamp,
            _next_position(db, table_id),
        ),
    )


def _next_position(db: sqlite3.Connection, table_id: str) -> int:
    found = db.execute(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM rows WHERE table_id=?", (table_id,)
    ).fetchone()
    return int(found[0])


def _migrate(db: sqlite3.Connection) -> None:
    """Move a pre-tables workspace's rows and row events into the generic tables, and give a
    pre-provenance workspace its source columns (idempotent, in the schema's transaction: a
    second opener finds nothing to do)."""
    legacy = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (_LEGACY_TABLE,)
    ).fetchone()
    if legacy:
        for statement in filter(str.strip, _MIGRATE_LEGACY.split(";")):
            db.execute(statement)
    for table, column in _PROVENANCE_COLUMNS:
        names = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        if "source" not in names:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
            if table == "events":  # older answer events say nothing, like their answers
                db.execute("UPDATE events SET source='unknown' WHERE kind='answer'")


def _has_text(db: sqlite3.Connection, answer_id: str) -> bool:
    row = db.execute("SELECT value FROM answers WHERE id=?", (answer_id,)).fetchone()
    if row is None:
        return False
    value = json.loads(row[0])
    return isinstance(value, str) and bool(value.strip())


def _encode(what: str, value: Any) -> str:
    encoded = json.dumps(value, ensure_ascii=False)
    if len(encoded) > MAX_ANSWER_CHARS:
        raise AnswerTooLarge(
            f"{what} is too long to save ({len(encoded):,} characters; the limit is "
            f"{MAX_ANSWER_CHARS:,}). Your previous version is still saved."
        )
    return encoded


def _seconds_between(earlier: str, later: str) -> float:
    return (parse_iso(later) - parse_iso(earlier)).total_seconds()
