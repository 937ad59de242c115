"""Extraction → triples, compared with hand-written graphs by isomorphism."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from bqw.model import DocumentInfo, Entity, Extraction, Fact, Observation, Section, Sentence
from bqw.rdf.iris import Minter
from bqw.rdf.mapping import map_extraction, ntriples
from bqw.rdf.vocab import BQW

DATA = Path(__file__).resolve().parent.parent / "data" / "rdf"
TEXT = "一、概况\n赤坎镇石头村入选示范村。社会消费品零售总额17*.53亿元，增长3.9%。"


def excerpt() -> Extraction:
    """The hand-built extraction that tests/data/rdf/README.md describes."""
    info = DocumentInfo(
        "excerpt.txt", None, "赤坎镇", "Town", 2023, hashlib.sha256(TEXT.encode("utf-8")).hexdigest(), len(TEXT), "txt"
    )
    return Extraction(
        info,
        TEXT,
        sections=(Section(0, (0, 42), "一、概况", 1),),
        sentences=(Sentence(0, (5, 17), section=0), Sentence(1, (17, 42), section=0)),
        entities=(
            Entity("Town", "赤坎镇", mentions=((5, 8),), code="440783109"),
            Entity("Village", "石头村", mentions=((8, 11),)),
            Entity("Honor", "示范村", mentions=((13, 16),)),
            Entity("Indicator", "社会消费品零售总额", mentions=((17, 26),)),
        ),
        facts=(Fact("石头村", "partOf", "赤坎镇", (5, 11)), Fact("石头村", "awarded", "示范村", (8, 16))),
        observations=(
            Observation(
                "社会消费品零售总额",
                "赤坎镇",
                "17*.53",
                "亿元",
                True,
                None,
                3.9,
                False,
                "2023-01/2023-05",
                "全市第一",
                (17, 41),
                "yuan",
            ),
        ),
    )


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    if not isomorphic(actual, expected):
        _both, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        extra = "\n".join(sorted(ntriples(only_actual)))
        missing = "\n".join(sorted(ntriples(only_expected)))
        pytest.fail(f"graphs differ\nunexpected:\n{extra}\nmissing:\n{missing}")


def test_report_graph_is_isomorphic_to_the_expected_graph() -> None:
    graphs = map_extraction(excerpt())
    assert_isomorphic(graphs.report, Graph().parse(DATA / "excerpt-report.ttl"))


def test_shared_graph_holds_the_official_chain_of_coded_areas() -> None:
    graphs = map_extraction(excerpt())
    assert_isomorphic(graphs.shared, Graph().parse(DATA / "excerpt-shared.ttl"))


def test_report_graph_is_named_after_the_source_file_and_records_the_hash() -> None:
    graphs = map_extraction(excerpt())
    assert graphs.graph == URIRef("https://w3id.org/bqw/graph/report/excerpt.txt")
    assert graphs.sha256 == excerpt().document.sha256


def test_same_extraction_gives_the_same_triples_and_is_not_mutated() -> None:
    source = excerpt()
    first, second = map_extraction(source), map_extraction(source)
    assert list(ntriples(first.report)) == list(ntriples(second.report))
    assert source == excerpt()


def test_base_iri_is_configurable() -> None:
    graphs = map_extraction(excerpt(), Minter("https://example.org/kg/"))
    subjects = {str(s) for s in graphs.report.subjects()}
    assert subjects and all(s.startswith("https://example.org/kg/") for s in subjects)


def test_unmasked_figure_is_an_exact_decimal_in_its_base_unit() -> None:
    obs = replace(excerpt().observations[0], value="17.53", masked=False, value_normalized=1753000000.0)
    graphs = map_extraction(replace(excerpt(), observations=(obs,)))
    node = next(graphs.report.subjects(RDF.type, BQW.Observation))
    assert graphs.report.value(node, BQW.numericValue) == Literal("1753000000.0", datatype=XSD.decimal)
    assert graphs.report.value(node, BQW.lowerBound) is None
    assert graphs.report.value(node, BQW.masked) == Literal(False)


def test_investment_fact_points_at_an_amount_with_bounds_when_redacted() -> None:
    source = excerpt()
    project = Entity("Project", "石头村改造项目", mentions=((8, 11),))
    fact = Fact("石头村改造项目", "investment", "29.*2亿元", (8, 16), literal=True)
    graphs = map_extraction(replace(source, entities=(*source.entities, project), facts=(fact,)))
    report = graphs.report
    amount = next(report.subjects(RDF.type, BQW.Amount))
    assert report.value(amount, BQW.valueAsWritten) == Literal("29.*2")
    assert report.value(amount, BQW.masked) == Literal(True)
    assert report.value(amount, BQW.numericValue) is None
    assert str(report.value(amount, BQW.lowerBound)) == "2902000000.0"
    assert str(report.value(amount, BQW.upperBound)) == "2992000000.0"
    assert report.value(amount, BQW.unit) == BQW.Yuan


def test_count_of_named_things_gets_an_indicator_of_its_own() -> None:
    source = excerpt()
    place = Entity("Place", "种植基地", mentions=((13, 16),))
    obs = replace(source.observations[0], indicator="种植基地", evidence=(13, 16))
    graphs = map_extraction(replace(source, entities=(*source.entities, place), observations=(obs,)))
    node = next(graphs.report.subjects(RDF.type, BQW.Observation))
    indicator = graphs.report.value(node, BQW.indicator)
    assert (indicator, RDF.type, BQW.Indicator) in graphs.report
    assert (indicator, RDF.type, BQW.Place) not in graphs.report
