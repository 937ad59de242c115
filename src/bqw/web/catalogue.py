"""Whole-store views as plain dicts: counts, the reports list, one report's marked-up text, classes.

Like :mod:`bqw.web.describe`, these build the data of a page and of its ``.json`` twin;
templates only lay it out. Values from clients are bound, never formatted into SPARQL.
Labels of ontology terms and of the report view's legend are in the interface language
(``lang``, bound as ``?lang`` in queries); labels from reports stay as written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from bqw.analytics import summary
from bqw.analytics.results import analytics_graph
from bqw.analytics.vocabulary import BQW, local_name
from bqw.errors import NotFound
from bqw.rdf.iris import Minter
from bqw.store import Store
from bqw.store import terms as nt
from bqw.web.describe import PREFIXES, best_label, main_type, short_iri, term_label, value
from bqw.web.highlight import Span, pieces
from bqw.web.i18n import DEFAULT, messages
from bqw.web.urls import Urls

_TYPE_COUNTS = PREFIXES + "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
_CLASS_LABELS = (
    PREFIXES
    + """SELECT ?lang ?class ?label ?comment WHERE {
  ?class a <http://www.w3.org/2002/07/owl#Class> .
  OPTIONAL { ?class rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), ?lang)) }
  OPTIONAL { ?class rdfs:comment ?comment FILTER(LANGMATCHES(LANG(?comment), ?lang)) }
}"""
)
_PROPERTIES_OF = (
    PREFIXES
    + """SELECT DISTINCT ?lang ?class ?p ?label WHERE {
  ?s a ?class ; ?p ?o .
  OPTIONAL { ?p rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), ?lang)) }
}"""
)
_INSTANCES = PREFIXES + "SELECT DISTINCT ?class ?s ?label WHERE { ?s a ?class OPTIONAL { ?s rdfs:label ?label } }"
_REPORTS = (
    PREFIXES
    + """SELECT ?g ?document ?source ?title ?date ?area ?areaLabel ?areaType ?extent WHERE {
  GRAPH ?g { ?document a bqw:Document ; dcterms:source ?source .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:date ?date }
    OPTIONAL { ?document dcterms:extent ?extent }
    OPTIONAL { ?document bqw:reportsOn ?area OPTIONAL { ?area rdfs:label ?areaLabel } OPTIONAL { ?area a ?areaType } }
  }
}"""
)
_REPORT_COUNTS = (
    PREFIXES
    + """SELECT ?g (COUNT(DISTINCT ?entity) AS ?entities) (COUNT(DISTINCT ?obs) AS ?observations)
       (COUNT(DISTINCT ?sentence) AS ?sentences) WHERE {
  GRAPH ?g { { ?m bqw:refersTo ?entity } UNION { ?obs a bqw:Observation } UNION { ?sentence a bqw:Sentence } }
} GROUP BY ?g"""
)
_SENTENCES = (
    PREFIXES
    + """SELECT ?g ?sentence ?index ?text ?start ?end WHERE {
  GRAPH ?g { ?sentence a bqw:Sentence ; bqw:index ?index ; bqw:text ?text ; bqw:start ?start ; bqw:end ?end }
}"""
)
_MENTIONS = (
    PREFIXES
    + """SELECT ?g ?entity ?start ?end ?type ?label WHERE {
  GRAPH ?g { ?mention bqw:refersTo ?entity ; bqw:start ?start ; bqw:end ?end .
    OPTIONAL { ?entity a ?type } OPTIONAL { ?entity rdfs:label ?label } }
}"""
)
_FIGURES = (
    PREFIXES
    + """SELECT ?g ?obs ?start ?end ?written ?unit ?indicator ?indicatorLabel WHERE {
  GRAPH ?g { ?obs a bqw:Observation ; bqw:start ?start ; bqw:end ?end ; bqw:indicator ?indicator .
    OPTIONAL { ?obs bqw:valueAsWritten ?written } OPTIONAL { ?obs bqw:unitAsWritten ?unit }
    OPTIONAL { ?indicator rdfs:label ?indicatorLabel } }
}"""
)

_CENTRAL = (
    PREFIXES
    + """SELECT ?g ?entity ?rank WHERE { GRAPH ?g { ?entity bqw:pageRank ?rank } }
