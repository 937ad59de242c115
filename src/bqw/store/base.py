"""The store contract every backend meets (embedded Oxigraph, remote SPARQL 1.1 server).

Higher layers (queries, analytics, web) talk to a :class:`Store` only; they never import
pyoxigraph or an HTTP client themselves.

Conventions:

* Terms in query rows and bindings are N-Triples strings (``<http://x>``, ``"1"^^<…>``,
  ``"村"@zh``, ``_:b0``), so this contract needs no RDF library.
* Graph names are plain IRIs without angle brackets; ``None`` means the store's own
  default graph (the Graph Store Protocol's ``?default``).
* Queries see the union of all graphs as their default graph unless ``default_graphs``
  names the graphs to use instead (SPARQL Protocol ``default-graph-uri``).
* Errors are the ones of :mod:`bqw.errors`: :class:`~bqw.errors.QuerySyntaxError` for a
  query the parser rejects, :class:`~bqw.errors.QueryTimeout` past the time limit,
  :class:`~bqw.errors.StoreError` when the store itself fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

# N-Triples/N-Quads terms as plain strings keep this contract free of any RDF library.
Term = str

#: Media types a SELECT or ASK answer can be serialised as, preferred first.
RESULT_MEDIA_TYPES: tuple[str, ...] = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)

#: Media types a CONSTRUCT or DESCRIBE answer (or a graph) can be serialised as, preferred first.
GRAPH_MEDIA_TYPES: tuple[str, ...] = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
)


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

    @property
    def generation(self) -> int | None:
        """A number that changes with every write, when this object sees every write.

        The embedded store is written by its own process only, so it counts; a SPARQL server
        may be written by anyone, so a remote store answers None (nothing may be cached).
        """

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
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run any query for the SPARQL endpoint and serialise the answer as ``media_type``.

        ``base_iri`` resolves relative IRIs in the query (the endpoint passes its own URL).
        """

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""

    def replace_graph(self, graph: str | None, ntriples: Iterable[str]) -> None:
        """Atomically replace the graph ``graph`` with the given N-Triples lines."""

    def drop_graph(self, graph: str | None) -> None:
        """Remove a graph; a missing graph is not an error."""

    def search_labels(self, needle: str, limit: int = 2000) -> list[tuple[Term, Term]]:
        """``(entity, label)`` pairs whose ``rdfs:label``/``skos:altLabel`` contains ``needle``
        (case-folded), at most ``limit``; order unspecified."""

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph ``graph`` exists."""

    def get_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph (``None``: the default graph) as ``media_type``."""

    def put_graph(self, graph: str | None, data: bytes, media_type: str, *, replace: bool = True) -> None:
        """Parse ``data`` (an RDF document of ``media_type``) into ``graph`` in one transaction.

        With ``replace`` the graph's old content goes, as with HTTP PUT; without, the
        triples are added, as with HTTP POST.
        """

    def close(self) -> None:
        """Release the store."""
