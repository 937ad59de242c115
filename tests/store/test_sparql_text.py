"""The lexical SERVICE/LOAD check ignores strings, IRIs, comments and variables."""

from __future__ import annotations

import pytest

from bqw.errors import InputError, QuerySyntaxError
from bqw.store.sparql_text import query_form, uses_remote_access, with_using


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
        "PREFIX ex: <http://example.org/> LOAD SILENT ex:data INTO GRAPH ex:g",
    ],
)
def test_service_and_load_are_found(text: str) -> None:
    assert uses_remote_access(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service { ?s ?p "SERVICE" }',
        "SELECT * { ?s <http://example.org/load> ?o } # LOAD later",
        "PREFIX service: <http://example.org/> SELECT * { ?s service:load ?o }",
        'SELECT * { ?s ?p """a "SERVICE" b""" }',
        "SELECT $load { }",
    ],
)
def test_words_in_strings_iris_comments_and_names_are_not_keywords(text: str) -> None:
    assert not uses_remote_access(text)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * {}", "select"),
        ("prefix : <urn:x> ask { ?s :p 1 }", "ask"),
        ("BASE <urn:x> CONSTRUCT WHERE { ?s ?p ?o }", "graph"),
        ("DESCRIBE <urn:x>", "graph"),
        ('# ASK\nCONSTRUCT { ?s <urn:ask> "SELECT" } WHERE { { SELECT ?s {} } }', "graph"),
        ("nonsense", None),
    ],
)
def test_the_query_form_is_found_without_running_the_query(query: str, form: str | None) -> None:
    assert query_form(query) == form


def test_using_goes_before_every_top_level_where_only() -> None:
    update = (
        "INSERT { ?s <urn:p> 1 } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ;\n"
        "DELETE WHERE { ?s <urn:q> ?o } ;\n"
        'DELETE { ?s ?p "WHERE" } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }'
    )
    rewritten = with_using(update, ["urn:g1"], ["urn:g2"])
    assert rewritten.count("USING <urn:g1> USING NAMED <urn:g2> WHERE") == 2
    assert "SELECT ?s WHERE" in rewritten
    assert "DELETE WHERE { ?s <urn:q> ?o }" in rewritten


def test_an_update_with_its_own_dataset_conflicts_with_using_graph_uri() -> None:
    with pytest.raises(InputError):
        with_using("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["urn:h"], [])
    assert with_using("CLEAR ALL", [], []) == "CLEAR ALL"


def test_using_graphs_must_be_iris() -> None:
    with pytest.raises(QuerySyntaxError):
        with_using("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["urn:g> } ; DROP ALL ; #"], [])
