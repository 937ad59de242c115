"""Summary figures of the whole store (counts by class, the indicator table), computed once per change.

Counting every instance by class or grouping every observation by indicator takes a
noticeable time on a large store, and the figures change only when reports are ingested or
removed. :func:`refresh` computes them at the end of ``bqw ingest`` and ``bqw remove`` and
keeps them in the store itself, in the named graph :func:`summary_graph`, so another
process (``bqw serve``) and a remote store see them too::

    <…/graph/summary> rdf:value "{…figures…}"^^rdf:JSON ; dcterms:identifier "<fingerprint>" .

``dcterms:identifier`` names the state of the store the figures describe: a hash of the
report graphs and their text hashes (one cheap query).
:func:`stats` and :func:`indicators` serve the kept figures when the fingerprint still
matches the store, and compute them afresh when the summary is missing or stale (another
report written, one removed) without writing anything.

The figures are plain data; the web layer adds links. The summary graph holds no
``rdf:type`` triple and is left out of the triple count, so the kept figures equal the
computed ones.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from typing import Any

from bqw.analytics.results import DEFAULT_BASE
from bqw.analytics.vocabulary import entity_types, local_name
from bqw.store import Store
from bqw.store import terms as nt

_RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
_RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
_IDENTIFIER = "http://purl.org/dc/terms/identifier"
#: Bump when the figures change shape, so a summary written by older code is recomputed.
FORMAT = "1"

_FINGERPRINT = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT ?g ?hash WHERE { GRAPH ?g { ?document a bqw:Document ; bqw:sha256 ?hash } }"""
_KEPT = f"SELECT ?g ?figures ?key WHERE {{ GRAPH ?g {{ ?g <{_RDF_VALUE}> ?figures ; <{_IDENTIFIER}> ?key }} }}"
_TYPE_COUNTS = "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
_TRIPLES = "SELECT ?summary (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?summary) } GROUP BY ?summary"
# The labels are read apart: an indicator named in every report has its label once per report
# graph, and joining them here multiplied each figure by that many rows (15 s at 1M triples).
_INDICATORS = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT ?indicator (COUNT(DISTINCT ?obs) AS ?figures)
       (COUNT(DISTINCT ?area) AS ?areas) (COUNT(DISTINCT ?period) AS ?periods)
       (SUM(IF(BOUND(?masked) && ?masked, 1, 0)) AS ?redacted) WHERE {
  ?obs a bqw:Observation ; bqw:indicator ?indicator .
  OPTIONAL { ?obs bqw:area ?area }
  OPTIONAL { ?obs bqw:period ?period }
  OPTIONAL { ?obs bqw:masked ?masked }
} GROUP BY ?indicator"""
_INDICATOR_NAMES = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?indicator (SAMPLE(?label) AS ?name) WHERE {
  { SELECT DISTINCT ?indicator WHERE { ?obs bqw:indicator ?indicator } }
  ?indicator rdfs:label ?label
} GROUP BY ?indicator"""


def summary_graph(base: str = DEFAULT_BASE) -> str:
    """The IRI of the named graph that keeps the summary.

    >>> summary_graph()
    'https://w3id.org/bqw/graph/summary'
    """
    return f"{base if base.endswith(('/', '#')) else base + '/'}graph/summary"


def fingerprint(store: Store) -> str:
    """A hash of the report documents in the store and their text hashes (changes with any ingest or remove)."""
    rows = sorted(f"{row['g']} {row['hash']}" for row in store.select(_FINGERPRINT))
    return hashlib.sha256(("\n".join([FORMAT, *rows])).encode("utf-8")).hexdigest()


def _value(term: str | None) -> str | None:
    if term is None:
        return None
    return str(nt.to_json(term)["value"])


def _int(term: str | None) -> int:
    return int(_value(term) or 0)


