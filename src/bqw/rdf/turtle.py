"""Turtle and TriG written from N-Triples terms, keeping every literal exactly as stored.

rdflib's Turtle and TriG writers shorten ``xsd:double`` values (``0.012797832154`` becomes
``1.279783e-02``), which changes the graph measures; N-Triples terms are valid Turtle, so
writing them as they are and grouping by subject loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PREFIXES = {
    "bqw": "https://w3id.org/bqw/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

Triple = tuple[str, str, str]


def short(term: str) -> str:
    """A predicate IRI as a prefixed name when one of our prefixes fits, else as it is."""
    for prefix, namespace in PREFIXES.items():
        local = term[1 + len(namespace) : -1]
        if term.startswith("<" + namespace) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return "a" if term == _RDF_TYPE else term


def _blocks(triples: Iterable[Triple], indent: str = "") -> list[str]:
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    return [
        f"{indent}{subject}\n{indent}    " + f" ;\n{indent}    ".join(f"{short(p)} {o}" for p, o in pairs) + " ."
        for subject, pairs in by_subject.items()
    ]


def _header() -> list[str]:
    return [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES.items()]


def turtle(triples: Iterable[Triple]) -> str:
    """Turtle grouped by subject; terms stay in their N-Triples spelling.

    >>> print(turtle([("<http://a>", "<https://w3id.org/bqw/ontology#pageRank>", '"0.0127"^^<http://www.w3.org/2001/XMLSchema#double>')]).splitlines()[-1])
        bqw:pageRank "0.0127"^^<http://www.w3.org/2001/XMLSchema#double> .
    """
    return "\n\n".join(["\n".join(_header()), *_blocks(triples)]) + "\n"


def trig(quads: Iterable[tuple[str, str, str, str]]) -> str:
    """TriG: one block per named graph, each grouped by subject."""
    graphs: dict[str, list[Triple]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(g, []).append((s, p, o))
    parts = ["\n".join(_header())]
    for graph, triples in graphs.items():
        parts.append(f"{graph} {{\n" + "\n\n".join(_blocks(triples, "    ")) + "\n}")
    return "\n\n".join(parts) + "\n"