ORDER BY DESC(?rank) LIMIT 20"""
)
_LABELS_OF = PREFIXES + "SELECT ?entity ?label WHERE { ?entity rdfs:label ?label }"

#: Colour classes of the report view's legend, in the order the legend lists them (named
#: by the ``legend.<kind>`` messages of the interface catalogue).
LEGEND: tuple[str, ...] = (
    "Area",
    "Village",
    "Project",
    "Policy",
    "Organization",
    "Place",
    "Event",
    "Honor",
    "Indicator",
    "figure",
)
_AREA_KINDS = frozenset({"Province", "City", "County", "Town", "Subdistrict", "Zone", "Area", "AdministrativeArea"})
_VILLAGE_KINDS = frozenset({"Village", "Community"})


def colour_class(type_name: str | None) -> str:
    """The legend entry of an entity type (areas share one colour, villages another)."""
    if type_name in _AREA_KINDS:
        return "Area"
    if type_name in _VILLAGE_KINDS:
        return "Village"
    return type_name or "NamedEntity"


def _int(term: str | None) -> int:
    return int(value(term) or 0)


def stats(store: Store, urls: Urls) -> dict[str, Any]:
    """Counts of the whole store: reports, entities by type, observations, sentences, triples.

    Served from the summary that ``bqw ingest``/``bqw remove`` keep in the store under the
    graph's base (:mod:`bqw.analytics.summary`), computed afresh when it is missing or stale.
    """
    return summary.stats(store, urls.base)


def reports(store: Store, urls: Urls, lang: str = DEFAULT) -> list[dict[str, Any]]:
    """Every report with its area, the area's level (named in ``lang``), year and counts, newest first."""
    counts = {value(row["g"]): row for row in store.select(_REPORT_COUNTS)}
    found: dict[str, dict[str, Any]] = {}
    area_types: dict[str, set[str]] = defaultdict(set)
    area_labels: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_REPORTS):
        graph = value(row["g"]) or ""
        source = value(row["source"]) or ""
        entry = found.setdefault(
            graph,
            {
                "name": source,
                "iri": value(row["document"]),
                "href": urls.report(source),
                "graph": graph,
                "title": value(row.get("title")),
                "year": value(row.get("date")),
                "length": _int(row.get("extent")),
                "area": None,
                "area_iri": value(row.get("area")),
                "area_href": urls.href(value(row["area"]) or "") if row.get("area") else None,
                "level": None,
                "level_label": None,
            },
        )
        if row.get("areaType"):
            area_types[graph].add(value(row["areaType"]) or "")
        if row.get("areaLabel"):
            area_labels[graph].add(value(row["areaLabel"]) or "")
        entry["_g"] = graph
    for graph, entry in found.items():
        entry.pop("_g", None)
        if entry["area_iri"]:
            entry["area"] = best_label(area_labels[graph], short_iri(entry["area_iri"]))
            entry["level"] = main_type(area_types[graph])
            entry["level_label"] = term_label(BQW + entry["level"], lang) if entry["level"] else None
        row = counts.get(graph, {})
        entry["entities"] = _int(row.get("entities"))
        entry["observations"] = _int(row.get("observations"))
        entry["sentences"] = _int(row.get("sentences"))
    return sorted(found.values(), key=lambda r: (r["year"] or "", r["name"]), reverse=True)


def report(store: Store, name: str, urls: Urls, lang: str = DEFAULT) -> dict[str, Any]:
    """One report: metadata, counts and its text as paragraphs of marked-up pieces; the legend in ``lang``.

    Raises:
        bqw.errors.NotFound: no report of that name.
    """
    graph = str(Minter(urls.base).report_graph(name))
    if not store.has_graph(graph):
        raise NotFound(f"no report {name!r} in the store")
    meta = next((r for r in reports(store, urls, lang) if r["graph"] == graph), None)
    if meta is None:
        raise NotFound(f"no report {name!r} in the store")
    bound = {"g": nt.iri(graph)}
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    mention_spans: set[tuple[int, int, str]] = set()
    for row in store.select(_MENTIONS, bound):
        entity = value(row["entity"]) or ""
        mention_spans.add((_int(row["start"]), _int(row["end"]), entity))
        if row.get("type"):
            types[entity].add(value(row["type"]) or "")
        if row.get("label"):
            labels[entity].add(value(row["label"]) or "")
    spans: list[Span] = []
    legend_counts: Counter[str] = Counter()
    for start, end, entity in mention_spans:
        kind = colour_class(main_type(types[entity]))
        legend_counts[kind] += 1
        title = f"{best_label(labels[entity], short_iri(entity))} · {main_type(types[entity]) or ''}"
        spans.append(Span(start, end, kind, urls.href(entity), title))
    sentences = sorted(
        (
            {
                "index": _int(row["index"]),
                "text": value(row["text"]) or "",
                "start": _int(row["start"]),
                "end": _int(row["end"]),
            }
            for row in store.select(_SENTENCES, bound)
        ),
        key=lambda s: s["index"],
    )
    for row in store.select(_FIGURES, bound):
        figure = _figure_span(row, sentences, urls)
        if figure is not None:
            spans.append(figure)
            legend_counts["figure"] += 1
    paragraphs: list[list[dict[str, Any]]] = []
    previous_end: int | None = None
    for sentence in sentences:
        if previous_end is None or sentence["start"] > previous_end:
            paragraphs.append([])
        previous_end = sentence["end"]
        inside = [
            Span(s.start - sentence["start"], s.end - sentence["start"], s.kind, s.href, s.title)
            for s in spans
            if sentence["start"] <= s.start and s.end <= sentence["end"]
        ]
        paragraphs[-1].append(
            {
                "index": sentence["index"],
                "anchor": f"s{sentence['index']}",
                "pieces": [piece.as_json() for piece in pieces(sentence["text"], inside)],
            }
        )
    words = messages(lang)
    return {
        **meta,
        "legend": [{"kind": kind, "label": words(f"legend.{kind}"), "count": legend_counts[kind]} for kind in LEGEND],
        "paragraphs": paragraphs,
        "links": {"graph_data": urls.report_graph(name), "json": urls.twin(urls.report(name), ".json")},
    }


