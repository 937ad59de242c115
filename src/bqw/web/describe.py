"""What the graph says about one IRI, as a plain dict: the data behind an entity page and its twins.

Every query binds the IRI as a parameter (``store.select(query, {"entity": …})``); nothing
a client sends is formatted into SPARQL text. Bound variables are projected, as SEP-0007
substitution requires. The labels of ontology terms (classes, properties) are in the
interface language, bound as ``?lang``; labels from reports are data and stay as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from rdflib import OWL, RDF, RDFS, URIRef

from bqw.analytics.results import analytics_graph
from bqw.analytics.vocabulary import BQW, depth, entity_types, local_name
from bqw.errors import NotFound
from bqw.rdf.ontology import ontology
from bqw.store import Store
from bqw.store import terms as nt
from bqw.web.highlight import Span, pieces
from bqw.web.i18n import DEFAULT
from bqw.web.urls import Urls

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PREFIXES = f"""PREFIX bqw: <{BQW}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
#: Links shown in their own sections (sources, figures) rather than as facts.
_HIDDEN_INCOMING = frozenset(
    {
        BQW + "refersTo",
        BQW + "area",
        BQW + "indicator",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
    }
)
_MEASURES = ("degree", "pageRank", "betweenness", "community", "component")
MAX_LINKS = 1000
MAX_SENTENCES = 200

