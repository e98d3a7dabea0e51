"""Run a function over many items in worker processes, each item within a time and memory budget.

Used for reading submissions: whatever a file does to the reader (a parser that recurses, a
pattern that backtracks, a document that needs gigabytes), it costs at most the budget, that
file alone gets a reason, and the batch goes on. The memory budget is an address-space limit
(RLIMIT_AS) set inside each worker; the time budget is wall-clock, enforced by the parent,
which kills the worker and starts a fresh one. Workers are `spawn`ed (no inherited sockets or
threads) and always stopped, children included, before `map_budgeted` returns.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Budget:
    seconds: float = 30.0
    memory_mb: int = 2048


@dataclass
class _Slot(Generic[T]):
    process: Any
    conn: Connection
    job: tuple[int, T] | None = None
    started: float = field(default=0.0)
    ready: bool = False  # the budget starts when the worker has started, not before


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _work(conn: Connection, fn: Callable[[Any], Any], memory_mb: int) -> None:
    _limit_memory(memory_mb)
    conn.send("ready")
    while True:
        message = conn.recv()
        if message is None:
            return
        index, item = message
        try:
            result: Any = ("ok", fn(item))
        except MemoryError:
            result = ("over", f"needs more than the {memory_mb:,} MB memory budget")
        except Exception as exc:  # noqa: BLE001 - reported for this item; the worker goes on
            result = ("error", f"{type(exc).__name__}: {str(exc)[:120]}")
        try:
            conn.send((index, result))
        except MemoryError:
            conn.send((index, ("over", f"needs more than the {memory_mb:,} MB memory budget")))


def map_budgeted(
    fn: Callable[[T], R],
    items: Sequence[T],
    on_fail: Callable[[T, str], R],
    jobs: int = 2,
    budget: Budget | None = None,
) -> list[R]:
    """[fn(item)] in item order; an item over budget, or whose call raised, gets
    on_fail(item, why). `fn` must be picklable (a module-level function or a partial of one)."""
    budget = budget or Budget()
    results: dict[int, R] = {}
    queue = deque(enumerate(items))
    context = multiprocessing.get_context("spawn")
    slots: list[_Slot[T]] = []

    def start() -> _Slot[T]:
        parent, child = context.Pipe()
        process = context.Process(target=_work, args=(child, fn, budget.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def fail(slot: _Slot[T], why: str) -> None:
        assert slot.job is not None
        results[slot.job[0]] = on_fail(slot.job[1], why)
        _stop(slot)
        slots[slots.index(slot)] = start()

    try:
        slots.extend(start() for _ in range(max(1, min(jobs, len(items)))))
        while queue or any(s.job for s in slots):
            for slot in slots:
                if slot.ready and slot.job is None and queue:
                    slot.job, slot.started = queue.popleft(), time.monotonic()
                    slot.conn.send(slot.job)
            busy = [s for s in slots if s.job is not None]
            starting = [s for s in slots if not s.ready]
            deadline = min(
                [s.started + budget.seconds for s in busy], default=time.monotonic() + 60
            )
            ready = wait([s.conn for s in busy + starting], max(0.0, deadline - time.monotonic()))
            for slot in starting:
                if slot.conn in ready:
                    slot.ready = slot.conn.recv() == "ready"
            for slot in busy:
                if slot.conn in ready:
                    try:
                        index, (kind, value) = slot.conn.recv()
                    except (EOFError, OSError):
                        fail(slot, f"stopped the reader (over the {budget.memory_mb:,} MB budget?)")
                        continue
                    results[index] = value if kind == "ok" else on_fail(slot.job[1], value)  # type: ignore[index]
                    slot.job = None
                elif time.monotonic() - slot.started > budget.seconds:
                    fail(slot, f"took longer than the {budget.seconds:g} s budget to read")
    finally:
        for slot in slots:
            _stop(slot, politely=slot.job is None)
    return [results[i] for i in range(len(items))]


def _stop(slot: _Slot[Any], politely: bool = False) -> None:
    if politely:
        with contextlib.suppress(OSError):
            slot.conn.send(None)
        slot.process.join(2)
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join()
    slot.conn.close()
