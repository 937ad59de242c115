"""Dereferenceable IRIs: the same resource as HTML, Turtle, JSON-LD and N-Triples, by Accept or suffix."""

from __future__ import annotations

import pytest
from explorer_support import POLICY, XSS_REPORT, Page
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from bqw.web.urls import Urls

RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
REPORT = "2024-10-hongfeng-village-kaiping.txt"


def local(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/bqw")


def parsed(body: bytes, media_type: str) -> Graph:
    return Graph().parse(data=body, format=RDF_TYPES[media_type])


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_entity_iri_answers_rdf_by_accept(explorer: TestClient, media_type: str) -> None:
    response = explorer.get(local(POLICY), headers={"accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    graph = parsed(response.content, media_type)
    assert (URIRef(POLICY), RDFS.label, Literal("百千万工程", lang="zh")) in graph


def test_every_format_says_the_same_thing(explorer: TestClient, hongfeng: str) -> None:
    graphs = [
        parsed(explorer.get(local(hongfeng), headers={"accept": media_type}).content, media_type)
        for media_type in RDF_TYPES
    ]
    assert len(graphs[0]) > 5
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])


def test_suffix_twins_and_format_parameter_win_over_accept(explorer: TestClient, hongfeng: str) -> None:
    browser = {"accept": "text/html"}
    turtle = explorer.get(local(hongfeng) + ".ttl", headers=browser)
    assert turtle.headers["content-type"].startswith("text/turtle")
    jsonld = explorer.get(local(hongfeng) + ".jsonld", headers=browser)
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert isomorphic(parsed(turtle.content, "text/turtle"), parsed(jsonld.content, "application/ld+json"))
    twin = explorer.get(local(hongfeng) + ".json", headers=browser)
    assert twin.json()["iri"] == hongfeng
    by_parameter = explorer.get(local(hongfeng), params={"format": "nt"}, headers=browser)
    assert by_parameter.headers["content-type"].startswith("application/n-triples")
    assert explorer.get(local(hongfeng), params={"format": "pdf"}).status_code == 400


def test_browsers_get_html_and_unknown_formats_get_406(explorer: TestClient) -> None:
    html = explorer.get(local(POLICY), headers={"accept": "text/html,*/*;q=0.8"})
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["vary"].startswith("Accept")
    alternates = {link["type"] for link in Page(html.text).find("link") if link.get("rel") == "alternate"}
    assert {"text/turtle", "application/ld+json", "application/n-triples", "application/json"} <= alternates
    assert explorer.get(local(POLICY), headers={"accept": "image/png"}).status_code == 406


def test_report_iri_is_the_report_view_and_its_graph_comes_whole(explorer: TestClient) -> None:
    document = f"https://w3id.org/bqw/report/{REPORT}"
    turtle = explorer.get(f"/report/{REPORT}", headers={"accept": "text/turtle"})
    assert (URIRef(document), None, None) in parsed(turtle.content, "text/turtle")
    whole = explorer.get(f"/graph/report/{REPORT}", headers={"accept": "application/n-triples"})
    graph = parsed(whole.content, "application/n-triples")
    assert len(graph) > len(parsed(turtle.content, "text/turtle"))
    assert explorer.get(f"/graph/report/{REPORT}.ttl").headers["content-type"].startswith("text/turtle")
    assert explorer.get("/graph/report/nope.txt").status_code == 404
    assert explorer.get(f"/report/{REPORT}.json").json()["name"] == REPORT


def test_sentences_and_ontology_terms_dereference(explorer: TestClient) -> None:
    sentence = f"https://w3id.org/bqw/report/{REPORT}/sentence/0"
    response = explorer.get(local(sentence), headers={"accept": "text/turtle"})
    graph = parsed(response.content, "text/turtle")
    assert (URIRef(sentence), URIRef("https://w3id.org/bqw/ontology#text"), None) in graph
    term = explorer.get("/resource", params={"iri": "https://w3id.org/bqw/ontology#Village"})
    assert term.status_code == 200 and "村" in Page(term.text).text
    ontology = explorer.get("/ontology", headers={"accept": "text/turtle"})
    assert (URIRef("https://w3id.org/bqw/ontology"), None, None) in parsed(ontology.content, "text/turtle")
    redirect = explorer.get("/ontology", headers={"accept": "text/html"}, follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/classes"


def test_hostile_report_is_still_valid_rdf(explorer: TestClient) -> None:
    response = explorer.get(f"/graph/report/{XSS_REPORT}", headers={"accept": "text/turtle"})
    assert len(parsed(response.content, "text/turtle")) > 10


def test_iris_round_trip_through_paths() -> None:
    urls = Urls("https://w3id.org/bqw/")
    iri = "https://w3id.org/bqw/id/Project/a%2Fb村"
    path = urls.local(iri)
    assert path == "/id/Project/a%2Fb村"
    assert urls.iri_of_path("/id/Project/a%2Fb%E6%9D%91") == iri
    assert urls.local("https://example.org/x") is None
    assert urls.href("https://example.org/x").startswith("/resource?iri=")
