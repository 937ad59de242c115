"""SHACL validation of a report graph against ``ontology/shapes.ttl``.

A report graph is validated on its own, with the ontology mixed in so that
``sh:targetClass bqw:NamedEntity`` reaches every entity type through ``rdfs:subClassOf``.

Two engines give the same violations: :func:`validate` runs pyshacl (full SHACL, for
``bqw validate``); :func:`validate_fast` runs :mod:`bqw.rdf.shacl_core`, compiled once per
process for the subset ``ontology/shapes.ttl`` uses, for ``bqw ingest``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from bqw.rdf.ontology import ontology, shapes
from bqw.rdf.shacl_core import Validator


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the path, and what is wrong.

    ``constraint`` names the constraint component (``MinCountConstraintComponent``…);
    ``path`` is None on a node shape's constraints and on inverse paths.
    """

    focus: str
    path: str | None
    message: str
    severity: str
    constraint: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of one validation."""

    conforms: bool
    violations: tuple[Violation, ...]


def validate(graph: Graph) -> Report:
    """Validate one report graph.

    >>> validate(Graph()).conforms
    True
    """
    conforms, results, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return Report(bool(conforms), tuple(_violations(results)))


@cache
def _validator() -> Validator:
    return Validator(shapes(), ontology())


def validate_fast(graph: Iterable[tuple[Node, Node, Node]], ntriples: bytes | None = None) -> Report:
    """Validate one report graph with the compiled SHACL-Core validator (same violations as :func:`validate`).

    Args:
        graph: the report graph (an rdflib graph or a set of its triples).
        ntriples: the same graph as N-Triples, when the caller has it already.

    Raises:
        bqw.rdf.shacl_core.UnsupportedShapes: the shapes use a feature the fast validator lacks.

    >>> validate_fast(Graph()).conforms
    True
    """
    found = [
        Violation(str(focus), path, message, severity, constraint)
        for focus, path, message, severity, constraint in _validator().validate(graph, ntriples)
    ]
    found.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(not any(v.severity == "Violation" for v in found), tuple(found))


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = [str(m) for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        found.append(
            Violation(
                str(focus),
                str(path) if isinstance(path, URIRef) else None,
                "; ".join(sorted(messages)) or "does not conform",
                severity.fragment if isinstance(severity, URIRef) else "Violation",
                component.fragment if isinstance(component, URIRef) else "",
            )
        )
    found.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return found
