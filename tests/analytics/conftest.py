"""Stores for the analytics tests: real reports through the real library, and a tiny hand-made graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from bqw.ingest import ensure_ontology, ingest_file
from bqw.rdf.iris import Minter
from bqw.store.embedded import EmbeddedStore

from .tiny import OTHER_GRAPH, SAMPLE_REPORTS, TINY_GRAPH, tiny_lines


@pytest.fixture()
def tiny_store() -> EmbeddedStore:
    """An in-memory store holding :func:`tiny_lines` in two named graphs."""
    store = EmbeddedStore(None)
    tiny, other = tiny_lines()
    store.replace_graph(TINY_GRAPH, tiny)
    store.replace_graph(OTHER_GRAPH, other)
    return store


@pytest.fixture(scope="session")
def report_store(reports: Path) -> EmbeddedStore:
    """An in-memory store with the ontology and :data:`SAMPLE_REPORTS`, ingested by the library."""
    store = EmbeddedStore(None)
    minter = Minter()
    ensure_ontology(store, minter)
    for name in SAMPLE_REPORTS:
        outcome = ingest_file(store, reports / name, minter, force=True)
        assert outcome.action in {"added", "replaced"}
    return store
