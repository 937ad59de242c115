"""The ontology terms analytics reads and writes, as plain IRI strings.

Entity classes come from ``ontology/bqw.ttl`` (every subclass of ``bqw:NamedEntity``), so a
class added there is projected without a change here. The measure properties are the ones
declared in ``ontology/analytics.ttl``; a test checks that both lists agree.

>>> "Village" in entity_types()
True
>>> sorted(subtypes(["Area"]))[:3]
['AdministrativeArea', 'Area', 'City']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import RDFS, URIRef

from bqw.errors import InputError
from bqw.rdf.ontology import ontology

BQW = "https://w3id.org/bqw/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Facts between two entities. ``bqw:investment`` is left out: its object is an Amount, not an entity.
FACT_PROPERTIES: tuple[str, ...] = ("awarded", "locatedIn", "partOf", "implements", "organizedBy")

#: Edge property of the co-mention edges; not an ontology term, it never leaves networkx.
CO_MENTION = "coMention"

#: Measure name → (property local name in ontology/analytics.ttl, XSD datatype local name).
MEASURE_PROPERTIES: dict[str, tuple[str, str]] = {
    "degree": ("degree", "integer"),
    "pagerank": ("pageRank", "double"),
    "betweenness": ("betweenness", "double"),
    "communities": ("community", "integer"),
    "components": ("component", "integer"),
}


def term(local: str) -> str:
    """The IRI of a bqw term from its local name."""
    return BQW + local


def local_name(iri: str) -> str:
    """The part of a bqw IRI after ``#`` (any other IRI is returned as it is)."""
    return iri[len(BQW) :] if iri.startswith(BQW) else iri


@cache
def _superclasses() -> dict[str, frozenset[str]]:
    """Entity class local name → the entity classes it is a (reflexive, transitive) subclass of."""
    graph = ontology()
    parents: dict[str, set[str]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef) and str(parent).startswith(BQW):
            parents.setdefault(local_name(str(child)), set()).add(local_name(str(parent)))

    def closure(name: str) -> frozenset[str]:
        seen = {name}
        todo = [name]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    candidates = set(parents) | {p for ps in parents.values() for p in ps}
    return {name: closure(name) for name in candidates if "NamedEntity" in closure(name)}


def entity_types() -> frozenset[str]:
    """Local names of ``bqw:NamedEntity`` and all its subclasses."""
    return frozenset(_superclasses())


def depth(type_name: str) -> int:
    """How many entity classes ``type_name`` is a subclass of (more means more specific)."""
    return len(_superclasses().get(type_name, ()))


def subtypes(names: Iterable[str]) -> frozenset[str]:
    """The entity classes named (local names or full IRIs) and all their subclasses.

    Raises:
        bqw.errors.InputError: a name is not an entity class of the ontology (a typo is an
            error, not an empty result).
    """
    supers = _superclasses()
    wanted = set()
    for name in names:
        short = local_name(name)
        if short not in supers:
            known = ", ".join(sorted(supers))
            raise InputError(f"{name!r} is not an entity type; known types: {known}")
        wanted.add(short)
    return frozenset(child for child, ancestors in supers.items() if ancestors & wanted)
