"""A fast SHACL validator for the SHACL-Core subset that ``ontology/shapes.ttl`` uses.

pyshacl parses every SPARQL-based constraint again for each focus node, which costs about a
second per report; this validator compiles the shapes once and checks a report graph in a
few milliseconds, so ``bqw ingest`` can afford to validate every report. ``bqw validate``
keeps pyshacl (full SHACL); ``tests/rdf/test_shacl_core.py`` checks that both find the
same violations on every sample report and on a broken graph per constraint kind.

Supported (anything else in the shapes graph is refused with :class:`UnsupportedShapes`
when the shapes load, never skipped):

* targets: ``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
* paths: a predicate, or ``[ sh:inversePath p ]``;
* constraints: ``sh:class``, ``sh:datatype``, ``sh:minCount``, ``sh:maxCount``, ``sh:pattern``
  (with ``sh:flags``), ``sh:minInclusive``, ``sh:lessThan``, ``sh:hasValue``,
  ``sh:languageIn``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` /
  ``sh:qualifiedMaxCount``, ``sh:property``, ``sh:or``, ``sh:and``, and ``sh:sparql``
  SELECT constraints on node shapes (prefixes through ``sh:prefixes``/``sh:declare``);
* ``sh:message`` and ``sh:severity``.

As with pyshacl's ``ont_graph``, the ontology is part of the data: classes reach their
instances through ``rdfs:subClassOf``. SPARQL constraints run on an in-memory pyoxigraph
store holding the report graph and the ontology, once for all focus nodes rather than once
per node; that is the same answer only for queries where ``$this`` is a plain variable of
the pattern, so queries with sub-selects, aggregates, ``VALUES``, ``BIND``, ``MINUS``,
``EXISTS``, ``SERVICE``, ``GRAPH``, ``UNION`` or limits are refused too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from bqw.errors import BqwError

Term = Node
# A result before it becomes a Violation: focus, path (None on node shapes or inverse paths),
# message, severity, constraint component.
Result = tuple[Term, "str | None", str, str, str]


class UnsupportedShapes(BqwError):
    """The shapes use a SHACL feature this validator does not implement."""


@dataclass(frozen=True)
class Path:
    """A predicate path or an inverse predicate path."""

    predicate: URIRef
    inverse: bool = False

    def reported(self) -> str | None:
        """The path as results report it: the predicate IRI, or None for an inverse path."""
        return None if self.inverse else str(self.predicate)


class Data:
    """A report graph plus the ontology, indexed for the lookups the constraints make."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.out: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
        self.into: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
        self.pairs: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in triples:
            self.out[(s, p)].append(o)
            self.into[(o, p)].append(s)
            self.pairs[p].append((s, o))
        self._supers = _closure(self.pairs.get(RDFS.subClassOf, []))

    def values(self, node: Node, path: Path) -> list[Node]:
        """The value nodes of ``node`` along ``path``."""
        if path.inverse:
            return self.into.get((node, path.predicate), [])
        return self.out.get((node, path.predicate), [])

    def classes_of(self, node: Node) -> set[Node]:
        """Every class ``node`` is an instance of, through ``rdfs:subClassOf``."""
        found: set[Node] = set()
        for type_ in self.out.get((node, RDF.type), []):
            found.add(type_)
            found |= self._supers.get(type_, set())
        return found

    def instances(self, cls: Node) -> list[Node]:
        """Instances of ``cls`` or of its subclasses, each once, in data order."""
        seen: dict[Node, None] = {}
        for s, type_ in self.pairs.get(RDF.type, []):
            if type_ == cls or cls in self._supers.get(type_, ()):
                seen.setdefault(s, None)
        return list(seen)


