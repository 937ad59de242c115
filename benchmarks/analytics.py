"""Graph measures at ~100k triples: the entity projection against the raw RDF graph.

The sample reports are extracted and mapped once, then written again and again under new
report names until the store holds ``--triples`` triples. In each copy the entities that
IRIs scope to an area (projects, organisations, places, events, zones: ``…/in/…``) get a
copy of their own, while policies, honours, indicators and official divisions stay
shared, as they would across many real reports. The result is one large, connected graph
rather than disjoint repeats.

For every measure the table gives the time on the projection (entities and facts plus
co-mention edges, built through SPARQL) and, as the baseline measured in the same run, on
a networkx graph made directly from every triple in the store (each distinct term a node,
as rdflib's ``rdflib_to_networkx_multidigraph`` does).

    .venv/bin/python benchmarks/analytics.py [--triples 100000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from bqw.analytics import measures
from bqw.analytics.projection import project
from bqw.extract import extract_file
from bqw.ingest import ensure_ontology
from bqw.rdf.iris import Minter
from bqw.rdf.mapping import map_extraction, ntriples
from bqw.store import Store
from bqw.store.embedded import EmbeddedStore

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
_ALL = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def build_store(target: int) -> tuple[Store, int]:
    """An in-memory store with copies of the sample reports until it holds ``target`` triples."""
    store = EmbeddedStore(None)
    minter = Minter()
    ensure_ontology(store, minter)
    mapped = [map_extraction(extract_file(path), minter) for path in sorted(REPORTS.glob("*.txt"))]
    shared: set[str] = set()
    for graphs in mapped:
        shared.update(ntriples(graphs.shared))
    store.replace_graph(str(minter.shared_graph()), sorted(shared))
    total = _count(store)
    copy = 0
    while total < target:
        for graphs in mapped:
            # Scoped entity IRIs and the report's own IRIs get the copy number; shared ones do not.
            lines = [
                line.replace("/in/", f"/in/c{copy}/").replace("/report/", f"/report/c{copy}-")
                for line in ntriples(graphs.triples)
            ]
            store.replace_graph(str(graphs.graph).replace("/report/", f"/report/c{copy}-"), lines)
            total += len(lines)
        copy += 1
    return store, _count(store)


def _count(store: Store) -> int:
    return int(next(iter(store.select(_COUNT)))["n"].split('"')[1])


def raw_graph(store: Store) -> nx.MultiDiGraph:
    """Every triple as an edge between its subject and object terms (literals are nodes too)."""
    graph = nx.MultiDiGraph()
    for row in store.select(_ALL):
        graph.add_edge(row["s"], row["o"], key=row["p"])
    return graph


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="store size to build (default 100000)")
    args = parser.parse_args()

    (store, triples), build_s = timed(lambda: build_store(args.triples))
    projection, project_s = timed(lambda: project(store, co_mentions=True))
    raw, raw_s = timed(lambda: raw_graph(store))

    rows = [("build graph from store", project_s, raw_s)]
    simple_projection, p_s = timed(lambda: measures.undirected(projection))
    simple_raw, r_s = timed(lambda: measures.undirected(raw))
    rows.append(("undirected view", p_s, r_s))
    for name, measure in measures.MEASURES.items():
        _, p_s = timed(lambda measure=measure: measure(simple_projection))
        _, r_s = timed(lambda measure=measure: measure(simple_raw))
        rows.append((name, p_s, r_s))
    source, target = sorted(projection.degree, key=lambda pair: -pair[1])[0][0], sorted(projection)[-1]
    _, p_s = timed(lambda: measures.shortest_paths(simple_projection, source, target))
    _, r_s = timed(lambda: measures.shortest_paths(simple_raw, f"<{source}>", f"<{target}>"))
    rows.append(("shortest paths", p_s, r_s))
    _, p_s = timed(lambda: measures.ego(projection, source, 2))
    _, r_s = timed(lambda: measures.ego(raw, f"<{source}>", 2))
    rows.append(("ego network (radius 2)", p_s, r_s))

    print(f"store: {triples} triples, built in {build_s:.1f} s")
    print(f"projection: {projection.number_of_nodes()} nodes, {projection.number_of_edges()} edges (with co-mentions)")
    print(f"raw RDF graph: {raw.number_of_nodes()} nodes, {raw.number_of_edges()} edges")
    print(
        f"betweenness is sampled ({measures.BETWEENNESS_SAMPLES} sources, seed {measures.SEED}) "
        f"above {measures.BETWEENNESS_EXACT_LIMIT} nodes"
    )
    print()
    print(f"{'measure':<26}{'projection s':>14}{'raw s':>10}")
    for name, p_s, r_s in rows:
        print(f"{name:<26}{p_s:>14.3f}{r_s:>10.3f}")


if __name__ == "__main__":
    main()
