"""The projection: what the store says, as a networkx graph, without touching either."""

from __future__ import annotations

import networkx as nx
import pytest

from bqw.analytics.projection import project
from bqw.errors import InputError, QuerySyntaxError
from bqw.rdf.iris import Minter
from bqw.store.embedded import EmbeddedStore

from .tiny import ID, OTHER_GRAPH, SAMPLE_REPORTS, TINY_GRAPH

# Counted independently of the projection's own queries: entity classes come from the
# ontology graph in the store, through rdfs:subClassOf*.
_PREFIXES = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_ENTITY = "GRAPH <https://w3id.org/bqw/graph/ontology> { ?class rdfs:subClassOf* bqw:NamedEntity }"
COUNT_ENTITIES = _PREFIXES + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {_ENTITY} ?e a ?class . }}"
COUNT_FACTS = (
    _PREFIXES
    + f"""SELECT (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{
    VALUES ?p {{ bqw:awarded bqw:locatedIn bqw:partOf bqw:implements bqw:organizedBy }}
    ?s ?p ?o .
    FILTER EXISTS {{ {_ENTITY} ?s a ?class }}
    FILTER EXISTS {{ GRAPH <https://w3id.org/bqw/graph/ontology> {{ ?c2 rdfs:subClassOf* bqw:NamedEntity }} ?o a ?c2 }}
  }}
}}"""
)
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(store: EmbeddedStore, query: str) -> int:
    row = next(iter(store.select(query)))
    return int(row["n"].split('"')[1])


def test_node_and_edge_counts_match_sparql_counts(report_store: EmbeddedStore) -> None:
    graph = project(report_store)
    assert graph.number_of_nodes() == _count(report_store, COUNT_ENTITIES) > 50
    assert graph.number_of_edges() == _count(report_store, COUNT_FACTS) > 10


def test_nodes_carry_iri_type_and_label(report_store: EmbeddedStore) -> None:
    graph = project(report_store)
    for node, data in graph.nodes(data=True):
        assert data["iri"] == node
        assert data["type"] and data["label"]
    edge_properties = {data["property"] for *_, data in graph.edges(data=True)}
    assert edge_properties <= {"awarded", "locatedIn", "partOf", "implements", "organizedBy"}
    assert "partOf" in edge_properties


def test_projection_leaves_the_store_alone_and_returns_new_graphs(report_store: EmbeddedStore) -> None:
    before = _count(report_store, COUNT_TRIPLES)
    first = project(report_store)
    second = project(report_store)
    assert first is not second
    assert nx.utils.graphs_equal(first, second)
    first.clear()
    assert second.number_of_nodes() > 0
    assert _count(report_store, COUNT_TRIPLES) == before


def test_tiny_graph_is_projected_exactly(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store)
    assert sorted(graph) == sorted(f"{ID}{n}" for n in ("village", "town", "county", "project", "policy", "org"))
    assert sorted((u[len(ID) :], v[len(ID) :], k) for u, v, k in graph.edges(keys=True)) == [
        ("project", "policy", "implements"),
        ("project", "village", "locatedIn"),
        ("town", "county", "partOf"),
        ("village", "town", "partOf"),
    ]
    assert graph.nodes[f"{ID}village"] == {"iri": f"{ID}village", "type": "Village", "label": "文章村"}


def test_co_mentions_are_weighted_by_shared_sentences(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store, co_mentions=True)
    co = {
        (u[len(ID) :], v[len(ID) :]): d["weight"]
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == "coMention"
    }
    # Two mentions each of 村 and 项目 in s1 still make one shared sentence.
    assert co == {("policy", "village"): 1, ("project", "village"): 1}


def test_type_filter_includes_subtypes_and_refuses_typos(tiny_store: EmbeddedStore) -> None:
    areas = project(tiny_store, types=["AdministrativeArea"])
    assert {d["type"] for _, d in areas.nodes(data=True)} == {"Village", "Town", "County"}
    assert areas.number_of_edges() == 2
    with pytest.raises(InputError, match="Vilage"):
        project(tiny_store, types=["Vilage"])


def test_graph_filter_reads_only_those_reports(tiny_store: EmbeddedStore) -> None:
    assert list(project(tiny_store, graphs=[OTHER_GRAPH])) == [f"{ID}org"]
    assert project(tiny_store, graphs=[TINY_GRAPH]).number_of_nodes() == 5
    assert project(tiny_store, graphs=[]).number_of_nodes() == 0
    with pytest.raises(QuerySyntaxError):
        project(tiny_store, graphs=["not an iri> } DROP ALL {"])


def test_area_filter_keeps_what_lies_in_the_area(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store, areas=[f"{ID}town"])
    assert sorted(n[len(ID) :] for n in graph) == ["project", "town", "village"]


def test_evidence_quotes_a_sentence_that_mentions_the_entity(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store, evidence=True)
    village = graph.nodes[f"{ID}village"]
    assert village["sentence"] == "文章村建设示范项目。"
    assert village["report"] == "tiny.txt"
    assert village["mentions"] == 3
    assert graph.nodes[f"{ID}county"]["mentions"] == 0
    assert "sentence" not in graph.nodes[f"{ID}county"]


def test_evidence_on_real_reports_comes_from_the_report_text(report_store: EmbeddedStore, reports) -> None:
    graph = project(report_store, graphs=[str(Minter().report_graph(SAMPLE_REPORTS[0]))], evidence=True)
    text = (reports / SAMPLE_REPORTS[0]).read_text(encoding="utf-8")
    quoted = [d for _, d in graph.nodes(data=True) if "sentence" in d]
    assert quoted
    for data in quoted:
        assert data["report"] == SAMPLE_REPORTS[0]
        assert data["sentence"] in text
    fact_quotes = [d for *_, d in graph.edges(data=True) if "sentence" in d]
    assert fact_quotes


def test_empty_store_gives_an_empty_graph() -> None:
    graph = project(EmbeddedStore(None), co_mentions=True, evidence=True)
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
