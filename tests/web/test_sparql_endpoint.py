"""The /sparql endpoint follows the SPARQL 1.1 Protocol (in process)."""

from __future__ import annotations

import csv
import io
import json
import time
from xml.etree import ElementTree

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic
from web_support import G1, G2, LABEL, SLOW, V1, ClientFactory

SELECT = f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }} ORDER BY ?l"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def bindings(response: object) -> list[dict[str, str]]:
    data = json.loads(response.content)  # type: ignore[attr-defined]
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def test_get_query_without_accept_answers_sparql_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert [row["l"] for row in bindings(response)] == ["大石角村", "石角村", "石角镇"]


def test_post_form_and_post_direct_give_the_same_answer(client: TestClient) -> None:
    by_form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", content=SELECT.encode(), headers={"content-type": "application/sparql-query"})
    assert by_form.status_code == direct.status_code == 200
    assert bindings(by_form) == bindings(direct)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv; charset=utf-8"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_select_results_follow_accept_with_q_values(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == expected
    assert "Accept" in response.headers["vary"]


def test_every_select_format_parses_back(client: TestClient) -> None:
    def fetch(accept: str) -> str:
        return client.get("/sparql", params={"query": SELECT}, headers={"accept": accept}).text

    xml = ElementTree.fromstring(fetch("application/sparql-results+xml"))
    assert [e.text for e in xml.iter(f"{SRX}literal")] == ["大石角村", "石角村", "石角镇"]
    rows = list(csv.DictReader(io.StringIO(fetch("text/csv"))))
    assert [row["l"] for row in rows] == ["大石角村", "石角村", "石角镇"]
    tsv = fetch("text/tab-separated-values").splitlines()
    assert tsv[0] == "?s\t?l" and tsv[2].endswith('"石角村"@zh')


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_answers_parse_back_as_the_same_graph(
    client: TestClient, accept: str | None, rdflib_format: str
) -> None:
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == (accept or "text/turtle")
    expected = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "application/n-triples"})
    assert isomorphic(
        rdflib.Graph().parse(data=response.content, format=rdflib_format),
        rdflib.Graph().parse(data=expected.content, format="nt"),
    )


def test_ask_answers_a_boolean(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(response.content)["boolean"] is True


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert response.status_code == 406
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"})
    assert response.status_code == 406


def test_a_malformed_query_is_400_with_the_parser_message(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "error at 1:" in response.text


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("get", {"params": {"query": ["ASK {}", "ASK {}"]}}, 400),
        ("get", {"params": {"update": "CLEAR ALL"}}, 400),
        ("post", {"content": b"query=ASK%20%7B%7D"}, 415),
        ("post", {"content": b"ASK {}", "headers": {"content-type": "text/plain"}}, 415),
        ("post", {"content": b"ASK {} \xff", "headers": {"content-type": "application/sparql-query"}}, 400),
        ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("post", {"content": b"", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 400),
    ],
)
def test_bad_requests_are_4xx_never_500(client: TestClient, method: str, kwargs: dict, status: int) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status


def test_get_without_query_is_the_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef("http://testserver/sparql")) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph


def test_reads_allow_any_origin(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_default_and_named_graph_uri_set_the_dataset(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT, "default-graph-uri": G1})
    assert [row["l"] for row in bindings(response)] == ["石角村"]
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": G2})
    assert [row["g"] for row in bindings(response)] == [G2]


def test_service_is_refused_unless_enabled(client: TestClient) -> None:
    query = "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_the_row_cap_truncates_and_says_so_in_a_header(make_client: ClientFactory) -> None:
    client = make_client(max_rows=2)
    response = client.get("/sparql", params={"query": SELECT})
    assert response.headers["x-bqw-truncated"] == "true"
    assert len(bindings(response)) == 2
    complete = make_client().get("/sparql", params={"query": SELECT})
    assert "x-bqw-truncated" not in complete.headers


def test_a_query_past_the_time_limit_is_503(make_client: ClientFactory) -> None:
    client = make_client(query_timeout=0.3)
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 503
    assert "time limit" in response.text
    assert time.monotonic() - started < 3


def test_the_request_body_limit_is_413(make_client: ClientFactory) -> None:
    client = make_client(max_body_bytes=100)
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 200})
    assert response.status_code == 413


def test_errors_come_as_json_when_json_is_preferred(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "nonsense"}, headers={"accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == 400


def test_the_entity_iri_is_bound_not_formatted(client: TestClient) -> None:
    response = client.get("/api/entity", params={"iri": V1})
    assert response.status_code == 200
