"""Extraction → RDF: one graph for what a report says, one for the shared area hierarchy.

The report graph holds the document (title, source, year, content hash), its sections and
sentences with offsets, every mention of every entity, the facts, and the observations.
Each fact is also reified as an ``rdf:Statement`` pointing at its sentence, so for any
triple about an entity a SPARQL query finds the sentence text, document, section, item
and character offsets behind it (``src/bqw/queries/provenance.rq``).

The shared graph holds what no single report owns: the official division hierarchy
(type, Chinese label, code, ``partOf``) of the coded areas a report names. Removing a
report never makes it wrong.

Identity across reports is recorded per report: every entity carries the
``bqw:identityRule`` that gave it its IRI in this report's graph, and an area whose name
the context leaves ambiguous carries its ``bqw:candidateDivision`` codes instead of a code.
The document node says which area the report is on, at which level, for which period and
when it was issued, so series of figures can be ordered.

Nothing here mutates the extraction; the same extraction always gives isomorphic graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from bqw.extract import divisions
from bqw.model import Extraction, Observation, Sentence, Span
from bqw.rdf.figures import Figure, amount, decimal_lexical, figure
from bqw.rdf.iris import Minter, Scoper, indicator_name
from bqw.rdf.resolution import Rules
from bqw.rdf.vocab import BQW

# Bump when the mapping changes, so ``bqw ingest`` rewrites graphs built by older rules.
MAPPING_VERSION = "2"
_DIVISION_CLASSES = {
    "Province": BQW.Province,
    "City": BQW.City,
    "County": BQW.County,
    "Town": BQW.Town,
    "Subdistrict": BQW.Subdistrict,
    "Village": BQW.Village,
    "Community": BQW.Community,
    "Zone": BQW.Zone,
}
_RULES = {
    "SameDivisionCode": BQW.SameDivisionCode,
    "SameNameInParent": BQW.SameNameInParent,
    "AgencyOfArea": BQW.AgencyOfArea,
    "SameGlobalName": BQW.SameGlobalName,
    "SameNameInArea": BQW.SameNameInArea,
    "WithinReport": BQW.WithinReport,
    "SplitByRule": BQW.SplitByRule,
}
Triple = tuple[Node, Node, Node]
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
# A file name that starts with its date: 2023-05-chikan-district.txt, 2024-chikan-town.txt.
_NAME_DATE = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:-(?P<month>0[1-9]|1[0-2])(?![0-9]))?")


@dataclass(frozen=True)
class ReportGraphs:
    """The triples of one report.

    Attributes:
        name: the report's identity (its source file name).
        sha256: hash of the report text.
        graph: IRI of the report's named graph.
        triples: what the report says, with provenance (plain triples: ingest needs no graph).
        shared: area hierarchy to merge into the shared graph.
    """

    name: str
    sha256: str
    graph: URIRef
    triples: frozenset[Triple]
    shared: Graph

    @cached_property
    def report(self) -> Graph:
        """The report's triples as an rdflib graph (built on first use)."""
        graph = new_graph()
        for triple in self.triples:
            graph.add(triple)
        return graph


def entity_class(type_: str) -> URIRef:
    """The ontology class of an entity type; an unknown type is an error, not a new term."""
    return URIRef(BQW[type_])


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("bqw", str(BQW._NS))
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("skos", SKOS)
    return graph


def map_extraction(extraction: Extraction, minter: Minter | None = None, rules: Rules | None = None) -> ReportGraphs:
    """The report graph and shared triples of one extraction.

    >>> from bqw.extract import extract_text
    >>> graphs = map_extraction(extract_text("赤坎镇红溪村入选广东省乡村治理示范村。", name="t.txt"))
    >>> str(graphs.graph)
    'https://w3id.org/bqw/graph/report/t.txt'
    """
    minter = minter or Minter()
    return _Mapper(extraction, minter, rules or Rules()).run()


