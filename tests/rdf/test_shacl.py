"""SHACL: every sample report maps to a conforming graph; broken graphs are caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, XSD, Graph, Literal

from bqw.extract import extract_file
from bqw.rdf.mapping import map_extraction
from bqw.rdf.shacl import validate
from bqw.rdf.vocab import BQW

from .test_mapping import excerpt

REPORTS = sorted((Path(__file__).resolve().parents[2] / "data" / "reports").glob("*.txt"))


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_every_sample_report_conforms(path: Path) -> None:
    report = validate(map_extraction(extract_file(path)).report)
    assert report.conforms, "\n".join(str(v) for v in report.violations)


def excerpt_graph() -> Graph:
    graph = map_extraction(excerpt()).report
    assert validate(graph).conforms
    return graph


def test_entity_without_a_chinese_label_is_a_violation() -> None:
    graph = excerpt_graph()
    village = next(s for s, o in graph.subject_objects(RDFS.label) if str(o) == "石头村")
    graph.remove((village, RDFS.label, None))
    graph.add((village, RDFS.label, Literal("Shitou village", lang="en")))
    report = validate(graph)
    assert not report.conforms
    assert any("Chinese" in v.message for v in report.violations)


def test_mention_outside_its_sentence_is_a_violation() -> None:
    graph = excerpt_graph()
    mention = next(graph.subjects(BQW.text, Literal("石头村")))
    graph.set((mention, BQW.end, Literal(30, datatype=XSD.integer)))
    report = validate(graph)
    assert not report.conforms
    assert any("outside the sentence" in v.message for v in report.violations)


def test_observation_without_a_figure_is_a_violation() -> None:
    graph = excerpt_graph()
    observation = next(graph.subjects(BQW.valueAsWritten, Literal("17*.53")))
    for prop in (BQW.masked, BQW.valueAsWritten, BQW.growth, BQW.rank):
        graph.remove((observation, prop, None))
    assert not validate(graph).conforms


def test_entity_without_mentions_is_a_violation() -> None:
    graph = excerpt_graph()
    graph.remove((None, BQW.refersTo, None))
    assert not validate(graph).conforms
