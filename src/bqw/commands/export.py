"""``bqw export --format turtle|nt|nquads|trig|jsonld [--graph IRI] [-o FILE]``, and the
entity graph for people and their tools: ``--html FILE`` (a standalone interactive page),
``--graphml FILE``, ``--gexf FILE`` (Gephi), ``--csv NODES EDGES``, optionally around one
entity (``--focus IRI --depth N``) or to what a CONSTRUCT query returns (``--query``).

Triple formats (Turtle, N-Triples) merge the graphs they export; quad formats (N-Quads,
TriG, JSON-LD) keep every named graph.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from bqw.analytics.export import focus, write_csv, write_gexf, write_graphml, write_html
from bqw.analytics.measures import annotate, compute
from bqw.analytics.projection import project
from bqw.commands import storeopts
from bqw.errors import BqwError, NotFound, QueryError
from bqw.rdf.turtle import trig, turtle
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
    views = parser.add_argument_group("the entity graph (entities as nodes, facts as edges, with measures)")
    views.add_argument("--html", type=Path, metavar="FILE", help="a standalone interactive page (opens offline)")
    views.add_argument("--graphml", type=Path, metavar="FILE", help="GraphML with type, label and measures")
    views.add_argument("--gexf", type=Path, metavar="FILE", help="GEXF for Gephi")
    views.add_argument("--csv", type=Path, nargs=2, metavar=("NODES", "EDGES"), help="CSV node and edge lists")
    views.add_argument("--focus", metavar="IRI", help="only this entity and its neighbourhood")
    views.add_argument("--query", metavar="CONSTRUCT", help="only the entities and facts a CONSTRUCT query returns")
    views.add_argument("--depth", type=int, default=1, help="hops around --focus (default 1)")
    views.add_argument("--co-mentions", action="store_true", help="also link entities named in one sentence")
    storeopts.add_arguments(parser)


def wants_entity_graph(args: argparse.Namespace) -> bool:
    return any((args.html, args.graphml, args.gexf, args.csv))


def export_entity_graph(store: Store, args: argparse.Namespace) -> list[Path]:
    """Write the entity graph in every format asked for; returns the files written."""
    graph = project(store, co_mentions=args.co_mentions, evidence=True)
    graph = annotate(graph, compute(graph))
    if args.focus:
        graph = focus(graph, args.focus, args.depth)
    if args.query:
        graph = constructed(store, graph, args.query)
    written = []
    if args.html:
        written.append(write_html(graph, args.html, size_by="pagerank"))
    if args.graphml:
        written.append(write_graphml(graph, args.graphml))
    if args.gexf:
        written.append(write_gexf(graph, args.gexf))
    if args.csv:
        written.extend(write_csv(graph, *args.csv))
    return written


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


_NT_LINE = re.compile(r"^(<[^>]*>|_:\S+) <([^>]*)> (.+) \.$")


def constructed(store: Store, graph: nx.MultiDiGraph, query: str) -> nx.MultiDiGraph:
    """The part of ``graph`` a CONSTRUCT (or DESCRIBE) query returns: its entities, with the
    facts among them plus the query's own triples between them as edges."""
    result = store.query(query, "application/n-triples")
    if result.kind != "graph":
        raise QueryError("--query needs a CONSTRUCT or DESCRIBE query")
    nodes: set[str] = set()
    links: list[tuple[str, str, str]] = []
    for line in result.body.decode("utf-8").splitlines():
        match = _NT_LINE.match(line.strip())
        if not match:
            continue
        subject, predicate, obj = match.group(1).strip("<>"), match.group(2), match.group(3)
        nodes.add(subject)
        if obj.startswith("<"):
            nodes.add(obj.strip("<>"))
            links.append((subject, predicate, obj.strip("<>")))
    view = graph.subgraph(node for node in nodes if node in graph).copy()
    for subject, predicate, obj in links:
        if subject in view and obj in view:
            name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            view.add_edge(subject, obj, key=name, property=name, weight=1)
    return view


def serialise(data: Dataset, fmt: str) -> bytes:
    """``data`` in one of :data:`FORMATS`.

    Turtle and TriG are written by :mod:`bqw.rdf.turtle`, which keeps every literal as stored
    (rdflib's writers round ``xsd:double`` values).
    """
    name, keeps_graphs = FORMATS[fmt]
    if name in ("turtle", "trig"):
        quads = [(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in data.quads((None, None, None, None))]
        if name == "trig":
            return trig(quads).encode("utf-8")
        return turtle(sorted({q[:3] for q in quads})).encode("utf-8")
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
            if wants_entity_graph(args):
                for path in export_entity_graph(store, args):
                    print(f"wrote {path}")
                return 0
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
