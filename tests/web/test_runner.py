"""The bounded query runner: a time limit per query, and 503 at once when every worker is busy."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest

from bqw.errors import QueryTimeout
from bqw.web.errors import ServerBusy
from bqw.web.runner import QueryRunner

T = TypeVar("T")


def _run(runner: QueryRunner, task: Callable[[], T], timeout: float | None) -> T:
    """Await ``runner.run`` on an event loop of its own (other tests may leave one running here)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, runner.run(task, timeout)).result()


def test_a_task_past_its_limit_raises_query_timeout_and_frees_its_worker_when_done() -> None:
    runner = QueryRunner(workers=1)
    release = threading.Event()
    with pytest.raises(QueryTimeout):
        _run(runner, lambda: release.wait(10), timeout=0.05)
    with pytest.raises(ServerBusy):  # the abandoned task still holds the only worker
        _run(runner, lambda: 1, timeout=1)
    release.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert _run(runner, lambda: 2, timeout=1) == 2
            break
        except ServerBusy:
            time.sleep(0.01)
    else:
        pytest.fail("the worker was never freed")
    runner.close()


def test_errors_of_the_task_reach_the_caller() -> None:
    runner = QueryRunner(workers=2)

    def fail() -> None:
        raise QueryTimeout("from the store")

    with pytest.raises(QueryTimeout, match="from the store"):
        _run(runner, fail, timeout=None)
    runner.close()


def test_a_task_given_up_on_that_fails_later_is_not_reported_as_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bqw.web.runner._GRACE_SECONDS", 0.0)
    runner = QueryRunner(workers=1)
    reported: list[dict[str, object]] = []

    def fail_late() -> None:
        time.sleep(0.2)
        raise QueryTimeout("stopped by the store after the wait gave up")

    async def scenario() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: reported.append(context))
        with pytest.raises(QueryTimeout):
            await runner.run(fail_late, timeout=0.01)
        await asyncio.sleep(0.4)
        gc.collect()
        await asyncio.sleep(0.05)

    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, scenario()).result()
    runner.close()
    assert reported == []
