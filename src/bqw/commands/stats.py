"""``bqw stats [--store DIR]``: what the store holds, by class and by report."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from bqw.commands import storeopts
from bqw.errors import BqwError
from bqw.rdf.iris import Minter
from bqw.store import Store

_BY_GRAPH_AND_CLASS = """
SELECT ?g ?class (COUNT(DISTINCT ?node) AS ?n)
WHERE { GRAPH ?g { ?node a ?class } }
GROUP BY ?g ?class
"""
# The ontology's own individuals (units) are not data.
_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n)
WHERE { GRAPH ?g { ?node a ?class } FILTER (!STRENDS(STR(?g), "/graph/ontology")) }
GROUP BY ?class
"""
_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_ONTOLOGY = "https://w3id.org/bqw/ontology#"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    storeopts.add_arguments(parser)


def _number(term: str) -> int:
    return int(term.split('"')[1])


def stats(store: Store, minter: Minter) -> tuple[Counter[str], dict[str, Counter[str]], dict[str, int]]:
    """Instances by class over all reports, by report, and triples per graph.

    An entity named by two reports counts once in the totals.
    """
    per_report: dict[str, Counter[str]] = {}
    for row in store.select(_BY_GRAPH_AND_CLASS):
        name = minter.report_name(row["g"][1:-1])
        cls = row["class"][1:-1]
        if name is None or not cls.startswith(_ONTOLOGY):
            continue
        per_report.setdefault(name, Counter())[cls[len(_ONTOLOGY) :]] = _number(row["n"])
    totals: Counter[str] = Counter()
    for row in store.select(_BY_CLASS):
        cls = row["class"][1:-1]
        if cls.startswith(_ONTOLOGY):
            totals[cls[len(_ONTOLOGY) :]] = _number(row["n"])
    triples = {row["g"][1:-1]: _number(row["n"]) for row in store.select(_TRIPLES)}
    return totals, per_report, triples


def run(args: argparse.Namespace) -> int:
    try:
        with storeopts.opened(args) as (store, minter):
            totals, per_report, triples = stats(store, minter)
    except BqwError as exc:
        print(f"bqw: stats: {exc}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    print(f"{len(per_report)} reports, {sum(triples.values())} triples in {len(triples)} graphs")
    print("\nby class (all graphs, distinct nodes):")
    for cls, n in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {cls:<20} {n:>7}")
    print("\nby report:")
    for name in sorted(per_report):
        counts = per_report[name]
        entities = sum(n for cls, n in counts.items() if cls not in _EVIDENCE)
        graph = str(minter.report_graph(name))
        print(
            f"  {name:<48} {triples.get(graph, 0):>7} triples {entities:>5} entities "
            f"{counts.get('Observation', 0):>4} observations"
        )
    return 0


# Classes of evidence and documents, not of things the reports name.
_EVIDENCE = frozenset({"Document", "Section", "Sentence", "Mention", "Observation", "Amount"})