_OUT = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?lang ?p ?o ?oLabel ?pLabel WHERE {
  ?entity ?p ?o .
  OPTIONAL { ?o rdfs:label ?oLabel }
  OPTIONAL { ?p rdfs:label ?pLabel FILTER(LANGMATCHES(LANG(?pLabel), ?lang)) }
}"""
)
_IN = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?lang ?p ?s ?sLabel ?pLabel WHERE {
  ?s ?p ?entity .
  OPTIONAL { ?s rdfs:label ?sLabel }
  OPTIONAL { ?p rdfs:label ?pLabel FILTER(LANGMATCHES(LANG(?pLabel), ?lang)) }
}"""
)
_TYPES = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?lang ?type ?typeLabel WHERE {
  ?entity a ?type .
  OPTIONAL { ?type rdfs:label ?typeLabel FILTER(LANGMATCHES(LANG(?typeLabel), ?lang)) }
}"""
)
_SENTENCES = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?sentence ?text ?sentenceStart ?index ?start ?end ?source ?section ?item WHERE {
  ?mention bqw:refersTo ?entity ; bqw:start ?start ; bqw:end ?end ; bqw:inSentence ?sentence .
  ?sentence bqw:text ?text ; bqw:start ?sentenceStart ; bqw:index ?index ; bqw:inDocument ?document .
  ?document dcterms:source ?source .
  OPTIONAL { ?sentence bqw:inSection/bqw:heading ?section }
  OPTIONAL { ?sentence bqw:inItem/bqw:heading ?item }
}"""
)
# Shaped for Oxigraph's planner (at 1M triples the old form took 0.5 s to minutes):
# VALUES ?role, not a UNION, so evaluation starts from the bound entity; the indicator's
# label last; the areas' labels in a second query (_AREA_LABELS), since a label OPTIONAL on
# ?area among the others made it scan every label once per observation.
_OBSERVATIONS = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?obs ?indicator ?indicatorLabel ?area ?written ?unit ?numeric
       ?masked ?period ?growth ?rank ?source ?text ?start WHERE {
  VALUES ?role { bqw:area bqw:indicator }
  ?obs ?role ?entity .
  ?obs a bqw:Observation ; bqw:indicator ?indicator ; bqw:inDocument ?document .
  ?document dcterms:source ?source .
  OPTIONAL { ?obs bqw:area ?area }
  OPTIONAL { ?obs bqw:valueAsWritten ?written }
  OPTIONAL { ?obs bqw:unitAsWritten ?unit }
  OPTIONAL { ?obs bqw:numericValue ?numeric }
  OPTIONAL { ?obs bqw:masked ?masked }
  OPTIONAL { ?obs bqw:period ?period }
  OPTIONAL { ?obs bqw:growth ?growth }
  OPTIONAL { ?obs bqw:rank ?rank }
  OPTIONAL { ?obs bqw:start ?start }
  OPTIONAL { ?obs bqw:inSentence/bqw:text ?text }
  OPTIONAL { ?indicator rdfs:label ?indicatorLabel }
}"""
)
# A list of IRIs is not one bindable term: the areas (read from the store, each checked by
# nt.iri) go into a VALUES block, as in bqw.web.graph_api.node_info.
_AREA_LABELS = PREFIXES + "SELECT ?area ?areaLabel WHERE { VALUES ?area { %s } ?area rdfs:label ?areaLabel }"
_ANALYTICS = "SELECT ?g ?entity ?p ?v WHERE { GRAPH ?g { ?entity ?p ?v } }"


@cache
def term_label(iri: str, lang: str = DEFAULT) -> str:
    """The label the ontology gives a class or property in ``lang`` (its local name when none)."""
    for label in ontology().objects(URIRef(iri), RDFS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    return local_name(iri).rsplit("#", 1)[-1]


@cache
def term_labels(lang: str = DEFAULT) -> dict[str, dict[str, str]]:
    """The ontology's labels in ``lang``: ``{"classes": {local name: label}, "properties": {IRI: label}}``.

    The graph explorer names node types and links with these.
    """
    graph = ontology()
    classes = {
        local_name(str(c)): term_label(str(c), lang)
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(BQW)
    }
    properties = {
        str(p): term_label(str(p), lang)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        for p in graph.subjects(RDF.type, kind)
        if isinstance(p, URIRef) and str(p).startswith(BQW)
    }
    return {"classes": dict(sorted(classes.items())), "properties": dict(sorted(properties.items()))}


def value(term: str | None) -> str | None:
    """The lexical value of an N-Triples term (None stays None)."""
    return None if term is None else str(nt.to_json(term)["value"])


def best_label(labels: Iterable[str], fallback: str) -> str:
    """The label to show: the longest spelling (usually the full name), ties sorted."""
    found = sorted(set(labels), key=lambda label: (-len(label), label))
    return found[0] if found else fallback


def short_iri(iri: str) -> str:
    """A readable stand-in for an IRI without a label: its last path segment or fragment."""
    tail = iri.rstrip("/").rsplit("#", 1)[-1]
    return tail.rsplit("/", 1)[-1] or iri


def _select(
    store: Store, query: str, iri: str, limit: int = MAX_LINKS, lang: str | None = None
) -> Iterator[dict[str, str]]:
    bindings = {"entity": nt.iri(iri)}
    if lang is not None:
        bindings["lang"] = nt.literal(lang)
    return islice(store.select(query, bindings), limit)


def main_type(types: Iterable[str]) -> str | None:
    """The most specific entity class among ``types`` (local name), or any bqw class."""
    known = entity_types()
    locals_ = [local_name(t) for t in types if t.startswith(BQW)]
    entity = [t for t in locals_ if t in known]
    if entity:
        return max(entity, key=lambda name: (depth(name), name))
    return sorted(locals_)[0] if locals_ else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _area_labels(store: Store, areas: set[str]) -> dict[str, list[str]]:
    """The labels of each of ``areas``, looked up 200 at a time."""
    labels: dict[str, list[str]] = defaultdict(list)
    wanted = sorted(areas)
    for start in range(0, len(wanted), 200):
        block = " ".join(nt.iri(area) for area in wanted[start : start + 200])
        for row in store.select(_AREA_LABELS % block):
            labels[value(row["area"]) or ""].append(value(row["areaLabel"]) or "")
    return labels


def observations(store: Store, iri: str, urls: Urls) -> list[dict[str, Any]]:
    """The figures an entity takes part in (as area or as indicator), in report order."""
    rows: dict[str, dict[str, Any]] = {}
    found = list(_select(store, _OBSERVATIONS, iri))
    area_labels = _area_labels(store, {value(row["area"]) or "" for row in found if row.get("area")})
    for row in found:
        obs = value(row["obs"]) or ""
        masked = value(row.get("masked")) == "true"
        numeric = None if masked else _number(value(row.get("numeric")))
        area = value(row.get("area"))
        indicator = value(row["indicator"]) or ""
        previous = rows.get(obs)
        entry = {
            "indicator": best_label(filter(None, [value(row.get("indicatorLabel"))]), short_iri(indicator)),
            "indicator_iri": indicator,
            "indicator_href": urls.href(indicator),
            "area": best_label(area_labels.get(area, []), short_iri(area)) if area else None,
            "area_iri": area,
            "area_href": urls.href(area) if area else None,
            "value": value(row.get("written")) or "",
            "numeric": numeric,
            "masked": masked,
            "unit": value(row.get("unit")),
            "period": value(row.get("period")),
            "growth": _number(value(row.get("growth"))),
            "rank": value(row.get("rank")),
            "report": value(row["source"]),
            "report_href": urls.report(value(row["source"]) or ""),
            "sentence": value(row.get("text")) or "",
            "start": int(value(row.get("start")) or 0),
        }
        if previous is not None:
            # Several labels: keep the longest spelling for each side.
            entry["indicator"] = best_label([previous["indicator"], entry["indicator"]], entry["indicator"])
            if previous["area"] and entry["area"]:
                entry["area"] = best_label([previous["area"], entry["area"]], entry["area"])
        rows[obs] = entry
    return sorted(rows.values(), key=lambda r: (r["report"] or "", r["start"]))


def sentences(store: Store, iri: str, urls: Urls) -> list[dict[str, Any]]:
    """The sentences that name an entity, each with the mention marked, grouped by sentence."""
    grouped: dict[str, dict[str, Any]] = {}
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for row in _select(store, _SENTENCES, iri, MAX_SENTENCES * 5):
        sentence = value(row["sentence"]) or ""
        base = int(value(row["sentenceStart"]) or 0)
        source = value(row["source"]) or ""
        index = int(value(row["index"]) or 0)
        grouped.setdefault(
            sentence,
            {
                "iri": sentence,
                "text": value(row["text"]) or "",
                "report": source,
                "report_href": urls.report(source),
                "anchor_href": urls.report_anchor(source, index),
                "index": index,
                "section": value(row.get("section")),
                "item": value(row.get("item")),
            },
        )
        spans[sentence].add((int(value(row["start"]) or 0) - base, int(value(row["end"]) or 0) - base))
    out = sorted(grouped.values(), key=lambda s: (s["report"], s["index"]))[:MAX_SENTENCES]
    for entry in out:
        marks = [Span(start, end, "mention") for start, end in spans[entry["iri"]]]
        entry["pieces"] = [piece.as_json() for piece in pieces(entry["text"], marks)]
    return out


def _group(links: dict[tuple[str, str], dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    by_property: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (prop, _), link in sorted(links.items(), key=lambda item: (item[0][0], item[1]["label"])):
        by_property[prop].append(link)
    return [
        {
            "property": prop,
            "property_label": labels.get(prop) or local_name(prop),
            "count": len(items),
            "links": items,
        }
        for prop, items in sorted(by_property.items(), key=lambda item: (-len(item[1]), item[0]))
    ]


def analytics(store: Store, iri: str, base: str) -> dict[str, float | int]:
    """The entity's graph measures from the analytics graph, when ``bqw analyse --write`` stored them."""
    found: dict[str, float | int] = {}
    bindings = {"entity": nt.iri(iri), "g": nt.iri(analytics_graph(base))}
    for row in store.select(_ANALYTICS, bindings):
        name = local_name(value(row["p"]) or "")
        if name in _MEASURES:
            number = float(value(row["v"]) or 0)
            found[name] = int(number) if name in ("degree", "community", "component") else number
    return found


