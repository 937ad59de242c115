"""Shared test data and helpers for the web tests (imported by conftest.py and the tests)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from live_server import LiveServer, find_free_port, wait_for_server

G1 = "https://w3id.org/bqw/report/1"
G2 = "https://w3id.org/bqw/report/2"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
V1 = "https://w3id.org/bqw/v/1"
V2 = "https://w3id.org/bqw/v/2"
TRIPLES_1 = [
    f'<{V1}> {LABEL} "石角村"@zh .',
    f"<{V1}> <https://w3id.org/bqw/partOf> <{V2}> .",
]
TRIPLES_2 = [
    f'<{V2}> {LABEL} "石角镇"@zh .',
    f"<{V2}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bqw/ontology#Town> .",
    f'<https://w3id.org/bqw/v/3> {LABEL} "大石角村"@zh .',
]

# ~250 rows a second (a row at least every 50 ms) for a minute or more: a query that
# streams, stays under the row cap, and does not end soon.
_VALUES = " ".join(str(i) for i in range(100))
SLOW = (
    f"SELECT * {{ VALUES ?a {{{_VALUES}}} VALUES ?b {{{_VALUES}}} VALUES ?c {{{_VALUES}}} "
    f"VALUES ?d {{{_VALUES}}} FILTER(?b + ?c + ?d = ?a && ?c = ?d) }}"
)

ClientFactory = Callable[..., TestClient]

__all__ = ["LiveServer", "find_free_port", "wait_for_server"]
