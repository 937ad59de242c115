"""The knowledge graph as a networkx graph, read from the store through SPARQL only.

Nodes are entities (instances of ``bqw:NamedEntity`` subclasses), keyed by their IRI, with
the attributes ``iri``, ``type`` (local name of the most specific class) and ``label``.
Edges are facts between two entities (``bqw:awarded``, ``locatedIn``, ``partOf``,
``implements``, ``organizedBy``), keyed and attributed by ``property`` (local name), with
``weight`` 1; co-mention edges (``property`` ``coMention``) join two entities named in one
sentence, weighted by the number of such sentences.

Because only :meth:`~bqw.store.base.Store.select` is used, the same code projects the
embedded store and a remote SPARQL server.

>>> from bqw.store import open_store, MEMORY
>>> project(open_store(MEMORY)).number_of_nodes()
0
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from bqw.analytics.vocabulary import (
    BQW,
    CO_MENTION,
    FACT_PROPERTIES,
    depth,
    entity_types,
    local_name,
    subtypes,
    term,
)
from bqw.store import Store
from bqw.store import terms as nt

_PREFIXES = f"""PREFIX bqw: <{BQW}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

_NODES = """SELECT DISTINCT ?entity ?type WHERE { %(types)s %(graphs)s %(in_graph)s }"""
_LABELS = """SELECT DISTINCT ?entity ?label WHERE { %(types)s ?entity a ?type ; rdfs:label ?label . }"""
_IN_AREAS = """SELECT DISTINCT ?entity WHERE { %(areas)s ?entity (bqw:partOf|bqw:locatedIn)* ?area . }"""
_FACTS = """SELECT DISTINCT ?s ?p ?o WHERE { %(properties)s %(graphs)s %(in_graph)s FILTER(isIRI(?o)) }"""
_CO_MENTIONS = """SELECT ?a ?b (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
  %(graphs)s %(in_graph)s
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""
_MENTION_PAIR = "?m1 bqw:refersTo ?a ; bqw:inSentence ?sentence . ?m2 bqw:refersTo ?b ; bqw:inSentence ?sentence ."
_NODE_EVIDENCE = """SELECT ?entity ?text ?index ?source WHERE {
  %(graphs)s %(in_graph)s
  OPTIONAL { ?document dcterms:source ?source }
}"""
_MENTION_SENTENCE = (
    "?mention bqw:refersTo ?entity ; bqw:inSentence ?sentence ."
    " ?sentence bqw:text ?text ; bqw:index ?index ; bqw:inDocument ?document ."
)
_EDGE_EVIDENCE = """SELECT ?s ?p ?o ?text ?index ?source WHERE {
  %(properties)s %(graphs)s %(in_graph)s
  OPTIONAL { ?document dcterms:source ?source }
}"""
_FACT_SENTENCE = (
    "?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; bqw:inSentence ?sentence ."
    " ?sentence bqw:text ?text ; bqw:index ?index ; bqw:inDocument ?document ."
)


def _values(variable: str, iris: Iterable[str]) -> str:
    """A ``VALUES`` block; every IRI passes :func:`bqw.store.terms.iri`, which refuses non-IRIs.

    Store bindings substitute one term per variable, and these filters are lists, so the
    terms go into the query text, checked one by one instead of pasted raw.
    """
    return f"VALUES ?{variable} {{ {' '.join(nt.iri(i) for i in sorted(iris))} }}"


def _query(template: str, pattern: str, graphs: Iterable[str] | None, **blocks: str) -> str:
    """Fill ``template``: ``pattern`` inside ``GRAPH ?g`` when ``graphs`` restricts the reports."""
    if graphs is None:
        fill = {"graphs": "", "in_graph": pattern}
    else:
        fill = {"graphs": _values("g", graphs), "in_graph": f"GRAPH ?g {{ {pattern} }}"}
    return _PREFIXES + template % {**fill, **blocks}


def _value(term_: str) -> str:
    """The lexical value of an N-Triples term (IRI without brackets, literal without quotes)."""
    return str(nt.to_json(term_)["value"])


def _best_label(labels: set[str], fallback: str) -> str:
    # The longest spelling is usually the full official name (新兴县 over 新兴); ties sort.
    return min(labels, key=lambda label: (-len(label), label)) if labels else fallback


def project(
    store: Store,
    *,
    types: Iterable[str] | None = None,
    graphs: Iterable[str] | None = None,
    areas: Iterable[str] | None = None,
    co_mentions: bool = False,
    evidence: bool = False,
) -> nx.MultiDiGraph:
    """Build a new entity graph from the store.

    Args:
        store: any :class:`~bqw.store.base.Store`; it is only queried.
        types: keep entities of these classes (local names such as ``"Village"`` or IRIs)
            and their subclasses; ``None`` keeps every entity type.
        graphs: read entities, facts and mentions only from these named graphs (report
            graphs, the shared graph); labels are read from every graph.
        areas: keep the named areas and the entities that lie in them through any chain
            of ``bqw:partOf``/``bqw:locatedIn`` facts.
        co_mentions: add ``coMention`` edges between entities named in the same sentence.
        evidence: add a source sentence to nodes and fact edges (``sentence`` and the
            report's file name ``report``; ``mentions``, the number of mentions, on nodes),
            for tooltips.

    Raises:
        bqw.errors.InputError: an unknown type name.
        bqw.errors.QuerySyntaxError: a graph or area that is not an IRI.
    """
    wanted = subtypes(types) if types is not None else entity_types()
    graph_list = None if graphs is None else sorted(set(graphs))
    type_values = _values("type", (term(t) for t in wanted))
    graph = nx.MultiDiGraph()
    if not wanted or graph_list == []:
        return graph

    found: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_query(_NODES, "?entity a ?type .", graph_list, types=type_values)):
        found[_value(row["entity"])].add(local_name(_value(row["type"])))
    if areas is not None:
        area_rows = store.select(_PREFIXES + _IN_AREAS % {"areas": _values("area", areas)})
        inside = {_value(row["entity"]) for row in area_rows}
        found = defaultdict(set, {iri: kinds for iri, kinds in found.items() if iri in inside})

    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_PREFIXES + _LABELS % {"types": type_values}):
        labels[_value(row["entity"])].add(_value(row["label"]))

    for iri in sorted(found):
        kind = max(found[iri], key=lambda name: (depth(name), name))
        graph.add_node(iri, iri=iri, type=kind, label=_best_label(labels[iri], iri))

    properties = _values("p", (term(p) for p in FACT_PROPERTIES))
    for row in store.select(_query(_FACTS, "?s ?p ?o .", graph_list, properties=properties)):
        source, target = _value(row["s"]), _value(row["o"])
        if source in graph and target in graph:
            prop = local_name(_value(row["p"]))
            graph.add_edge(source, target, key=prop, property=prop, weight=1)

    if co_mentions:
        for row in store.select(_query(_CO_MENTIONS, _MENTION_PAIR, graph_list)):
            a, b = _value(row["a"]), _value(row["b"])
            if a in graph and b in graph:
                graph.add_edge(a, b, key=CO_MENTION, property=CO_MENTION, weight=int(_value(row["n"])))

    if evidence:
        _add_evidence(store, graph, graph_list, properties)
    return graph


def _add_evidence(store: Store, graph: nx.MultiDiGraph, graphs: list[str] | None, properties: str) -> None:
    """Give nodes and fact edges the earliest sentence (by report, then position) that states them."""
    best: dict[str, tuple[str, int, str]] = {}
    mentions: Counter[str] = Counter()
    for row in store.select(_query(_NODE_EVIDENCE, _MENTION_SENTENCE, graphs)):
        entity = _value(row["entity"])
        if entity not in graph:
            continue
        mentions[entity] += 1
        candidate = (_value(row.get("source", '""')), int(_value(row["index"])), _value(row["text"]))
        if entity not in best or candidate < best[entity]:
            best[entity] = candidate
    for node in graph:
        graph.nodes[node]["mentions"] = mentions[node]
        if node in best:
            source, _index, text = best[node]
            graph.nodes[node].update(sentence=text, report=source)

    edge_best: dict[tuple[str, str, str], tuple[str, int, str]] = {}
    for row in store.select(_query(_EDGE_EVIDENCE, _FACT_SENTENCE, graphs, properties=properties)):
        key = (_value(row["s"]), _value(row["o"]), local_name(_value(row["p"])))
        if not graph.has_edge(*key):
            continue
        candidate = (_value(row.get("source", '""')), int(_value(row["index"])), _value(row["text"]))
        if key not in edge_best or candidate < edge_best[key]:
            edge_best[key] = candidate
    for (source_node, target, prop), (source, _index, text) in edge_best.items():
        graph.edges[source_node, target, prop].update(sentence=text, report=source)
