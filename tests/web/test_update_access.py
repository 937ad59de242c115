"""Writes (SPARQL Update, Graph Store) need --allow-update, and a token off loopback."""

from __future__ import annotations

import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic
from web_support import G1, ClientFactory

INSERT = "INSERT DATA { GRAPH <urn:bqw:test> { <urn:a> <urn:b> <urn:c> } }"
ASK_INSERTED = "ASK { GRAPH <urn:bqw:test> { <urn:a> <urn:b> <urn:c> } }"
SPARQL_UPDATE = {"content-type": "application/sparql-update"}


def inserted(client: TestClient) -> bool:
    return bool(client.get("/sparql", params={"query": ASK_INSERTED}).json()["boolean"])


def test_the_endpoint_is_read_only_by_default(client: TestClient) -> None:
    assert client.post("/sparql", content=INSERT, headers=SPARQL_UPDATE).status_code == 403
    assert client.post("/sparql", data={"update": INSERT}).status_code == 403
    assert not inserted(client)


def test_updates_work_on_loopback_with_allow_update(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True)
    assert client.post("/sparql", content=INSERT, headers=SPARQL_UPDATE).status_code == 204
    assert inserted(client)
    assert client.post("/sparql", data={"update": "CLEAR GRAPH <urn:bqw:test>"}).status_code == 204
    assert not inserted(client)


def test_a_malformed_update_is_400(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True)
    response = client.post("/sparql", content="INSERT DATA {", headers=SPARQL_UPDATE)
    assert response.status_code == 400


def test_a_non_loopback_host_needs_a_token(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True, host="0.0.0.0")
    assert client.post("/sparql", content=INSERT, headers=SPARQL_UPDATE).status_code == 403
    assert not inserted(client)


def test_with_a_token_writes_must_present_it(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True, host="0.0.0.0", update_token="s3cret")
    response = client.post("/sparql", content=INSERT, headers=SPARQL_UPDATE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    wrong = {**SPARQL_UPDATE, "authorization": "Bearer nope"}
    assert client.post("/sparql", content=INSERT, headers=wrong).status_code == 401
    right = {**SPARQL_UPDATE, "authorization": "Bearer s3cret"}
    assert client.post("/sparql", content=INSERT, headers=right).status_code == 204
    assert inserted(client)


def test_writes_from_another_sites_pages_are_refused(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True)
    response = client.post("/sparql", data={"update": INSERT}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert not inserted(client)


def test_load_is_refused_unless_enabled(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True)
    response = client.post("/sparql", content="LOAD <http://127.0.0.1:1/x.ttl>", headers=SPARQL_UPDATE)
    assert response.status_code == 403


def test_the_service_description_names_update_when_enabled(make_client: ClientFactory) -> None:
    graph = rdflib.Graph().parse(data=make_client(allow_update=True).get("/sparql").content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) in graph


def test_graph_store_reads_a_graph_by_accept(client: TestClient) -> None:
    turtle = client.get("/store", params={"graph": G1}, headers={"accept": "text/turtle"})
    assert turtle.status_code == 200
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    ntriples = client.get("/store", params={"graph": G1}, headers={"accept": "application/n-triples"})
    assert isomorphic(
        rdflib.Graph().parse(data=turtle.content, format="turtle"),
        rdflib.Graph().parse(data=ntriples.content, format="nt"),
    )
    assert client.head("/store", params={"graph": G1}).status_code == 200


def test_graph_store_errors(client: TestClient) -> None:
    assert client.get("/store", params={"graph": "urn:bqw:none"}).status_code == 404
    assert client.get("/store").status_code == 400
    assert client.get("/store", params={"graph": G1}, headers={"accept": "text/csv"}).status_code == 406
    assert (
        client.put("/store", params={"graph": G1}, content=b"", headers={"content-type": "text/turtle"}).status_code
        == 403
    )
    assert client.delete("/store", params={"graph": G1}).status_code == 403


def test_graph_store_writes_with_allow_update(make_client: ClientFactory) -> None:
    client = make_client(allow_update=True)
    turtle = {"content-type": "text/turtle"}
    graph = {"graph": "urn:bqw:new"}
    assert client.put("/store", params=graph, content=b"<urn:a> <urn:b> <urn:c> .", headers=turtle).status_code == 201
    assert client.put("/store", params=graph, content=b"<urn:a> <urn:b> <urn:d> .", headers=turtle).status_code == 204
    assert client.post("/store", params=graph, content=b"<urn:a> <urn:b> <urn:e> .", headers=turtle).status_code == 204
    body = client.get("/store", params=graph, headers={"accept": "application/n-triples"}).text
    assert sorted(body.split("\n")) == ["", "<urn:a> <urn:b> <urn:d> .", "<urn:a> <urn:b> <urn:e> ."]
    assert client.put("/store", params=graph, content=b"<urn:a", headers=turtle).status_code == 400
    assert client.put("/store", params=graph, content=b"x", headers={"content-type": "image/png"}).status_code == 415
    assert client.delete("/store", params=graph).status_code == 204
    assert client.delete("/store", params=graph).status_code == 404
    assert (
        client.put("/store", params={"default": ""}, content=b"<urn:a> <urn:b> <urn:c> .", headers=turtle).status_code
        == 204
    )
    assert "<urn:c>" in client.get("/store", params={"default": ""}, headers={"accept": "application/n-triples"}).text
