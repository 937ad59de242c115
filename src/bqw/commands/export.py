"""``bqw export --format turtle|nt|nquads|trig|jsonld [--graph IRI] [-o FILE]``.

Triple formats (Turtle, N-Triples) merge the graphs they export; quad formats (N-Quads,
TriG, JSON-LD) keep every named graph.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from bqw.commands import storeopts
from bqw.errors import BqwError, NotFound
from bqw.store import Store

# Our name → (rdflib serializer, keeps named graphs).
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("turtle", False),
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "ntriples": ("nt", False),
    "nquads": ("nquads", True),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}
_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(FORMATS), default="trig", help="output format (default trig)")
    parser.add_argument("--graph", metavar="IRI", help="export only this named graph")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    storeopts.add_arguments(parser)


def dataset(store: Store, graph: str | None = None) -> Dataset:
    """The store's named graphs (or just ``graph``) as an rdflib dataset."""
    if graph is not None and not store.has_graph(graph):
        raise NotFound(f"no graph <{graph}> in the store")
    bindings = {"g": f"<{graph}>"} if graph else None
    lines = [f"{row['s']} {row['p']} {row['o']} {row['g']} ." for row in store.select(_QUADS, bindings)]
    result = Dataset()
    result.parse(data="\n".join(lines) + "\n", format="nquads")
    result.bind("bqw", "https://w3id.org/bqw/ontology#")
    return result


def serialise(data: Dataset, fmt: str) -> bytes:
    """``data`` in one of :data:`FORMATS`."""
    name, keeps_graphs = FORMATS[fmt]
    if keeps_graphs:
        return data.serialize(format=name, encoding="utf-8")
    merged = Graph()
    for prefix, namespace in data.namespaces():
        merged.bind(prefix, namespace)
    for s, p, o, _g in data.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged.serialize(format=name, encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    try:
        with storeopts.opened(args) as (store, _minter):
            body = serialise(dataset(store, args.graph), args.format)
    except BqwError as exc:
        print(f"bqw: export: {exc}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    if args.output:
        args.output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    return 0


__all__ = ["FORMATS", "dataset", "serialise"]