def describe(store: Store, iri: str, urls: Urls, lang: str = DEFAULT) -> dict[str, Any]:
    """Everything the page of ``iri`` shows, as JSON-ready data, with ontology labels in ``lang``.

    Raises:
        bqw.errors.NotFound: the graph never mentions ``iri``.
    """
    labels: list[str] = []
    aliases: list[str] = []
    attributes: list[dict[str, Any]] = []
    out_links: dict[tuple[str, str], dict[str, Any]] = {}
    in_links: dict[tuple[str, str], dict[str, Any]] = {}
    property_labels: dict[str, str] = {}
    outgoing = list(_select(store, _OUT, iri, lang=lang))
    incoming = list(_select(store, _IN, iri, lang=lang))
    if not outgoing and not incoming:
        raise NotFound(f"nothing is known about <{iri}>")
    for row in outgoing:
        prop, obj = value(row["p"]) or "", row["o"]
        if row.get("pLabel"):
            property_labels[prop] = value(row["pLabel"]) or ""
        if prop == RDFS_LABEL:
            labels.append(value(obj) or "")
        elif prop == SKOS_ALT:
            aliases.append(value(obj) or "")
        elif prop == RDF_TYPE or local_name(prop) in _MEASURES:
            continue
        elif obj.startswith("<"):
            target = value(obj) or ""
            link = out_links.setdefault(
                (prop, target), {"iri": target, "href": urls.href(target), "labels": set(), "label": ""}
            )
            if row.get("oLabel"):
                link["labels"].add(value(row["oLabel"]))
        else:
            entry = {"property": prop, "value": value(obj)}
            if entry not in attributes:
                attributes.append(entry)
    for row in incoming:
        prop, subject = value(row["p"]) or "", value(row["s"]) or ""
        if row.get("pLabel"):
            property_labels[prop] = value(row["pLabel"]) or ""
        if prop in _HIDDEN_INCOMING or row["s"].startswith("_:"):
            continue
        link = in_links.setdefault(
            (prop, subject), {"iri": subject, "href": urls.href(subject), "labels": set(), "label": ""}
        )
        if row.get("sLabel"):
            link["labels"].add(value(row["sLabel"]))
    for link in [*out_links.values(), *in_links.values()]:
        link["label"] = best_label(link.pop("labels"), short_iri(link["iri"]))
    types = {}
    for row in _select(store, _TYPES, iri, lang=lang):
        type_iri = value(row["type"]) or ""
        types[type_iri] = value(row.get("typeLabel")) or types.get(type_iri) or local_name(type_iri)
    for attribute in attributes:
        attribute["property_label"] = property_labels.get(attribute["property"]) or local_name(attribute["property"])
    label = best_label(labels, short_iri(iri))
    data: dict[str, Any] = {
        "iri": iri,
        "label": label,
        "labels": sorted(set(labels)),
        "aliases": sorted(set(aliases) - set(labels)),
        "type": main_type(types),
        "type_label": next((types[t] for t in types if local_name(t) == main_type(types)), None),
        "types": [{"iri": t, "label": types[t], "href": urls.href(t)} for t in sorted(types)],
        "attributes": attributes,
        "outgoing": _group(out_links, property_labels),
        "incoming": _group(in_links, property_labels),
        "observations": observations(store, iri, urls),
        "sentences": sentences(store, iri, urls),
        "analytics": analytics(store, iri, urls.base),
        "links": {
            "page": urls.href(iri),
            "graph": urls.graph(iri),
            "turtle": urls.twin(urls.href(iri), ".ttl"),
            "jsonld": urls.twin(urls.href(iri), ".jsonld"),
            "json": urls.twin(urls.href(iri), ".json"),
            "observations": urls.api_observations(iri),
        },
        "sparql": entity_query(iri),
    }
    data["links"]["sparql_editor"] = urls.sparql_editor(data["sparql"])
    return data


def entity_query(iri: str) -> str:
    """A query a user can copy that returns what the graph says about ``iri`` (and where)."""
    checked = nt.iri(iri)
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?g ?p ?o ?label WHERE {{\n  GRAPH ?g {{ {checked} ?p ?o }}\n"
        "  OPTIONAL { ?o rdfs:label ?label }\n}\nORDER BY ?p"
    )
