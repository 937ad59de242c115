"""Run SPARQL queries on a bounded pool of worker threads, waiting at most the time limit.

Why a pool of its own: pyoxigraph 0.4 cannot cancel a query. The store stops a query that
streams rows once it is past its deadline, but one that blocks before its first row (a
huge sort or aggregate) runs on. The endpoint stops *waiting* after the limit and answers
503, and the thread finishes in the background. Because the pool is bounded and a slot
is freed only when its query really ends, runaway queries can take at most
``query_workers`` threads; further queries get an immediate 503 ("busy"). The wait itself
is asynchronous: a query in progress holds no thread of the pool that renders pages and
the JSON API (see ``render_threads``), so those stay served while queries run.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from bqw.errors import QueryTimeout
from bqw.web.errors import ServerBusy

T = TypeVar("T")

# The store checks its own deadline; give it a moment to report it before we give up.
_GRACE_SECONDS = 0.5


class QueryRunner:
    """A bounded thread pool with a wait limit per task."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="bqw-query")
        self._slots = threading.BoundedSemaphore(max(1, workers))

    async def run(self, task: Callable[[], T], timeout: float | None) -> T:
        """Run ``task`` on a worker; QueryTimeout if it has not finished after ``timeout`` s."""
        if not self._slots.acquire(blocking=False):
            raise ServerBusy("every query worker is busy with earlier queries; try again shortly")
        try:
            future: Future[T] = self._pool.submit(task)
        except RuntimeError:  # the pool is shutting down
            self._slots.release()
            raise ServerBusy("the server is shutting down") from None
        future.add_done_callback(lambda _: self._slots.release())
        outcome = asyncio.wrap_future(future)
        # A task given up on may still fail later: read its outcome, or asyncio logs it as lost.
        outcome.add_done_callback(_read_outcome)
        # shield: giving up waiting must not mark the task's future cancelled while it runs.
        waiting = asyncio.shield(outcome)
        try:
            return await asyncio.wait_for(waiting, None if timeout is None else timeout + _GRACE_SECONDS)
        except TimeoutError:
            raise QueryTimeout(f"the query did not finish within the {timeout:g} s time limit") from None

    def close(self) -> None:
        """Stop taking tasks; queued ones are cancelled, running ones finish on their own."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def _read_outcome(outcome: asyncio.Future[object]) -> None:
    if not outcome.cancelled():
        outcome.exception()
