"""The fast SHACL-Core validator finds exactly what pyshacl finds, and refuses shapes it cannot check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from bqw.extract import extract_file
from bqw.rdf.mapping import map_extraction, ntriples
from bqw.rdf.ontology import ontology, shapes
from bqw.rdf.shacl import Report, validate, validate_fast
from bqw.rdf.shacl_core import UnsupportedShapes, Validator
from bqw.rdf.vocab import BQW

from .test_mapping import excerpt

REPORTS = sorted((Path(__file__).resolve().parents[2] / "data" / "reports").glob("*.txt"))
SHAPE_MESSAGES = {str(m) for m in shapes().objects(None, URIRef("http://www.w3.org/ns/shacl#message"))}


def keys(report: Report) -> Counter[tuple[str, str | None, str]]:
    return Counter((v.focus, v.path, v.constraint) for v in report.violations)


def assert_same(graph: Graph) -> Report:
    """Both validators on ``graph``: same verdict, same (focus, path, constraint) results, same shape messages."""
    reference, fast = validate(graph), validate_fast(graph)
    assert fast.conforms == reference.conforms
    assert keys(fast) == keys(reference)
    assert all(v.constraint for v in reference.violations)

    def messages(report: Report) -> Counter[tuple[str, str | None, str]]:
        return Counter((v.focus, v.path, v.message) for v in report.violations if v.message in SHAPE_MESSAGES)

    assert messages(fast) == messages(reference)
    return fast


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_both_validators_agree_on_every_sample_report(path: Path) -> None:
    graph = map_extraction(extract_file(path)).report
    assert_same(graph)
    data = ("\n".join(ntriples(graph)) + "\n").encode("utf-8")
    assert validate_fast(graph, data) == validate_fast(graph)


def _graph() -> Graph:
    return map_extraction(excerpt()).report


def _document(g: Graph) -> URIRef:
    return next(s for s in g.subjects(RDF.type, BQW.Document) if isinstance(s, URIRef))


def _sentence(g: Graph) -> URIRef:
    return next(s for s in g.subjects(RDF.type, BQW.Sentence) if isinstance(s, URIRef))


def _mention(g: Graph) -> URIRef:
    return next(s for s in g.subjects(BQW.text, Literal("石头村")) if (s, RDF.type, BQW.Mention) in g)


def _village(g: Graph) -> URIRef:
    return next(s for s, o in g.subject_objects(RDFS.label) if str(o) == "石头村" and isinstance(s, URIRef))


def _observation(g: Graph) -> URIRef:
    return next(s for s in g.subjects(RDF.type, BQW.Observation) if isinstance(s, URIRef))


def _statement(g: Graph) -> URIRef:
    return next(s for s in g.subjects(RDF.type, RDF.Statement) if isinstance(s, URIRef))


def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def missing_required(g: Graph) -> None:
    g.remove((_document(g), BQW.sha256, None))


def too_many_values(g: Graph) -> None:
    g.add((_document(g), DCTERMS.source, Literal("another.txt")))


def wrong_datatype(g: Graph) -> None:
    g.set((_sentence(g), BQW.text, Literal("文本", lang="zh")))


def ill_typed_literal(g: Graph) -> None:
    g.set((_sentence(g), BQW.end, Literal("twelve", datatype=XSD.integer)))


def wrong_class(g: Graph) -> None:
    g.set((_observation(g), BQW.indicator, _document(g)))


def untyped_referent(g: Graph) -> None:
    g.set((_mention(g), BQW.refersTo, URIRef("https://w3id.org/bqw/id/Nothing/无")))


def pattern(g: Graph) -> None:
    g.set((_document(g), BQW.sha256, Literal("NOT-A-HASH")))


def below_minimum(g: Graph) -> None:
    g.set((_sentence(g), BQW.start, _integer(-1)))


def not_less_than(g: Graph) -> None:
    mention = _mention(g)
    g.set((mention, BQW.start, _integer(20)))
    g.set((mention, BQW.end, _integer(9)))


def no_chinese_label(g: Graph) -> None:
    village = _village(g)
    g.remove((village, RDFS.label, None))
    g.add((village, RDFS.label, Literal("Shitou village", lang="en")))


def regional_chinese_label_is_fine(g: Graph) -> None:
    village = _village(g)
    g.remove((village, RDFS.label, None))
    g.add((village, RDFS.label, Literal("石头村", lang="zh-Hans")))


def no_mentions(g: Graph) -> None:
    g.remove((None, BQW.refersTo, _village(g)))


def referred_to_by_a_non_mention(g: Graph) -> None:
    g.add((_sentence(g), BQW.refersTo, _village(g)))


def no_figure(g: Graph) -> None:
    for observation in list(g.subjects(RDF.type, BQW.Observation)):
        for prop in (BQW.masked, BQW.valueAsWritten, BQW.growth, BQW.numericValue, BQW.growthMasked, BQW.rank):
            g.remove((observation, prop, None))


def masked_is_not_true(g: Graph) -> None:
    for observation in list(g.subjects(RDF.type, BQW.Observation)):
        for prop in (BQW.growth, BQW.numericValue, BQW.growthMasked, BQW.rank):
            g.remove((observation, prop, None))
        g.set((observation, BQW.masked, Literal(False)))
        g.set((observation, BQW.valueAsWritten, Literal("17*.53")))


def outside_the_sentence(g: Graph) -> None:
    g.set((_mention(g), BQW.end, _integer(30)))


def statement_with_two_subjects(g: Graph) -> None:
    g.add((_statement(g), RDF.subject, _document(g)))


def entity_in_the_ontology_sense(g: Graph) -> None:
    # A report node typed with a class the ontology declares under NamedEntity, with nothing else.
    g.add((URIRef("https://w3id.org/bqw/id/Village/空村"), RDF.type, BQW.Village))


BREAKAGES: dict[str, Callable[[Graph], None]] = {
    f.__name__: f
    for f in (
        missing_required,
        too_many_values,
        wrong_datatype,
        ill_typed_literal,
        wrong_class,
        untyped_referent,
        pattern,
        below_minimum,
        not_less_than,
        no_chinese_label,
        regional_chinese_label_is_fine,
        no_mentions,
        referred_to_by_a_non_mention,
        no_figure,
        masked_is_not_true,
        outside_the_sentence,
        statement_with_two_subjects,
        entity_in_the_ontology_sense,
    )
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_both_validators_agree_on_a_broken_graph(name: str) -> None:
    graph = _graph()
    BREAKAGES[name](graph)
    found = assert_same(graph)
    assert found.conforms == (name == "regional_chinese_label_is_fine")


def test_every_constraint_kind_of_the_shapes_is_broken_by_some_test() -> None:
    kinds: set[str] = set()
    for breakage in BREAKAGES.values():
        graph = _graph()
        breakage(graph)
        kinds |= {v.constraint for v in validate_fast(graph).violations}
    assert kinds == {
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "DatatypeConstraintComponent",
        "ClassConstraintComponent",
        "PatternConstraintComponent",
        "MinInclusiveConstraintComponent",
        "LessThanConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "OrConstraintComponent",
        "SPARQLConstraintComponent",
    }


SH = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .\n"


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:IRI .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
        "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select 'SELECT ?this WHERE { ?this ?p ?o }' ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
        "'SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY $this' ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "
        "'SELECT $this WHERE { ?x ?p ?o OPTIONAL { $this ?q ?x } }' ] .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:minCount 1 .",
        "ex:S a sh:NodeShape ; ex:unknown 1 ; sh:targetClass ex:C .",
    ],
)
def test_a_feature_the_fast_validator_lacks_is_refused_at_load(shape: str) -> None:
    with pytest.raises(UnsupportedShapes):
        Validator(Graph().parse(data=SH + shape, format="turtle"), ontology())


def test_the_real_shapes_load() -> None:
    assert len(Validator(shapes(), ontology()).targeted) == 7
