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
from urllib.parse import urlencode

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
MAX_SENTENCES = 50
MAX_FIGURES = 100
#: The query parameter of an entity page that pages its sources: ``?sources=50``.
SOURCES_PARAMETER = "sources"

# Rows are made distinct before anything joins them: in the union of report graphs an entity
# shared by a thousand reports has each of its triples a thousand times, and a label
# OPTIONAL joined there multiplied them again (1.4 s for a town at 1M triples). Labels are
# read afterwards for the distinct neighbours (_LABELS); ontology terms are named from the
# ontology itself (term_label).
_OUT = "SELECT DISTINCT ?entity ?p ?o WHERE { ?entity ?p ?o }"
# The hidden links are left out in the query, not after it: an indicator named in thousands
# of sentences would otherwise fill the MAX_LINKS rows with mentions and hide its facts.
_IN = (
    "SELECT DISTINCT ?entity ?p ?s WHERE { ?s ?p ?entity FILTER(!isBlank(?s) && ?p NOT IN ("
    + ", ".join(f"<{p}>" for p in sorted(_HIDDEN_INCOMING))
    + ")) }"
)
# An IRI met only as the object of hidden links still has a page.
_MENTIONED = "ASK { ?s ?p ?entity }"
# Sources and figures are read in two steps: which sentences (figures) to show, one page of
# them, then their details for that page alone. Each detail costs a dozen index lookups, and
# an entity named in thousands of reports must not pay them all for one page. The page is
# taken in the store's own order, which is stable while the store is not written: ORDER BY
# reads every IRI's text to compare them (126 ms for the 3,352 sentences that name the
# 百千万工程 policy at 1M triples, against 1 ms for the first 50 unordered).
_MENTIONING = """SELECT DISTINCT ?entity ?sentence WHERE {
  ?mention <https://w3id.org/bqw/ontology#refersTo> ?entity ; <https://w3id.org/bqw/ontology#inSentence> ?sentence
}"""
_SENTENCE_PAGE = _MENTIONING + " LIMIT %d OFFSET %d"
_SENTENCE_COUNT = (
    "SELECT ?entity (COUNT(DISTINCT ?sentence) AS ?n) WHERE { ?mention <https://w3id.org/bqw/ontology#refersTo> "
    "?entity ; <https://w3id.org/bqw/ontology#inSentence> ?sentence } GROUP BY ?entity"
)
_SENTENCES = (
    PREFIXES
    + """SELECT DISTINCT ?entity ?sentence ?text ?sentenceStart ?index ?start ?end ?source ?section ?item WHERE {
  VALUES ?sentence { %s }
  ?mention bqw:inSentence ?sentence ; bqw:refersTo ?entity ; bqw:start ?start ; bqw:end ?end .
  ?sentence bqw:text ?text ; bqw:start ?sentenceStart ; bqw:index ?index ; bqw:inDocument ?document .
  ?document dcterms:source ?source .
  OPTIONAL { ?sentence bqw:inSection/bqw:heading ?section }
  OPTIONAL { ?sentence bqw:inItem/bqw:heading ?item }
}"""
)
_FIGURES = PREFIXES + "SELECT ?entity ?obs WHERE { VALUES ?role { bqw:area bqw:indicator } ?obs ?role ?entity }"
_FIGURE_PAGE = _FIGURES + " LIMIT %d"
_FIGURE_COUNT = (
    PREFIXES
    + "SELECT ?entity (COUNT(?obs) AS ?n) WHERE { VALUES ?role { bqw:area bqw:indicator } ?obs ?role ?entity } "
    "GROUP BY ?entity"
)
# The labels of areas and indicators come from a second query (_LABELS) for the distinct
# IRIs: joined here, each figure met its indicator's label once per report graph.
_OBSERVATIONS = (
    PREFIXES
    + """SELECT DISTINCT ?obs ?indicator ?area ?written ?unit ?numeric
       ?masked ?period ?growth ?rank ?source ?text ?start WHERE {
  VALUES ?obs { %s }
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
}"""
)
# A list of IRIs is not one bindable term: the IRIs (read from the store, each checked by
# nt.iri) go into a VALUES block, as in bqw.web.graph_api.node_info.
_LABELS = PREFIXES + "SELECT DISTINCT ?x ?label WHERE { VALUES ?x { %s } ?x rdfs:label ?label }"
_ANALYTICS = "SELECT ?g ?entity ?p ?v WHERE { GRAPH ?g { ?entity ?p ?v } }"


