"""The bounded query runner: a time limit per query, and 503 at once when every worker is busy."""

from __future__ import annotations

import threading
import time

import pytest

from bqw.errors import QueryTimeout
from bqw.web.errors import ServerBusy
from bqw.web.runner import QueryRunner


def test_a_task_past_its_limit_raises_query_timeout_and_frees_its_worker_when_done() -> None:
    runner = QueryRunner(workers=1)
    release = threading.Event()
    with pytest.raises(QueryTimeout):
        runner.run(lambda: release.wait(10), timeout=0.05)
    with pytest.raises(ServerBusy):  # the abandoned task still holds the only worker
        runner.run(lambda: 1, timeout=1)
    release.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert runner.run(lambda: 2, timeout=1) == 2
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
        runner.run(fail, timeout=None)
    runner.close()
