"""``/api``: the graph explorer's data — neighbourhoods, paths, figures, example queries, counts, measures.

Nodes and edges come in one shape everywhere (``/api/graph`` and ``/api/path``)::

    {"nodes": [{"id", "label", "type", "degree", "community"}],
     "edges": [{"from", "to", "label", "property"}], "truncated", "total"}

Routes are plain ``def`` functions, so the store work runs in the thread pool.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from bqw import queries
from bqw.analytics import measures
from bqw.analytics.projection import project
from bqw.analytics.results import analytics_graph
from bqw.analytics.vocabulary import CO_MENTION, FACT_PROPERTIES, subtypes, term
from bqw.config import Settings
from bqw.errors import InputError, NotFound
from bqw.store import Store
from bqw.store import terms as nt
from bqw.web import i18n
from bqw.web.app import SettingsDep, StoreDep, UrlsDep
from bqw.web.catalogue import stats as store_stats
from bqw.web.describe import (
    PREFIXES,
    best_label,
    iri_blocks,
    main_type,
    observations,
    short_iri,
    term_label,
    value,
)
from bqw.web.urls import Urls

router = APIRouter(prefix="/api", tags=["Graph API"])

MAX_LIMIT = 500
_FACTS = " ".join(nt.iri(term(p)) for p in FACT_PROPERTIES)
_NEIGHBOURS = (
    PREFIXES
    + f"""SELECT DISTINCT ?entity ?p ?other ?direction WHERE {{
  VALUES ?p {{ {_FACTS} }}
  {{ ?entity ?p ?other BIND("out" AS ?direction) }} UNION {{ ?other ?p ?entity BIND("in" AS ?direction) }}
  FILTER(isIRI(?other) && ?other != ?entity)
}}"""
)
_CO_MENTIONS = (
    PREFIXES
    + """SELECT ?entity ?other (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
  ?m1 bqw:refersTo ?entity ; bqw:inSentence ?sentence .
  ?m2 bqw:refersTo ?other ; bqw:inSentence ?sentence .
  FILTER(?other != ?entity)
} GROUP BY ?entity ?other"""
)
# A list of IRIs is not one bindable term, so node IRIs (read from the store, each checked
# by nt.iri) go into a VALUES block, as in bqw.analytics.projection.
# Types and labels as a UNION, not a join: in the union of the report graphs a shared entity
# has its type and label once per report, and the join's rows grew as their product (33k rows
# and 0.35 s for one indicator at 1M triples).
_NODE_INFO = (
    PREFIXES + "SELECT DISTINCT ?node ?type ?label WHERE { %s { ?node a ?type } UNION { ?node rdfs:label ?label } }"
)
_NODE_MEASURES = PREFIXES + "SELECT ?g ?node ?p ?v WHERE { %s GRAPH ?g { ?node ?p ?v } }"
_RANKED = frozenset(measures.MEASURES) - measures.PARTITIONS


def node_info(store: Store, iris: Iterable[str], base: str) -> dict[str, dict[str, Any]]:
    """Label, type, degree and community of each node (the measures when the analytics graph has them)."""
    wanted = sorted(set(iris))
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    measures_of: dict[str, dict[str, int]] = defaultdict(dict)
    for block in iri_blocks(wanted):
        values = f"VALUES ?node {{ {block} }}"
        for row in store.select(_NODE_INFO % values):
            node = value(row["node"]) or ""
            if row.get("type"):
                types[node].add(value(row["type"]) or "")
            if row.get("label"):
                labels[node].add(value(row["label"]) or "")
        rows = store.select(_NODE_MEASURES % values, {"g": nt.iri(analytics_graph(base))})
        for row in rows:
            name = (value(row["p"]) or "").rsplit("#", 1)[-1]
            if name in ("degree", "community"):
                measures_of[value(row["node"]) or ""][name] = int(float(value(row["v"]) or 0))
    return {
        node: {
            "id": node,
            "label": best_label(labels[node], short_iri(node)),
            "type": main_type(types[node]) or "",
            "degree": measures_of[node].get("degree"),
            "community": measures_of[node].get("community"),
        }
        for node in wanted
    }


def _types_filter(types: str | None) -> frozenset[str] | None:
    if not types:
        return None
    return subtypes(name.strip() for name in types.split(",") if name.strip())


@router.get("/graph", summary="An entity's neighbourhood")
def graph(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    urls: UrlsDep,
    iri: Annotated[str | None, Query(description="the entity at the centre")] = None,
    focus: Annotated[str | None, Query(description="the same as iri")] = None,
    depth: Annotated[int, Query(ge=1, le=2, description="hops from the centre")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="most neighbours returned")] = 50,
    types: Annotated[str | None, Query(description="only neighbours of these classes, e.g. Village,Project")] = None,
    comentions: Annotated[bool, Query(description="also entities named in the same sentence")] = False,
) -> dict[str, Any]:
    """Facts in both directions between the entity and its neighbours (and theirs, with
    ``depth=2``), capped at ``limit`` neighbours. Links are labelled in the interface
    language (``?lang=en``, else the ``bqw_lang`` cookie, else Chinese)."""
    centre = iri or focus
    if centre is None:
        raise InputError("give the entity as iri= (or focus=)")
    wanted = _types_filter(types)
    lang = i18n.language(request)
    first = _neighbourhood(store, settings, urls, centre, limit, wanted, comentions, lang)
    if depth == 1:
        return first
    nodes = {node["id"]: node for node in first["nodes"]}
    edges = {(e["from"], e["to"], e["property"]): e for e in first["edges"]}
    truncated = first["truncated"]
    for neighbour in [node["id"] for node in first["nodes"][1:]]:
        second = _neighbourhood(store, settings, urls, neighbour, limit, wanted, comentions, lang)
        for node in second["nodes"]:
            if node["id"] not in nodes and len(nodes) > limit:
                truncated = True
                continue
            nodes.setdefault(node["id"], node)
        for edge in second["edges"]:
            if edge["from"] in nodes and edge["to"] in nodes:
                edges.setdefault((edge["from"], edge["to"], edge["property"]), edge)
    return {
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
        "truncated": truncated,
        "total": len(nodes) - 1,
    }


def _neighbourhood(
    store: Store,
    settings: Settings,
    urls: Urls,
    iri: str,
    limit: int,
    wanted: set[str] | None,
    comentions: bool,
    lang: str,
) -> dict[str, Any]:
    center = nt.iri(urls.require_local(iri))
    edges: list[dict[str, Any]] = []
    weight: dict[str, int] = defaultdict(int)
    for row in islice(store.select(_NEIGHBOURS, {"entity": center}), 20_000):
        other, prop = value(row["other"]) or "", value(row["p"]) or ""
        source, target = (iri, other) if row["direction"] == '"out"' else (other, iri)
        edges.append({"from": source, "to": target, "label": term_label(prop, lang), "property": prop})
        weight[other] += 1
    if comentions:
        for row in islice(store.select(_CO_MENTIONS, {"entity": center}), 20_000):
            other = value(row["other"]) or ""
            edges.append({"from": iri, "to": other, "label": "", "property": CO_MENTION})
            weight.setdefault(other, 0)  # facts rank before shared sentences
    info = node_info(store, [iri, *weight], settings.base_iri)
    if not weight and not store.ask("ASK { ?entity ?p ?o }", {"entity": center}):
        raise NotFound(f"nothing is known about <{iri}>")
    neighbours = [n for n in weight if wanted is None or info[n]["type"] in wanted]
    # Most linked first, then the best known (degree), then by label, so the cut is stable.
    neighbours.sort(key=lambda n: (-weight[n], -(info[n]["degree"] or 0), info[n]["label"], n))
    kept = set(neighbours[:limit]) | {iri}
    return {
        "nodes": [info[n] for n in [iri, *neighbours[:limit]]],
        "edges": [e for e in edges if e["from"] in kept and e["to"] in kept],
        "truncated": len(neighbours) > limit,
        "total": len(neighbours),
    }


@router.get("/path", summary="The shortest connection between two entities")
def path(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    urls: UrlsDep,
    from_: Annotated[str, Query(alias="from", description="IRI of the first entity")],
    to: Annotated[str, Query(description="IRI of the second entity")],
    comentions: Annotated[bool, Query(description="let the path go through shared sentences")] = False,
) -> dict[str, Any]:
    """One shortest path (fewest hops, any direction) over the entity graph; 404 when there is none.

    Links are labelled in the interface language, as by ``/api/graph``."""
    nt.iri(urls.require_local(from_))
    nt.iri(urls.require_local(to))
    entity_graph = project(store, co_mentions=comentions)
    found = measures.shortest_paths(entity_graph, from_, to, limit=1)
    if not found:
        raise NotFound(f"no path between <{from_}> and <{to}>")
    nodes = found[0]
    info = node_info(store, nodes, settings.base_iri)
    edges = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        candidates = [(a, b, d) for d in (entity_graph.get_edge_data(a, b) or {}).values()]
        candidates += [(b, a, d) for d in (entity_graph.get_edge_data(b, a) or {}).values()]
        source, target, data = sorted(candidates, key=lambda c: c[2].get("property") == CO_MENTION)[0]
        prop = data.get("property", "")
        full = term(prop) if prop != CO_MENTION else CO_MENTION
        label = term_label(full, i18n.language(request)) if prop != CO_MENTION else ""
        edges.append({"from": source, "to": target, "label": label, "property": full})
    return {"nodes": [info[n] for n in nodes], "edges": edges, "truncated": False, "total": len(nodes)}


@router.get("/observations", summary="The figures of an entity")
def observations_of(
    store: StoreDep,
    urls: UrlsDep,
    iri: Annotated[str, Query(description="an area or an indicator")],
) -> dict[str, Any]:
    """Every observation whose area or indicator is ``iri``, in report order."""
    keys = ("indicator", "indicator_iri", "area", "area_iri", "value", "numeric", "masked", "unit", "period")
    keys += ("growth", "rank", "report", "sentence")
    nt.iri(urls.require_local(iri))
    return {"rows": [{k: row[k] for k in keys} for row in observations(store, iri, urls)]}


@router.get("/queries", summary="Example SPARQL queries")
def example_queries() -> list[dict[str, str]]:
    """The named queries shipped in ``bqw/queries``, each with its Chinese title."""
    return [{"name": name, "title": queries.describe(name), "query": queries.load(name)} for name in queries.names()]


@router.get("/stats", summary="What the store holds")
def stats(store: StoreDep, urls: UrlsDep) -> dict[str, Any]:
    """Counts: reports, entities by type, observations, sentences, mentions, triples."""
    return store_stats(store, urls)


@router.get("/analytics/top", summary="Entities ranked by a graph measure")
def top(
    store: StoreDep,
    urls: UrlsDep,
    measure: Annotated[str, Query(description="degree, pagerank or betweenness")] = "pagerank",
    type_: Annotated[str | None, Query(alias="type", description="only these classes (comma-separated)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> dict[str, Any]:
    """The top entities by ``measure`` on the whole entity graph."""
    if measure not in _RANKED:
        raise InputError(f"unknown measure {measure!r}; choose one of {', '.join(sorted(_RANKED))}")
    wanted = _types_filter(type_)
    entity_graph = project(store)
    scores = measures.compute(entity_graph, [measure])[measure]
    rows = measures.ranked(entity_graph, scores, top=limit, types=wanted)
    return {
        "measure": measure,
        "rows": [
            {"iri": r.node, "label": r.label, "type": r.type, "score": r.score, "href": urls.href(r.node)} for r in rows
        ],
    }


@router.get("/analytics/communities", summary="Communities of the entity graph")
def communities(
    store: StoreDep,
    urls: UrlsDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="most communities listed")] = 20,
    members: Annotated[int, Query(ge=1, le=100, description="members listed per community")] = 10,
) -> dict[str, Any]:
    """Louvain communities, largest first, each with its best-connected members."""
    entity_graph = project(store)
    groups = measures.community_sets(entity_graph)
    degree = measures.degree(entity_graph)
    out = []
    for number, group in enumerate(groups[:limit]):
        ranked = sorted(group, key=lambda n: (-degree.get(n, 0), str(n)))[:members]
        out.append(
            {
                "community": number,
                "size": len(group),
                "members": [
                    {
                        "iri": n,
                        "label": entity_graph.nodes[n].get("label", n),
                        "type": entity_graph.nodes[n].get("type", ""),
                        "degree": degree.get(n, 0),
                        "href": urls.href(n),
                    }
                    for n in ranked
                ],
            }
        )
    return {"total": len(groups), "communities": out}
