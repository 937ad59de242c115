"""The store contract fixtures: one store per backend, emptied before each test.

``any_store`` is parametrised over the embedded store and the real servers, which start
once per session (on first use) and stop at its end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from store_servers import Server, oxigraph_server, remote_store, virtuoso_server

from bqw.store import Store
from bqw.store.embedded import EmbeddedStore

BACKENDS = ["embedded", "oxigraph", "virtuoso"]
SERVERS = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Server]]:
    """``servers(name)``: the running server ``name``, started on first use."""
    started: dict[str, Server] = {}
    factories: dict[str, Any] = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
    with ExitStack() as stack:

        def get(name: str) -> Server:
            if name not in started:
                started[name] = stack.enter_context(factories[name](tmp_path_factory.mktemp(name)))
            return started[name]

        yield get


def empty(store: Store) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def any_store(backend: str, servers: Callable[[str], Server]) -> Iterator[Store]:
    """An empty store of the backend ``backend``."""
    store: Store = EmbeddedStore() if backend == "embedded" else remote_store(servers(backend))
    empty(store)
    yield store
    store.close()


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest, servers: Callable[[str], Server]) -> Server:
    """Each real server in turn, emptied."""
    running = servers(str(request.param))
    store = remote_store(running)
    empty(store)
    store.close()
    return running