@cache
def ontology_label(iri: str, lang: str = DEFAULT) -> str | None:
    """The label the ontology gives a class or property in ``lang``, if any."""
    for label in ontology().objects(URIRef(iri), RDFS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    return None


def term_label(iri: str, lang: str = DEFAULT) -> str:
    """The label the ontology gives a class or property in ``lang`` (its local name when none)."""
    return ontology_label(iri, lang) or local_name(iri).rsplit("#", 1)[-1]


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


def _select(store: Store, query: str, iri: str, limit: int = MAX_LINKS) -> Iterator[dict[str, str]]:
    return islice(store.select(query, {"entity": nt.iri(iri)}), limit)


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


def labels_of(store: Store, iris: Iterable[str]) -> dict[str, list[str]]:
    """The labels of each of ``iris``, looked up 200 at a time."""
    labels: dict[str, list[str]] = defaultdict(list)
    for block in iri_blocks(sorted(set(iris))):
        for row in store.select(_LABELS % block):
            labels[value(row["x"]) or ""].append(value(row["label"]) or "")
    return labels


def iri_blocks(iris: list[str], size: int = 200) -> Iterator[str]:
    """``iris`` (from the store) as checked N-Triples terms, ``size`` to a VALUES block."""
    for start in range(0, len(iris), size):
        yield " ".join(nt.iri(iri) for iri in iris[start : start + size])


def _count(store: Store, query: str, iri: str) -> int:
    rows = list(_select(store, query, iri, 1))
    return int(value(rows[0]["n"]) or 0) if rows else 0


def figure_count(store: Store, iri: str) -> int:
    """How many figures have ``iri`` as their area or indicator."""
    return _count(store, _FIGURE_COUNT, iri)


def observations(store: Store, iri: str, urls: Urls, limit: int = MAX_LINKS) -> list[dict[str, Any]]:
    """The figures an entity takes part in (as area or as indicator), in report order.

    At most ``limit``: the first the store gives.
    """
    rows: dict[str, dict[str, Any]] = {}
    chosen = [value(row["obs"]) or "" for row in _select(store, _FIGURE_PAGE % limit, iri, limit)]
    found = [row for block in iri_blocks(chosen) for row in store.select(_OBSERVATIONS % block)]
    names = labels_of(store, {value(row[key]) or "" for row in found for key in ("area", "indicator") if row.get(key)})
    for row in found:
        obs = value(row["obs"]) or ""
        masked = value(row.get("masked")) == "true"
        numeric = None if masked else _number(value(row.get("numeric")))
        area = value(row.get("area"))
        indicator = value(row["indicator"]) or ""
        previous = rows.get(obs)
        entry = {
            "indicator": best_label(names.get(indicator, []), short_iri(indicator)),
            "indicator_iri": indicator,
            "indicator_href": urls.href(indicator),
            "area": best_label(names.get(area, []), short_iri(area)) if area else None,
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
            # Several rows for one figure (a field given twice): keep the longest name of each side.
            entry["indicator"] = best_label([previous["indicator"], entry["indicator"]], entry["indicator"])
            if previous["area"] and entry["area"]:
                entry["area"] = best_label([previous["area"], entry["area"]], entry["area"])
        rows[obs] = entry
    return sorted(rows.values(), key=lambda r: (r["report"] or "", r["start"]))


def sentence_count(store: Store, iri: str) -> int:
    """How many sentences name ``iri``."""
    return _count(store, _SENTENCE_COUNT, iri)


def sentences(store: Store, iri: str, urls: Urls, offset: int = 0, limit: int = MAX_SENTENCES) -> list[dict[str, Any]]:
    """One page of the sentences that name an entity, each with its mentions marked.

    The page is ``limit`` sentences from ``offset`` in the store's order, shown in report order.
    """
    grouped: dict[str, dict[str, Any]] = {}
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    page = _SENTENCE_PAGE % (limit, offset)
    chosen = [value(row["sentence"]) or "" for row in _select(store, page, iri, limit)]
    for block in iri_blocks(chosen):
        for row in _select(store, _SENTENCES % block, iri, MAX_LINKS * 5):
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
    out = sorted(grouped.values(), key=lambda s: (s["report"], s["index"]))
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


def describe(store: Store, iri: str, urls: Urls, lang: str = DEFAULT, sources_from: int = 0) -> dict[str, Any]:
    """Everything the page of ``iri`` shows, as JSON-ready data, with ontology labels in ``lang``.

    The figures are the first MAX_FIGURES, the sources a page of MAX_SENTENCES starting at
    ``sources_from``; both come with their totals.

    Raises:
        bqw.errors.NotFound: the graph never mentions ``iri``.
    """
    labels: list[str] = []
    aliases: list[str] = []
    attributes: list[dict[str, Any]] = []
    types: dict[str, str] = {}
    out_links: dict[tuple[str, str], dict[str, Any]] = {}
    in_links: dict[tuple[str, str], dict[str, Any]] = {}
    outgoing = list(_select(store, _OUT, iri))
    incoming = list(_select(store, _IN, iri))
    if not outgoing and not incoming and not store.ask(_MENTIONED, {"entity": nt.iri(iri)}):
        raise NotFound(f"nothing is known about <{iri}>")
    for row in outgoing:
        prop, obj = value(row["p"]) or "", row["o"]
        if prop == RDFS_LABEL:
            labels.append(value(obj) or "")
        elif prop == SKOS_ALT:
            aliases.append(value(obj) or "")
        elif prop == RDF_TYPE and obj.startswith("<"):
            type_iri = value(obj) or ""
            types[type_iri] = ontology_label(type_iri, lang) or local_name(type_iri)
        elif prop == RDF_TYPE or local_name(prop) in _MEASURES:
            continue
        elif obj.startswith("<"):
            target = value(obj) or ""
            out_links[(prop, target)] = {"iri": target, "href": urls.href(target)}
        else:
            entry = {"property": prop, "value": value(obj)}
            if entry not in attributes:
                attributes.append(entry)
    for row in incoming:
        prop, subject = value(row["p"]) or "", value(row["s"]) or ""
        in_links[(prop, subject)] = {"iri": subject, "href": urls.href(subject)}
    neighbours = [*out_links.values(), *in_links.values()]
    found = labels_of(store, (link["iri"] for link in neighbours))
    for link in neighbours:
        link["label"] = best_label(found.get(link["iri"], []), short_iri(link["iri"]))
    properties = {prop for prop, _ in [*out_links, *in_links]} | {a["property"] for a in attributes}
    property_labels = {prop: ontology_label(prop, lang) or local_name(prop) for prop in properties}
    for attribute in attributes:
        attribute["property_label"] = property_labels[attribute["property"]]
    label = best_label(labels, short_iri(iri))
    figures = observations(store, iri, urls, MAX_FIGURES)
    sources = sentences(store, iri, urls, sources_from)
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
        "observations": figures,
        # A short first page is the whole list: no need to count.
        "observations_total": len(figures) if len(figures) < MAX_FIGURES else figure_count(store, iri),
        "sentences": sources,
        "sentences_total": (
            len(sources) if not sources_from and len(sources) < MAX_SENTENCES else sentence_count(store, iri)
        ),
        "sentences_from": sources_from,
        "sentences_page_size": MAX_SENTENCES,
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
    page = data["links"]["page"]
    if sources_from > 0:
        data["links"]["sources_before"] = _sources_page(page, max(0, sources_from - MAX_SENTENCES))
    if sources_from + MAX_SENTENCES < data["sentences_total"]:
        data["links"]["sources_after"] = _sources_page(page, sources_from + MAX_SENTENCES)
    return data


def _sources_page(page: str, start: int) -> str:
    """The entity page ``page`` showing the sources from ``start`` (the first page has no parameter)."""
    if not start:
        return page
    return f"{page}{'&' if '?' in page else '?'}{urlencode({SOURCES_PARAMETER: start})}"


def entity_query(iri: str) -> str:
    """A query a user can copy that returns what the graph says about ``iri`` (and where)."""
    checked = nt.iri(iri)
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?g ?p ?o ?label WHERE {{\n  GRAPH ?g {{ {checked} ?p ?o }}\n"
        "  OPTIONAL { ?o rdfs:label ?label }\n}\nORDER BY ?p"
    )
