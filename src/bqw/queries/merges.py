"""Cross-report merges for review: every entity that more than one report names, and the rule why.

Each report graph records, for every entity it names, the identity rule that gave the
entity its IRI (``bqw:identityRule``, see :mod:`bqw.rdf.iris`). An IRI that appears in
several report graphs is a merge; this module lists them, so a person can check them and
undo a wrong one with a ``[[split]]`` rule (:mod:`bqw.rdf.resolution`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bqw.store.base import Store
from bqw.store.terms import to_json

ONTOLOGY = "https://w3id.org/bqw/ontology#"
_RULES = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?entity ?type ?rule ?report WHERE {
  GRAPH ?g {
    ?entity bqw:identityRule ?rule ; a ?type .
    ?doc a bqw:Document ; dcterms:source ?report .
  }
}
"""
_LABELS = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label WHERE { ?entity bqw:identityRule ?rule ; rdfs:label ?label }
"""


@dataclass(frozen=True)
class Merge:
    """One entity named by several reports.

    Attributes:
        entity: its IRI.
        label: its name (the official name for coded areas).
        type: its class's local name (``Village``); several joined by ``/`` if reports disagree.
        rules: the identity rules that gave it its IRI, by local name.
        reports: the reports that name it, sorted.
    """

    entity: str
    label: str
    type: str
    rules: tuple[str, ...]
    reports: tuple[str, ...]


def _local(iri: str) -> str:
    return iri[len(ONTOLOGY) :] if iri.startswith(ONTOLOGY) else iri


def merges(store: Store, *, min_reports: int = 2, type_: str | None = None) -> list[Merge]:
    """Entities named by at least ``min_reports`` reports, most reports first.

    Args:
        store: the store.
        min_reports: how many reports must name an entity for it to count.
        type_: only entities of this class (local name such as ``Village``).
    """
    types: dict[str, set[str]] = defaultdict(set)
    rules: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_RULES):
        entity = to_json(row["entity"])["value"]
        types[entity].add(_local(to_json(row["type"])["value"]))
        rules[entity].add(_local(to_json(row["rule"])["value"]))
        reports[entity].add(to_json(row["report"])["value"])
    labels: dict[str, str] = {}
    for row in store.select(_LABELS):
        entity = to_json(row["entity"])["value"]
        label = to_json(row["label"])["value"]
        # Deterministic when reports word a name differently: the shortest, then first in order.
        if entity not in labels or (len(label), label) < (len(labels[entity]), labels[entity]):
            labels[entity] = label
    out = [
        Merge(
            entity,
            labels.get(entity, entity),
            "/".join(sorted(types[entity])),
            tuple(sorted(rules[entity])),
            tuple(sorted(names)),
        )
        for entity, names in reports.items()
        if len(names) >= min_reports and (type_ is None or type_ in types[entity])
    ]
    return sorted(out, key=lambda m: (-len(m.reports), m.type, m.label))


def rule_counts(found: list[Merge]) -> dict[str, int]:
    """How many merges each rule made (a merge with several rules counts for each)."""
    counts: dict[str, int] = defaultdict(int)
    for merge in found:
        for rule in merge.rules:
            counts[rule] += 1
    return dict(sorted(counts.items()))