def issued(name: str) -> Literal | None:
    """The date a report's file name starts with, as ``xsd:gYearMonth`` or ``xsd:gYear``.

    >>> issued("2023-05-chikan-district.txt"), issued("district-report-2023.txt")
    (rdflib.term.Literal('2023-05', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')), None)
    """
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    if match["month"]:
        return Literal(f"{match['year']}-{match['month']}", datatype=XSD.gYearMonth)
    return Literal(match["year"], datatype=XSD.gYear)


def report_period(extraction: Extraction) -> str | None:
    """The period a report looks back on: its figures' latest period, else its year.

    A report issued in April 2025 on the year 2024 gives its figures for 2024-01/2024-12;
    that, not the issue date, is what places it in a series.
    """
    periods = [o.period for o in extraction.observations if o.period]
    if periods:
        # ISO intervals sort by their end, then by their start (shorter, later windows last).
        return max(periods, key=lambda p: (p.split("/")[-1], p.split("/")[0]))
    year = extraction.document.year
    return f"{year:04d}-01/{year:04d}-12" if year else None


def ntriples(triples: Iterable[Triple]) -> Iterator[str]:
    """The triples (a graph or a set) as N-Triples lines (no trailing newline), sorted for stable output.

    >>> list(ntriples({(URIRef("urn:a"), RDFS.label, Literal('说 "好"', lang="zh"))}))
    ['<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "说 \\\\"好\\\\""@zh .']
    """
    yield from sorted(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in triples)


def _term(term: Node) -> str:
    if isinstance(term, Literal):
        body = '"' + "".join(_ESCAPES.get(char, char) for char in str(term)) + '"'
        if term.language:
            return f"{body}@{term.language}"
        return f"{body}^^<{term.datatype}>" if term.datatype and term.datatype != XSD.string else body
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