def _closure(edges: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Every class's strict superclasses (transitive), for ``rdfs:subClassOf`` edges."""
    direct: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in edges:
        direct[sub].add(sup)
    closed: dict[Node, set[Node]] = {}
    for start in direct:
        found: set[Node] = set()
        todo = list(direct[start])
        while todo:
            cls = todo.pop()
            if cls not in found:
                found.add(cls)
                todo.extend(direct.get(cls, ()))
        closed[start] = found
    return closed


# -- constraints -------------------------------------------------------------------------

# check(data, focus, value nodes) → offending value nodes or None (one result per item; None
# stands for "the focus node" in results that carry no value).
Check = Callable[[Data, Term, list[Term]], list[Any]]


@dataclass
class Constraint:
    """One constraint component of one shape."""

    component: str
    check: Check
    message: str


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape, compiled."""

    node: Node
    path: Path | None
    message: str | None
    severity: str
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    def value_nodes(self, data: Data, focus: Term) -> list[Term]:
        return [focus] if self.path is None else data.values(focus, self.path)

    def results(self, data: Data, focus: Term) -> list[Result]:
        """The results for one focus node (SPARQL constraints excepted: see :meth:`Validator.validate`)."""
        values = self.value_nodes(data, focus)
        path = self.path.reported() if self.path is not None else None
        found: list[Result] = []
        for constraint in self.constraints:
            for _bad in constraint.check(data, focus, values):
                found.append((focus, path, self.message or constraint.message, self.severity, constraint.component))
        for prop in self.properties:
            for value in values:
                found.extend(prop.results(data, value))
        return found

    def conforms(self, data: Data, focus: Term) -> bool:
        if self.sparql:
            raise UnsupportedShapes("a SPARQL constraint inside sh:or, sh:and or a qualified shape")
        return not self.results(data, focus)


@dataclass
class SparqlConstraint:
    """An ``sh:sparql`` SELECT constraint, with ``$this`` made a plain variable."""

    query: str
    message: str | None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _less(a: Term, b: Term) -> bool:
    """SPARQL ``a < b`` as pyshacl evaluates it for ``sh:lessThan`` (incomparable: False)."""
    a_value = str(a) if isinstance(a, URIRef) else a.value if isinstance(a, Literal) else None
    b_value = str(b) if isinstance(b, URIRef) else b.value if isinstance(b, Literal) else None
    if a_value is None or b_value is None:
        return False
    if isinstance(a_value, str) != isinstance(b_value, str):
        return False
    if isinstance(a_value, str):
        return a_value < b_value
    try:
        return bool(a < b)
    except TypeError:
        return False


_PYTHON_TYPES: dict[URIRef, tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: (int,),
    XSD.decimal: (Decimal,),
    XSD.boolean: (bool,),
    XSD.float: (float,),
}


def _has_datatype(value: Term, datatype: URIRef) -> bool:
    """``sh:datatype`` as pyshacl checks it: the datatype, and a well-formed lexical form."""
    if not isinstance(value, Literal):
        return False
    if datatype == RDFS.Literal:
        return True
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
    elif not (
        (value.datatype is None and value.language is None and datatype == XSD.string)
        or (datatype == RDF.langString and value.language)
    ):
        return False
    expected = _PYTHON_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


def _min_inclusive(bound: Literal) -> Callable[[Term], bool]:
    def ok(value: Term) -> bool:
        if not isinstance(value, Literal):
            return False
        if isinstance(bound.value, str) != isinstance(value.value, str):
            return False
        if _is_number(bound.value) and _is_number(value.value):
            return bool(bound.value <= value.value)
        try:
            return bool(bound <= value)
        except TypeError:
            return False

    return ok


def _language_matches(value: Term, ranges: set[str]) -> bool:
    if not isinstance(value, Literal) or not value.language:
        return False
    if "*" in ranges:
        return True
    language = value.language.lower()
    return language in ranges or language.split("-")[0] in ranges


def _each(ok: Callable[[Term], bool]) -> Check:
    """A check that reports every value node failing ``ok``."""
    return lambda _data, _focus, values: [v for v in values if not ok(v)]


def _once(failed: Callable[[Data, Term, list[Term]], bool]) -> Check:
    """A check that reports the focus node once when ``failed``."""
    return lambda data, focus, values: [None] if failed(data, focus, values) else []


# -- loading the shapes ------------------------------------------------------------------

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Predicates a shape node may carry; anything else from the sh: namespace is refused.
_SHAPE_KEYS = frozenset(
    {
        *_TARGETS,
        SH.path,
        SH.message,
        SH.severity,
        SH.property,
        SH["class"],
        SH.datatype,
        SH.minCount,
        SH.maxCount,
        SH.pattern,
        SH.flags,
        SH.minInclusive,
        SH.lessThan,
        SH.hasValue,
        SH.languageIn,
        SH.qualifiedValueShape,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH["or"],
        SH["and"],
        SH.sparql,
    }
)
_OTHER_KEYS = frozenset({RDF.type, RDFS.label, RDFS.comment})
_SHAPE_TYPES = frozenset({SH.NodeShape, SH.PropertyShape})
# Non-shape uses of the sh: namespace that are understood: paths, SPARQL constraints, prefixes.
_AUXILIARY = frozenset({SH.inversePath, SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace})
_SPARQL_REFUSED = re.compile(
    r"\b(GROUP|HAVING|VALUES|BIND|MINUS|EXISTS|SERVICE|GRAPH|UNION|LIMIT|OFFSET|ORDER)\b|\$(?!this\b)|"
    r"\b(SUM|COUNT|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT)\s*\(",
    re.IGNORECASE,
)


class Validator:
    """Shapes compiled for repeated validation.

    Raises:
        UnsupportedShapes: (from the constructor) the shapes use a feature not listed in the
            module docstring.
    """

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.g = shapes
        self._check_vocabulary()
        self._compiled: dict[Node, Shape] = {}
        self.targeted: list[tuple[Shape, list[tuple[URIRef, Node]]]] = []
        for node in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str):
            targets = [(t, o) for t in _TARGETS for o in shapes.objects(node, t)]
            self.targeted.append((self._shape(node), targets))
        self.ontology = tuple(ontology)
        self._ontology_nt = _ntriples(ontology)

    # -- validation ----------------------------------------------------------------------

    def validate(self, graph: Iterable[tuple[Node, Node, Node]], ntriples: bytes | None = None) -> list[Result]:
        """The results for ``graph``, the report graph (``ntriples``: the same graph as
        N-Triples, when the caller has it, for the SPARQL constraints)."""
        data = Data({*graph, *self.ontology})
        found: list[Result] = []
        store: ox.Store | None = None
        for shape, targets in self.targeted:
            focus_nodes = _focus_nodes(data, targets)
            for focus in focus_nodes:
                found.extend(shape.results(data, focus))
            if shape.sparql and focus_nodes:
                if store is None:
                    store = ox.Store()
                    store.load(ntriples if ntriples is not None else _ntriples(graph), ox.RdfFormat.N_TRIPLES)
                    store.load(self._ontology_nt, ox.RdfFormat.N_TRIPLES)
                found.extend(_sparql_results(store, shape, focus_nodes))
        return found

    # -- compiling -----------------------------------------------------------------------

    def _check_vocabulary(self) -> None:
        allowed = _SHAPE_KEYS | _AUXILIARY
        for predicate in sorted(set(self.g.predicates()), key=str):
            if str(predicate).startswith(str(SH)) and predicate not in allowed:
                raise UnsupportedShapes(f"the shapes use {predicate}, which the fast validator does not implement")
        for node, type_ in self.g.subject_objects(RDF.type):
            if type_ in (RDFS.Class, OWL.Class) and (node, RDF.type, SH.NodeShape) in self.g:
                raise UnsupportedShapes(f"{node} is a shape and a class (implicit class target): not implemented")
            if str(type_).startswith(str(SH)) and type_ not in _SHAPE_TYPES | {SH.SPARQLConstraint}:
                raise UnsupportedShapes(f"{node} is a {type_}, which the fast validator does not implement")

    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.g.objects(node, predicate))
        if len(values) > 1:
            raise UnsupportedShapes(f"{node} has {len(values)} values of {predicate}; one is implemented")
        return values[0] if values else None

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def _path(self, node: Node) -> Path | None:
        path = self._one(node, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return Path(path)
        inverse = self._one(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return Path(inverse, inverse=True)
        raise UnsupportedShapes(f"the path of {node} is not a predicate or an inverse predicate")

    def _shape(self, node: Node) -> Shape:
        if node in self._compiled:
            return self._compiled[node]
        for predicate in self.g.predicates(node, None):
            if predicate not in _SHAPE_KEYS | _OTHER_KEYS:
                raise UnsupportedShapes(f"the shape {node} uses {predicate}, which is not implemented")
        message = self._one(node, SH.message)
        severity = self._one(node, SH.severity)
        shape = Shape(
            node,
            self._path(node),
            str(message) if message is not None else None,
            severity.fragment if isinstance(severity, URIRef) else "Violation",
        )
        self._compiled[node] = shape
        self._constraints(node, shape)
        return shape

    def _constraints(self, node: Node, shape: Shape) -> None:
        add = shape.constraints.append
        for cls in self.g.objects(node, SH["class"]):
            message = f"Value is not an instance of {cls}"
            add(Constraint("ClassConstraintComponent", _each_in(_class_check(cls)), message))
        datatype = self._one(node, SH.datatype)
        if datatype is not None:
            assert isinstance(datatype, URIRef)
            add(
                Constraint(
                    "DatatypeConstraintComponent",
                    _each(lambda v, d=datatype: _has_datatype(v, d)),
                    f"Value is not a Literal with datatype {datatype}",
                )
            )
        low = self._one(node, SH.minCount)
        if low is not None:
            n = int(low)
            add(Constraint("MinCountConstraintComponent", _once(lambda _d, _f, v: len(v) < n), f"Less than {n} values"))
        high = self._one(node, SH.maxCount)
        if high is not None:
            m = int(high)
            add(Constraint("MaxCountConstraintComponent", _once(lambda _d, _f, v: len(v) > m), f"More than {m} values"))
        pattern = self._one(node, SH.pattern)
        if pattern is not None:
            flags = self._one(node, SH.flags)
            regex = re.compile(str(pattern), _regex_flags(str(flags or "")))
            add(
                Constraint(
                    "PatternConstraintComponent",
                    _each(lambda v: not isinstance(v, BNode) and regex.search(str(v)) is not None),
                    f"Value does not match pattern {pattern!r}",
                )
            )
        for bound in self.g.objects(node, SH.minInclusive):
            assert isinstance(bound, Literal)
            add(Constraint("MinInclusiveConstraintComponent", _each(_min_inclusive(bound)), f"Value is not >= {bound}"))
        for other in self.g.objects(node, SH.lessThan):
            if shape.path is None or not isinstance(other, URIRef):
                raise UnsupportedShapes(f"sh:lessThan on {node} needs a property shape and an IRI")
            add(Constraint("LessThanConstraintComponent", _less_than_check(other), f"Value is not < value of {other}"))
        for required in self.g.objects(node, SH.hasValue):
            add(
                Constraint(
                    "HasValueConstraintComponent",
                    _once(lambda _d, _f, v, r=required: r not in v),
                    f"Missing expected value {required}",
                )
            )
        languages = self._one(node, SH.languageIn)
        if languages is not None:
            ranges = {str(x).lower() for x in self._list(languages)}
            add(
                Constraint(
                    "LanguageInConstraintComponent",
                    _each(lambda v: _language_matches(v, ranges)),
                    f"Language is not in {sorted(ranges)}",
                )
            )
        self._qualified(node, shape)
        self._logical(node, shape)
        for prop in self.g.objects(node, SH.property):
            shape.properties.append(self._shape(prop))
        for constraint in self.g.objects(node, SH.sparql):
            if shape.path is not None:
                raise UnsupportedShapes(f"a SPARQL constraint on the property shape {node} is not implemented")
            shape.sparql.append(self._sparql(constraint))

    def _qualified(self, node: Node, shape: Shape) -> None:
        inner = self._one(node, SH.qualifiedValueShape)
        low, high = self._one(node, SH.qualifiedMinCount), self._one(node, SH.qualifiedMaxCount)
        if inner is None:
            if low is not None or high is not None:
                raise UnsupportedShapes(f"{node}: a qualified count without sh:qualifiedValueShape")
            return
        qualified = self._shape(inner)

        def count(data: Data, values: list[Term]) -> int:
            return sum(1 for v in values if qualified.conforms(data, v))

        if low is not None:
            n = int(low)
            shape.constraints.append(
                Constraint(
                    "QualifiedMinCountConstraintComponent",
                    _once(lambda d, _f, v: count(d, v) < n),
                    f"Less than {n} values conform to the qualified shape",
                )
            )
        if high is not None:
            m = int(high)
            shape.constraints.append(
                Constraint(
                    "QualifiedMaxCountConstraintComponent",
                    _once(lambda d, _f, v: count(d, v) > m),
                    f"More than {m} values conform to the qualified shape",
                )
            )

    def _logical(self, node: Node, shape: Shape) -> None:
        for members in self.g.objects(node, SH["or"]):
            alternatives = [self._shape(m) for m in self._list(members)]
            shape.constraints.append(
                Constraint(
                    "OrConstraintComponent",
                    _each_in(lambda d, v, shapes=alternatives: any(s.conforms(d, v) for s in shapes)),
                    "Node does not conform to any shape of sh:or",
                )
            )
        for members in self.g.objects(node, SH["and"]):
            parts = [self._shape(m) for m in self._list(members)]
            shape.constraints.append(
                Constraint(
                    "AndConstraintComponent",
                    _each_in(lambda d, v, shapes=parts: all(s.conforms(d, v) for s in shapes)),
                    "Node does not conform to every shape of sh:and",
                )
            )

    def _sparql(self, node: Node) -> SparqlConstraint:
        for predicate in self.g.predicates(node, None):
            if predicate not in {RDF.type, SH.select, SH.message, SH.prefixes, RDFS.comment}:
                raise UnsupportedShapes(f"the SPARQL constraint {node} uses {predicate}, which is not implemented")
        select = self._one(node, SH.select)
        if select is None:
            raise UnsupportedShapes(f"the SPARQL constraint {node} has no sh:select")
        text = str(select)
        body = re.sub(r"(?s)^.*?\bWHERE\b", "", text, count=1, flags=re.IGNORECASE)
        head = text[: len(text) - len(body)]
        if (
            _SPARQL_REFUSED.search(text)
            or len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1
            or "$this" not in head
            or re.search(r"\bOPTIONAL\s*\{[^{}]*\$this", body, re.IGNORECASE)
        ):
            raise UnsupportedShapes(
                f"the SPARQL constraint {node} is not a plain SELECT $this pattern; the fast validator runs it "
                "once for all focus nodes, which is only the same answer for such queries"
            )
        prefixes = "".join(
            f"PREFIX {prefix}: <{namespace}>\n"
            for source in self.g.objects(node, SH.prefixes)
            for declaration in self.g.objects(source, SH.declare)
            for prefix in self.g.objects(declaration, SH.prefix)
            for namespace in self.g.objects(declaration, SH.namespace)
        )
        message = self._one(node, SH.message)
        return SparqlConstraint(prefixes + text.replace("$this", "?this"), str(message) if message else None)


def _each_in(ok: Callable[[Data, Term], bool]) -> Check:
    """A check that reports every value node failing ``ok(data, value)``."""
    return lambda data, _focus, values: [v for v in values if not ok(data, v)]


def _class_check(cls: Node) -> Callable[[Data, Term], bool]:
    def ok(data: Data, value: Term) -> bool:
        return isinstance(value, URIRef | BNode) and cls in data.classes_of(value)

    return ok


def _less_than_check(other: URIRef) -> Check:
    def bad(data: Data, focus: Term, values: list[Term]) -> list[Any]:
        others = data.values(focus, Path(other))
        return [v for v in values for o in others if not _less(v, o)]

    return bad


def _regex_flags(flags: str) -> int:
    table = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
    out = 0
    for flag in flags:
        if flag not in table:
            raise UnsupportedShapes(f"regular expression flag {flag!r} is not implemented")
        out |= table[flag]
    return out


def _focus_nodes(data: Data, targets: list[tuple[URIRef, Node]]) -> list[Term]:
    seen: dict[Term, None] = {}
    for kind, value in targets:
        if kind == SH.targetClass:
            nodes: Iterable[Term] = data.instances(value)
        elif kind == SH.targetNode:
            nodes = [value]
        elif kind == SH.targetSubjectsOf:
            nodes = (s for s, _o in data.pairs.get(value, []))
        else:
            nodes = (o for _s, o in data.pairs.get(value, []))
        for node in nodes:
            seen.setdefault(node, None)
    return list(seen)


def _ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    graph = triples if isinstance(triples, Graph) else Graph()
    if graph is not triples:
        for triple in triples:
            graph.add(triple)
    return graph.serialize(format="nt", encoding="utf-8")


def _rdflib_key(term: Term) -> str:
    """The N-Triples spelling of an rdflib node, to match pyoxigraph's."""
    return term.n3()


def _sparql_results(store: ox.Store, shape: Shape, focus_nodes: list[Term]) -> list[Result]:
    by_key = {_rdflib_key(node): node for node in focus_nodes}
    found: list[Result] = []
    for constraint in shape.sparql:
        solutions = store.query(constraint.query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            this = row["this"]
            focus = by_key.get(str(this)) if this is not None else None
            if focus is None:
                continue
            path = row["path"] if "path" in [v.value for v in solutions.variables] else None
            message = constraint.message or shape.message or "SPARQL constraint found a violation"
            found.append(
                (
                    focus,
                    path.value if isinstance(path, ox.NamedNode) else None,
                    message,
                    shape.severity,
                    "SPARQLConstraintComponent",
                )
            )
    return found
