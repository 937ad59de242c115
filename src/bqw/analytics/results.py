"""Measures written back to the store as triples, in a named graph of their own.

The graph (:func:`analytics_graph`, ``<base>graph/analytics``) holds one literal per entity
and measure, with the properties of ``ontology/analytics.ttl``, so SPARQL can sort by them::

    PREFIX bqw: <https://w3id.org/bqw/ontology#>
    SELECT ?entity ?rank WHERE { ?entity bqw:pageRank ?rank } ORDER BY DESC(?rank) LIMIT 10

Writing replaces the whole graph in one transaction, so it never mixes two runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bqw.analytics.measures import MEASURES, compute
from bqw.analytics.projection import project
from bqw.analytics.vocabulary import MEASURE_PROPERTIES, XSD, term
from bqw.config import Settings
from bqw.store import Store
from bqw.store import terms as nt

# The configured default; bqw.rdf.iris has the same value but would load the extractor with it.
DEFAULT_BASE = Settings().base_iri


def analytics_graph(base: str = DEFAULT_BASE) -> str:
    """The IRI of the named graph that holds the measures.

    >>> analytics_graph()
    'https://w3id.org/bqw/graph/analytics'
    """
    return f"{base if base.endswith(('/', '#')) else base + '/'}graph/analytics"


def _literal(value: float, datatype: str) -> str:
    lexical = str(int(value)) if datatype == "integer" else repr(float(value))
    return nt.literal(lexical, datatype=XSD + datatype)


def triples(results: Mapping[str, Mapping[Any, float]]) -> Iterator[str]:
    """N-Triples lines ``<entity> bqw:<measure> value .`` for every measure in ``results``.

    Raises:
        KeyError: a measure without a property in ``ontology/analytics.ttl``.
    """
    for name, values in results.items():
        local, datatype = MEASURE_PROPERTIES[name]
        predicate = nt.iri(term(local))
        for node in sorted(values, key=str):
            yield f"{nt.iri(str(node))} {predicate} {_literal(values[node], datatype)} ."


def write(store: Store, results: Mapping[str, Mapping[Any, float]], *, graph: str | None = None) -> int:
    """Replace the analytics graph with ``results``; returns the number of triples written."""
    lines = list(triples(results))
    store.replace_graph(graph or analytics_graph(), lines)
    return len(lines)


def refresh(
    store: Store, *, measures: Iterable[str] = tuple(MEASURES), base: str = DEFAULT_BASE, co_mentions: bool = False
) -> int:
    """Project the whole store, compute ``measures`` and rewrite the analytics graph.

    Meant to run after each ingest; returns the number of triples written.
    """
    graph = project(store, co_mentions=co_mentions)
    return write(store, compute(graph, measures), graph=analytics_graph(base))
