"""Fixtures for the web tests: an in-memory store with a few triples, app clients, and one
real `bqw serve` process (``live_server``) for the tests that need real HTTP."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from explorer_support import build_store, iri_of
from fastapi.testclient import TestClient
from web_support import G1, G2, TRIPLES_1, TRIPLES_2, ClientFactory

from bqw.config import Settings
from bqw.store.embedded import EmbeddedStore
from bqw.web.app import create_app
from live_server import LiveServer, serving


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.replace_graph(G1, TRIPLES_1)
    store.replace_graph(G2, TRIPLES_2)
    return store


@pytest.fixture
def make_client(store: EmbeddedStore) -> Iterator[ClientFactory]:
    """``make_client(allow_update=True, ...)``: a client for an app with those settings."""
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = dataclasses.replace(Settings(store=":memory:"), **overrides)
        client = TestClient(create_app(settings, store=store))
        client.__enter__()  # runs the lifespan
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()


# -- the explorer: a few sample reports, built once --------------------------------------


@pytest.fixture(scope="session")
def explorer_store() -> EmbeddedStore:
    """Sample reports ingested, a hostile report added and the measures written (read-only in tests)."""
    return build_store()


@pytest.fixture(scope="session")
def hongfeng(explorer_store: EmbeddedStore) -> str:
    """The IRI of 红丰村, the village of the sample report on it."""
    return iri_of(explorer_store, "红丰村", "Village")


@pytest.fixture(scope="session")
def explorer(explorer_store: EmbeddedStore) -> Iterator[TestClient]:
    """A client of an app serving :func:`explorer_store`."""
    with TestClient(create_app(Settings(store=":memory:"), store=explorer_store)) as client:
        yield client


# -- one real server ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`bqw serve` in a subprocess with writes allowed (loopback), a 2 s query limit and
    2 query workers; stopped at the end of the session whatever happens."""
    folder = tmp_path_factory.mktemp("live-server")
    options = ("--allow-update", "--query-timeout", "2", "--query-workers", "2")
    with serving(folder / "store", folder, *options) as server:
        yield server


# -- W3C pass rate -------------------------------------------------------------------------

_W3C_SUITES = {"test_w3c_sparql11.py": "evaluation + syntax", "test_w3c_protocol.py": "protocol"}
_W3C_OUTCOMES: dict[str, dict[str, int]] = {
    module: {"passed": 0, "xfailed": 0, "failed": 0, "skipped": 0} for module in _W3C_SUITES
}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    module = report.nodeid.split("::")[0].rsplit("/", 1)[-1]
    if module not in _W3C_SUITES or "_was_read" in report.nodeid or "_were_read" in report.nodeid:
        return
    counts = _W3C_OUTCOMES[module]
    if hasattr(report, "wasxfail") and report.skipped:
        counts["xfailed"] += 1
    elif report.when == "call" or (report.skipped and report.when == "setup") or report.failed:
        counts[report.outcome] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for module, label in _W3C_SUITES.items():
        counts = _W3C_OUTCOMES[module]
        run = counts["passed"] + counts["xfailed"] + counts["failed"]
        if run:
            terminalreporter.write_line(
                f"W3C SPARQL 1.1 {label} (real server): {counts['passed']}/{run} passed "
                f"({100.0 * counts['passed'] / run:.1f}%), {counts['xfailed']} known failures, "
                f"{counts['failed']} failed, {counts['skipped']} skipped (files not copied)"
            )