class _Mapper:
    def __init__(self, extraction: Extraction, minter: Minter, rules: Rules) -> None:
        self.x = extraction
        self.minter = minter
        self.rules = rules
        self.doc = minter.document(extraction.document.name)
        self.report: set[Triple] = set()
        self.shared = new_graph()
        self.scoper = Scoper(extraction, minter, rules)
        self.iris = self.scoper.iris(extraction.entities)
        self.by_label = {e.label: e for e in extraction.entities}
        self.sentence_spans = [s.span for s in extraction.sentences]

    def run(self) -> ReportGraphs:
        self.document()
        self.structure()
        self.entities()
        self.facts()
        self.observations()
        info = self.x.document
        graph = self.minter.report_graph(info.name)
        return ReportGraphs(info.name, info.sha256, graph, frozenset(self.report), self.shared)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.report.add((s, p, o))

    def document(self) -> None:
        info = self.x.document
        self.add(self.doc, RDF.type, BQW.Document)
        self.add(self.doc, DCTERMS.source, Literal(info.name))
        self.add(self.doc, DCTERMS.format, Literal(info.format))
        self.add(self.doc, BQW.sha256, Literal(info.sha256))
        self.add(self.doc, BQW.mappingVersion, Literal(MAPPING_VERSION))
        self.add(self.doc, DCTERMS.extent, Literal(info.length, datatype=XSD.integer))
        if info.title:
            self.add(self.doc, DCTERMS.title, Literal(info.title, lang="zh"))
        if info.year:
            self.add(self.doc, DCTERMS.date, Literal(f"{info.year:04d}", datatype=XSD.gYear))
        if info.area and info.area in self.iris:
            self.add(self.doc, BQW.reportsOn, self.iris[info.area])
            area = self.by_label.get(info.area)
            if area is not None and area.type in _DIVISION_CLASSES:
                self.add(self.doc, BQW.areaLevel, _DIVISION_CLASSES[area.type])
        period = report_period(self.x)
        if period:
            self.add(self.doc, BQW.reportPeriod, Literal(period))
        date = issued(info.name)
        if date is not None:
            self.add(self.doc, DCTERMS.issued, date)
        self.add(self.doc, BQW.resolutionRules, Literal(self.rules.digest()))

    def span(self, node: URIRef, span: Span) -> None:
        self.add(node, BQW.start, Literal(span[0], datatype=XSD.integer))
        self.add(node, BQW.end, Literal(span[1], datatype=XSD.integer))

    def section_iri(self, index: int) -> URIRef:
        return self.minter.part(self.doc, "section", index)

    def sentence_iri(self, sentence: Sentence) -> URIRef:
        return self.minter.part(self.doc, "sentence", sentence.index)

    def structure(self) -> None:
        for section in self.x.sections:
            node = self.section_iri(section.index)
            self.add(node, RDF.type, BQW.Section)
            self.add(node, BQW.inDocument, self.doc)
            self.add(node, BQW.index, Literal(section.index, datatype=XSD.integer))
            self.add(node, BQW.heading, Literal(section.heading, lang="zh"))
            self.add(node, BQW.level, Literal(section.level, datatype=XSD.integer))
            self.span(node, section.span)
            if section.parent is not None:
                self.add(node, BQW.parentSection, self.section_iri(section.parent))
        for sentence in self.x.sentences:
            node = self.sentence_iri(sentence)
            self.add(node, RDF.type, BQW.Sentence)
            self.add(node, BQW.inDocument, self.doc)
            self.add(node, BQW.index, Literal(sentence.index, datatype=XSD.integer))
            self.add(node, BQW.text, Literal(self.x.text[sentence.span[0] : sentence.span[1]]))
            self.span(node, sentence.span)
            if sentence.section is not None:
                self.add(node, BQW.inSection, self.section_iri(sentence.section))
            if sentence.item is not None:
                self.add(node, BQW.inItem, self.section_iri(sentence.item))

    def sentence_of(self, span: Span) -> URIRef | None:
        """The sentence holding ``span`` (the extractor keeps evidence inside one sentence)."""
        for sentence in self.x.sentences:
            if sentence.span[0] <= span[0] and span[1] <= sentence.span[1]:
                return self.sentence_iri(sentence)
        return None

    def evidence(self, node: URIRef, span: Span) -> None:
        """Link ``node`` to its report, sentence and offsets."""
        self.add(node, BQW.inDocument, self.doc)
        sentence = self.sentence_of(span)
        if sentence is not None:
            self.add(node, BQW.inSentence, sentence)
        self.span(node, span)

    def entities(self) -> None:
        gazetteer = divisions.load()
        for entity in self.x.entities:
            iri = self.iris[entity.label]
            self.add(iri, RDF.type, entity_class(entity.type))
            code = self.minter.division_code(iri)
            division = gazetteer.by_code.get(code) if code else None
            # A coded area is labelled with its official name in every report (赤坎 → 赤坎区),
            # an indicator with the name it is identified by (地方一般公共预算收入 → 一般公共预算收入).
            if division is not None:
                label = division.name
            elif entity.type == "Indicator":
                label = indicator_name(entity.label)
            else:
                label = entity.label
            self.add(iri, RDFS.label, Literal(label, lang="zh"))
            for alias in sorted({*entity.aliases, entity.label} - {label}):
                self.add(iri, SKOS.altLabel, Literal(alias, lang="zh"))
            if code:
                self.add(iri, BQW.divisionCode, Literal(code))
                self.hierarchy(gazetteer, code)
            else:
                for candidate in self.scoper.candidates(entity):
                    self.add(iri, BQW.candidateDivision, self.minter.division(candidate))
            self.add(iri, BQW.identityRule, _RULES[self.scoper.rule(entity)])
            for span in entity.mentions + entity.references:  # 全区 is evidence about the county too
                self.mention(span, iri)

    def mention(self, span: Span, entity: URIRef) -> None:
        node = self.minter.part(self.doc, "mention", f"{span[0]}-{span[1]}")
        self.add(node, RDF.type, BQW.Mention)
        self.add(node, BQW.refersTo, entity)
        self.add(node, BQW.text, Literal(self.x.text[span[0] : span[1]]))
        self.evidence(node, span)

    def hierarchy(self, gazetteer: divisions.Gazetteer, code: str) -> None:
        """The official chain of a coded area up to the province, into the shared graph."""
        division = gazetteer.by_code.get(code)
        while division is not None:
            node = self.minter.division(division.code)
            cls = _DIVISION_CLASSES.get(division.level)
            if cls is not None:
                self.shared.add((node, RDF.type, cls))
            self.shared.add((node, RDFS.label, Literal(division.name, lang="zh")))
            self.shared.add((node, BQW.divisionCode, Literal(division.code)))
            parent = gazetteer.parent_of(division)
            if parent is not None:
                self.shared.add((node, BQW.partOf, self.minter.division(parent.code)))
            division = parent

    def facts(self) -> None:
        for index, fact in enumerate(self.x.facts):
            subject = self.iris.get(fact.subject)
            if subject is None:
                continue
            predicate = URIRef(BQW[fact.predicate])
            obj: URIRef | None
            if fact.literal or fact.predicate == "investment":
                obj = self.minter.part(self.doc, "amount", index)
                self.add(obj, RDF.type, BQW.Amount)
                self.value(obj, amount(fact.object))
            else:
                obj = self.iris.get(fact.object)
            if obj is None:
                continue
            self.add(subject, predicate, obj)
            statement = self.minter.part(self.doc, "fact", index)
            self.add(statement, RDF.type, RDF.Statement)
            self.add(statement, RDF.subject, subject)
            self.add(statement, RDF.predicate, predicate)
            self.add(statement, RDF.object, obj)
            self.evidence(statement, fact.evidence)

    def indicator(self, obs: Observation) -> URIRef:
        """The indicator of ``obs``; a count of named things (3个丝苗米种植基地) gets one of its own."""
        entity = self.by_label.get(obs.indicator)
        if entity is not None and entity.type == "Indicator":
            return self.iris[entity.label]
        # The extractor typed the name as what is counted (a Place); the measure is a concept.
        name = indicator_name(obs.indicator)
        iri = self.minter.entity("Indicator", name)
        self.add(iri, RDF.type, BQW.Indicator)
        self.add(iri, RDFS.label, Literal(name, lang="zh"))
        if name != obs.indicator:
            self.add(iri, SKOS.altLabel, Literal(obs.indicator, lang="zh"))
        self.add(iri, BQW.identityRule, BQW.SameGlobalName)
        spans = [m for m in (entity.mentions if entity else ()) if obs.evidence[0] <= m[0] and m[1] <= obs.evidence[1]]
        for span in spans or [obs.evidence]:
            self.mention(span, iri)
        return iri

    def value(self, node: URIRef, fig: Figure) -> None:
        self.add(node, BQW.valueAsWritten, Literal(fig.written))
        self.add(node, BQW.masked, Literal(fig.masked))
        if fig.unit_written:
            self.add(node, BQW.unitAsWritten, Literal(fig.unit_written))
        if fig.unit is not None:
            self.add(node, BQW.unit, fig.unit)
        for prop, number in ((BQW.numericValue, fig.value), (BQW.lowerBound, fig.lower), (BQW.upperBound, fig.upper)):
            if number is not None:
                self.add(node, prop, Literal(decimal_lexical(number), datatype=XSD.decimal))

    def observations(self) -> None:
        for index, obs in enumerate(self.x.observations):
            node = self.minter.part(self.doc, "observation", index)
            self.add(node, RDF.type, BQW.Observation)
            self.observation(node, obs)
            self.evidence(node, obs.evidence)

    def observation(self, node: URIRef, obs: Observation) -> None:
        self.add(node, BQW.indicator, self.indicator(obs))
        area = self.iris.get(obs.area or "")
        if area is not None:
            self.add(node, BQW.area, area)
        if obs.value is not None:
            self.value(node, figure(obs.value, obs.unit, obs.masked, obs.value_normalized))
        if obs.growth_pct is not None:
            self.add(node, BQW.growth, Literal(decimal_lexical(Decimal(repr(obs.growth_pct))), datatype=XSD.decimal))
        if obs.growth_masked:
            self.add(node, BQW.growthMasked, Literal(True))
        if obs.period:
            self.add(node, BQW.period, Literal(obs.period))
        if obs.rank:
            self.add(node, BQW.rank, Literal(obs.rank))