def compute(store: Store, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The summary figures, computed from the store: ``{"stats": {…}, "indicators": [...]}``."""
    by_type: dict[str, int] = {}
    for row in store.select(_TYPE_COUNTS):
        by_type[local_name(_value(row["type"]) or "")] = _int(row["n"])
    known = entity_types()
    entities = {name: count for name, count in sorted(by_type.items(), key=lambda i: -i[1]) if name in known}
    triples = sum(_int(row["n"]) for row in store.select(_TRIPLES, {"summary": nt.iri(summary_graph(base))}))
    stats = {
        "reports": by_type.get("Document", 0),
        "entities": sum(entities.values()),
        "entities_by_type": entities,
        "observations": by_type.get("Observation", 0),
        "sentences": by_type.get("Sentence", 0),
        "mentions": by_type.get("Mention", 0),
        "triples": triples,
    }
    names = {row["indicator"]: row.get("name") for row in store.select(_INDICATOR_NAMES)}
    indicators = [
        {
            "iri": _value(row["indicator"]) or "",
            "name": _value(names.get(row["indicator"])),
            "figures": _int(row.get("figures")),
            "areas": _int(row.get("areas")),
            "periods": _int(row.get("periods")),
            "redacted": _int(row.get("redacted")),
        }
        for row in store.select(_INDICATORS)
    ]
    indicators.sort(key=lambda r: (-r["figures"], r["iri"]))
    return {"stats": stats, "indicators": indicators}


def refresh(store: Store, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """Compute the figures and keep them in the summary graph (one atomic graph write); returns them."""
    key = fingerprint(store)
    figures = compute(store, base)
    graph = nt.iri(summary_graph(base))
    text = json.dumps(figures, ensure_ascii=False)
    store.replace_graph(
        summary_graph(base),
        [
            f"{graph} {nt.iri(_RDF_VALUE)} {nt.literal(text, datatype=_RDF_JSON)} .",
            f"{graph} {nt.iri(_IDENTIFIER)} {nt.literal(key)} .",
        ],
    )
    return figures


def forget(store: Store, base: str = DEFAULT_BASE) -> None:
    """Drop the kept figures: a write that is not an ingest (Graph Store, SPARQL Update) may change them.

    The fingerprint sees reports come and go, not other graphs or edits inside a report,
    so the endpoints that take such writes forget the summary; pages compute the figures
    until the next ``bqw ingest`` or ``bqw remove`` keeps them again.
    """
    if store.has_graph(summary_graph(base)):
        store.drop_graph(summary_graph(base))


def kept(store: Store, base: str = DEFAULT_BASE) -> dict[str, Any] | None:
    """The kept figures if they describe the store as it is now; None when missing or stale."""
    graph = nt.iri(summary_graph(base))
    row = next(iter(store.select(_KEPT, {"g": graph})), None)
    if row is None or _value(row.get("key")) != fingerprint(store):
        return None
    try:
        figures = json.loads(_value(row.get("figures")) or "")
    except ValueError:
        return None
    return figures if isinstance(figures, dict) and {"stats", "indicators"} <= figures.keys() else None


# The figures last read from (or computed for) each embedded store, as JSON, with the store's
# generation then: an unchanged generation means an unchanged store, so `bqw serve` reads
# or computes them once per write instead of checking the fingerprint on every page (one
# row per report: 240 ms at 10M triples).
_remembered: weakref.WeakKeyDictionary[Any, tuple[int, str, str]] = weakref.WeakKeyDictionary()


def figures(store: Store, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The kept figures when current, else computed now (and not kept: reading never writes)."""
    generation = store.generation
    if generation is not None:
        memo = _remembered.get(store)
        if memo is not None and memo[:2] == (generation, base):
            found: dict[str, Any] = json.loads(memo[2])
            return found
    found = kept(store, base) or compute(store, base)
    if generation is not None:
        _remembered[store] = (generation, base, json.dumps(found, ensure_ascii=False))
    return found


def stats(store: Store, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """Counts of the whole store: reports, entities (by type), observations, sentences, mentions, triples."""
    return dict(figures(store, base)["stats"])


def indicators(store: Store, base: str = DEFAULT_BASE) -> list[dict[str, Any]]:
    """Every indicator (IRI, label or None, figures, areas, periods, redacted figures), most figures first."""
    return list(figures(store, base)["indicators"])
