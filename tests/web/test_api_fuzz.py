"""Schemathesis over the app's own OpenAPI schema: no 5xx and no answer outside the schema.

The app runs in process over the explorer store (sample reports plus the hostile report),
read-only, so the fuzzer's PUT/POST/DELETE on ``/store`` and updates on ``/sparql`` must be
refused; the store holds the same triples afterwards. Hypothesis is bounded to
``EXAMPLES`` cases per operation and no deadline (``/api/path`` projects the whole graph).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from bqw.config import Settings
from bqw.store.embedded import EmbeddedStore
from bqw.web.app import create_app

EXAMPLES = 25
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
NT = "application/n-triples"
# The schema is read at import time (the parametrize decorator needs it); the app's store
# is filled with the explorer data by the fixture below, before the first case runs.
STORE = EmbeddedStore()
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(store=":memory:"), store=STORE))
_CASES: list[str] = []


def _triples(store: EmbeddedStore) -> str:
    return next(iter(store.select(COUNT)))["n"]


@pytest.fixture(scope="module", autouse=True)
def fuzzed_store(explorer_store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    """The explorer data copied into the app's store; unchanged after every case."""
    for graph in [None, *explorer_store.graphs()]:
        STORE.put_graph(graph, explorer_store.get_graph(graph, NT), NT)
    before = _triples(STORE)
    assert before == _triples(explorer_store)
    yield STORE
    assert _triples(STORE) == before, "a fuzzed request changed the read-only store"


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_operation_answers_5xx_or_outside_its_schema(case: schemathesis.Case) -> None:
    _CASES.append(f"{case.method} {case.path}")
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance, content_type_conformance])


def test_every_documented_operation_was_fuzzed() -> None:
    documented = {f"{method.upper()} {path}" for path, item in schema.raw_schema["paths"].items() for method in item}
    assert documented <= set(_CASES), documented - set(_CASES)
    # Hypothesis stops early on small input spaces; most operations still get their share.
    assert len(_CASES) >= 10 * len(documented), len(_CASES)
