"""``/api``: a small JSON API over the graph (label search, one entity's links)."""

from __future__ import annotations

from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query

from bqw.errors import NotFound
from bqw.store.terms import iri, to_json
from bqw.web.app import StoreDep, UrlsDep
from bqw.web.urls import Urls, check_iri

router = APIRouter(prefix="/api", tags=["JSON API"])

# Substitution (SEP-0007) needs the bound variable projected, hence ?q and ?entity in SELECT.
# Which candidates are of the wanted class; the IRIs come from the store (checked terms).
_OF_TYPE = "SELECT DISTINCT ?entity ?type WHERE {{ VALUES ?entity {{ {entities} }} ?entity a ?type }}"
_OUTGOING = "SELECT ?entity ?p ?o WHERE { ?entity ?p ?o }"
_INCOMING = "SELECT ?s ?p ?entity WHERE { ?s ?p ?entity }"
_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label WHERE { ?entity rdfs:label ?label }
"""
# Ranking needs every candidate, but a one-character query must not pull the whole graph.
_SEARCH_CANDIDATES = 2000
_MAX_LINKS = 1000


@router.get("/search", summary="Search labels")
def search(
    store: StoreDep,
    urls: UrlsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to find in labels")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    type_: Annotated[str | None, Query(alias="type", description="only entities of this class (IRI)")] = None,
) -> dict[str, Any]:
    """Entities whose label or alias contains ``q``: exact matches first, then prefixes, then shortest.

    Each result carries ``href``, the entity's page on this server.
    """
    candidates = store.search_labels(q, _SEARCH_CANDIDATES)
    if type_ is not None:
        wanted = _of_type(store, [entity for entity, _ in candidates], iri(check_iri(type_)))
        candidates = [(entity, label) for entity, label in candidates if entity in wanted]
    needle = q.casefold()
    best: dict[str, tuple[int, int, str]] = {}
    for entity, label_term in candidates:
        label = str(to_json(label_term)["value"])
        folded = label.casefold()
        rank = 0 if folded == needle else 1 if folded.startswith(needle) else 2
        key = (rank, len(label), label)
        if entity not in best or key < best[entity]:
            best[entity] = key
    ranked = sorted(best.items(), key=lambda item: item[1])[:limit]
    match = ("exact", "prefix", "contains")
    return {
        "query": q,
        "results": [_result(urls, to_json(entity)["value"], key[2], match[key[0]]) for entity, key in ranked],
    }


def _result(urls: Urls, entity: str, label: str, match: str) -> dict[str, str]:
    return {"iri": entity, "label": label, "match": match, "href": urls.href(entity)}


@router.get("/entity", summary="One entity's links")
def entity(
    store: StoreDep,
    iri_: Annotated[str, Query(alias="iri", description="the entity's IRI")],
) -> dict[str, Any]:
    """Labels, outgoing and incoming links of one entity (404 when the graph never mentions it)."""
    term = iri(check_iri(iri_))
    outgoing = list(islice(store.select(_OUTGOING, {"entity": term}), _MAX_LINKS))
    incoming = list(islice(store.select(_INCOMING, {"entity": term}), _MAX_LINKS))
    if not outgoing and not incoming:
        raise NotFound(f"nothing is known about {iri_}")
    labels = [to_json(row["label"]) for row in store.select(_LABELS, {"entity": term})]
    return {
        "iri": iri_,
        "labels": labels,
        "outgoing": [{"predicate": to_json(r["p"])["value"], "object": to_json(r["o"])} for r in outgoing],
        "incoming": [{"subject": to_json(r["s"]), "predicate": to_json(r["p"])["value"]} for r in incoming],
        "truncated": len(outgoing) == _MAX_LINKS or len(incoming) == _MAX_LINKS,
    }


def _of_type(store: StoreDep, entities: list[str], type_: str) -> set[str]:
    """The IRIs among ``entities`` typed ``type_`` (blank nodes are never search results)."""
    named = [entity for entity in entities if entity.startswith("<")]
    if not named:
        return set()
    query = _OF_TYPE.format(entities=" ".join(sorted(set(named))))
    return {row["entity"] for row in store.select(query, {"type": type_})}
