"""SHACL validation of a report graph against ``ontology/shapes.ttl``.

A report graph is validated on its own, with the ontology mixed in so that
``sh:targetClass bqw:NamedEntity`` reaches every entity type through ``rdfs:subClassOf``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from bqw.rdf.ontology import ontology, shapes


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the path, and what is wrong."""

    focus: str
    path: str | None
    message: str
    severity: str

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


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = [str(m) for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                str(focus),
                str(path) if isinstance(path, URIRef) else None,
                "; ".join(sorted(messages)) or "does not conform",
                severity.fragment if isinstance(severity, URIRef) else "Violation",
            )
        )
    found.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return found
