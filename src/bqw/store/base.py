"""The store contract every backend meets (embedded Oxigraph, remote SPARQL 1.1 server).

Higher layers (queries, analytics, web) talk to a :class:`Store` only; they never import
pyoxigraph or an HTTP client themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

# N-Triples/N-Quads terms as plain strings keep this contract free of any RDF library.
Term = str


@dataclass(frozen=True)
class QueryResult:
    """A query answer already serialised in a SPARQL result or RDF format.

    ``kind`` is ``"select"``, ``"ask"`` or ``"graph"``; ``media_type`` names the bytes
    in ``body``; ``truncated`` says a row cap cut the answer.
    """

    kind: str
    media_type: str
    body: bytes
    truncated: bool = False


class Store(Protocol):
    """A quad store reachable through SPARQL 1.1."""

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        """Run a SELECT; each row maps a variable name to an N-Triples term."""

    def ask(self, query: str, bindings: dict[str, Term] | None = None) -> bool:
        """Run an ASK."""

    def query(
        self,
        query: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run any query for the SPARQL endpoint and serialise the answer as ``media_type``."""

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""

    def replace_graph(self, graph: str, ntriples: Iterable[str]) -> None:
        """Atomically replace the named graph ``graph`` with the given N-Triples lines."""

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph; a missing graph is not an error."""

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""

    def close(self) -> None:
        """Release the store."""