def _figure_span(row: dict[str, str], sentences: list[dict[str, Any]], urls: Urls) -> Span | None:
    """The written number (and unit) of an observation, found inside its evidence span."""
    written = value(row.get("written"))
    if not written:
        return None
    start, end = _int(row["start"]), _int(row["end"])
    for sentence in sentences:
        if sentence["start"] <= start and end <= sentence["end"]:
            text = sentence["text"][start - sentence["start"] : end - sentence["start"]]
            unit = value(row.get("unit")) or ""
            for needle in (written + unit, written):
                at = text.find(needle)
                if at >= 0:
                    indicator = value(row["indicator"]) or ""
                    label = value(row.get("indicatorLabel")) or short_iri(indicator)
                    return Span(start + at, start + at + len(needle), "figure", urls.href(indicator), label)
    return None


def _lang(lang: str) -> dict[str, str]:
    """The binding of ``?lang``: the interface language whose ontology labels a query keeps."""
    return {"lang": nt.literal(lang)}


def classes(store: Store, urls: Urls, lang: str = DEFAULT) -> list[dict[str, Any]]:
    """The ontology's classes with their instance counts and the properties their instances use.

    Labels and comments of classes and properties are in ``lang``.
    """
    counts = {value(row["type"]) or "": _int(row["n"]) for row in store.select(_TYPE_COUNTS)}
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(_CLASS_LABELS, _lang(lang)):
        iri = value(row["class"]) or ""
        if not iri.startswith(BQW):
            continue
        found.setdefault(
            iri,
            {
                "iri": iri,
                "name": local_name(iri),
                "label": value(row.get("label")) or local_name(iri),
                "comment": value(row.get("comment")),
                "count": counts.get(iri, 0),
                "href": urls.instances(iri),
                "term_href": urls.resource(iri),
                "properties": [],
            },
        )
    properties: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.select(_PROPERTIES_OF, _lang(lang)):
        cls = value(row["class"]) or ""
        if cls in found:
            prop = value(row["p"]) or ""
            properties[cls][prop] = value(row.get("label")) or properties[cls].get(prop) or local_name(prop)
    for iri, entry in found.items():
        entry["properties"] = [
            {"iri": p, "label": label, "href": urls.resource(p)} for p, label in sorted(properties[iri].items())
        ]
    return sorted(found.values(), key=lambda c: (-c["count"], c["name"]))


def instances(store: Store, class_iri: str, urls: Urls, limit: int = 1000) -> list[dict[str, Any]]:
    """Instances of one class, by label."""
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_INSTANCES, {"class": nt.iri(class_iri)}):
        entity = value(row["s"]) or ""
        if len(labels) >= limit and entity not in labels:
            break
        if row.get("label"):
            labels[entity].add(value(row["label"]) or "")
        else:
            labels.setdefault(entity, set())
    rows = [{"iri": e, "label": best_label(ls, short_iri(e)), "href": urls.href(e)} for e, ls in labels.items()]
    return sorted(rows, key=lambda r: r["label"])


def central(store: Store, urls: Urls, count: int = 3) -> list[dict[str, Any]]:
    """The entities with the highest PageRank in the analytics graph (none before ``bqw analyse --write``)."""
    rows = store.select(_CENTRAL, {"g": nt.iri(analytics_graph(urls.base))})
    out = []
    for row in rows:
        entity = value(row["entity"]) or ""
        labels = [value(r["label"]) or "" for r in store.select(_LABELS_OF, {"entity": row["entity"]})]
        out.append({"iri": entity, "label": best_label(labels, short_iri(entity)), "href": urls.graph(entity)})
        if len(out) == count:
            break
    return out


def indicators(store: Store, urls: Urls) -> list[dict[str, Any]]:
    """Every indicator with how many figures, areas and periods the reports give it, most figures first.

    From the kept summary when current, like :func:`stats`.
    """
    rows = [
        {
            "iri": row["iri"],
            "label": row["name"] or short_iri(row["iri"]),
            "href": urls.href(row["iri"]),
            "figures": row["figures"],
            "areas": row["areas"],
            "periods": row["periods"],
            "redacted": row["redacted"],
        }
        for row in summary.indicators(store, urls.base)
    ]
    return sorted(rows, key=lambda r: (-r["figures"], r["label"]))
