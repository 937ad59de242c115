"""A store of every sample report, built once per test module (ingest takes ~10 s)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bqw.ingest import ensure_ontology, ingest_file
from bqw.rdf.iris import Minter
from bqw.store import Store, open_store

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """All of data/reports/ in an in-memory store, as ``bqw ingest data/reports`` writes it."""
    opened = open_store(":memory:")
    minter = Minter()
    ensure_ontology(opened, minter)
    for path in sorted(REPORTS.glob("*.txt")):
        outcome = ingest_file(opened, path, minter)
        assert outcome.action == "added", (path.name, outcome.violations[:3])
    yield opened
    opened.close()
