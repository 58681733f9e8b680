"""Work spread over forked worker processes, when there is enough of it to pay for the fork.

Workers inherit what they need at fork time (never pickled): the work function and its context are
kept, in each worker only, by the pool's initializer. Ctrl-C belongs to the parent: workers fork with
SIGINT held back and then ignore it, and an interrupted parent stops them at once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")
Work = Callable[[Any, list[Any]], list[Any]]

MIN_ITEMS_PER_WORKER = 64
"""Below this many items per worker, forking costs more than it saves."""
BYTES_PER_ITEM = 128 * 1024
"""How many bytes of input weigh as much as one more item: 28 notebooks of 25 MB are worth forking for."""

_inherited: tuple[Work, Any] | None = None
"""(work, context), set only inside forked workers by the pool's initializer; the parent never sets it."""


def worker_count(requested: int, items: int, size: int = 0) -> int:
    """Workers worth forking: at most one per core, and one per MIN_ITEMS_PER_WORKER items, counting every
    BYTES_PER_ITEM of the items' ``size`` (in bytes) as one more item."""
    cores = os.cpu_count() or 1
    weight = items + size // BYTES_PER_ITEM
    return max(1, min(requested or cores, cores, weight // MIN_ITEMS_PER_WORKER or 1))


SERIAL_CHUNK = 64
"""Items done between two progress reports in a run without workers."""


def run(
    work: Callable[[Any, list[Item]], list[Outcome]],
    context: Any,
    items: list[Item],
    requested: int,
    advance: Callable[[int], None] | None = None,
    size: int = 0,
) -> list[Outcome]:
    """``work(context, items)``, split over forked workers when it pays; outcomes keep no particular order
    across chunks (callers sort). ``advance`` hears how many items were done, chunk by chunk. ``size`` is
    the bytes the items read, when known: large files are worth forking for even when they are few (put
    the largest first: chunks take items in turn, so they spread over the workers)."""
    jobs = worker_count(requested, len(items), size)
    if jobs <= 1:
        if advance is None:
            return work(context, items)
        outcomes = []
        for start in range(0, len(items), SERIAL_CHUNK):
            outcomes += work(context, items[start : start + SERIAL_CHUNK])
            advance(len(items[start : start + SERIAL_CHUNK]))
        return outcomes
    import multiprocessing  # only when forking pays: the pre-commit hook never needs it
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return work(context, items)
    chunk_count = jobs * 4
    chunks = [items[i::chunk_count] for i in range(chunk_count)]
    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_adopt, initargs=(work, context)
    )
    try:
        # Ctrl-C is held back while the workers fork (all at the first submission): a child must not be
        # interrupted before it ignores SIGINT, nor the parent inside the fork hooks. It arrives right
        # after, inside this try, so the workers are always stopped.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            futures = [pool.submit(_run_chunk, chunk) for chunk in chunks]  # not map: it would cancel them
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if advance is not None:
            from concurrent.futures import as_completed

            for future in as_completed(futures):
                advance(len(chunks[futures.index(future)]))
        outcomes = [outcome for future in futures for outcome in future.result()]
    except BaseException:  # Ctrl-C above all: stop the workers now rather than finish their queue
        _abandon(pool)
        raise
    pool.shutdown(wait=True)
    return outcomes


def _adopt(work: Work, context: Any) -> None:
    global _inherited
    _inherited = (work, context)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while the parent forked


def _run_chunk(items: Sequence[Any]) -> list[Any]:
    assert _inherited is not None, "runs only in a worker the pool initialised"
    work, context = _inherited
    return work(context, list(items))


def _abandon(pool: Any) -> None:
    """Stop a pool at once: terminate its workers, and let the process exit without waiting to feed them
    the chunks still queued (multiprocessing would otherwise join a feeder blocked on a full pipe)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    pool.shutdown(wait=False)
