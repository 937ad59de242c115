"""The JSON API: label search and entity links."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient
from web_support import V1, V2


def test_search_ranks_exact_then_prefix_then_contains(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "石角村"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["label"], r["match"]) for r in results] == [("石角村", "exact"), ("大石角村", "contains")]
    prefixed = client.get("/api/search", params={"q": "石角"}).json()["results"]
    assert [r["match"] for r in prefixed] == ["prefix", "prefix", "contains"]


def test_search_can_keep_one_type(client: TestClient) -> None:
    params = {"q": "石角", "type": "https://w3id.org/bqw/ontology#Town"}
    results = client.get("/api/search", params=params).json()["results"]
    assert [r["label"] for r in results] == ["石角镇"]
    assert client.get("/api/search", params={"q": "石角", "type": "not an iri"}).status_code == 400


def test_search_text_is_bound_not_pasted_into_the_query(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": '") } SELECT * { ?s ?p ?o } #'})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_search_validates_its_parameters(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "村", "limit": 0}).status_code == 422


def test_entity_lists_labels_and_links_both_ways(client: TestClient) -> None:
    data = client.get("/api/entity", params={"iri": V2}).json()
    assert data["labels"] == [{"type": "literal", "value": "石角镇", "xml:lang": "zh"}]
    assert data["incoming"] == [{"subject": {"type": "uri", "value": V1}, "predicate": "https://w3id.org/bqw/partOf"}]


def test_an_unknown_entity_is_404_and_a_bad_iri_400(client: TestClient) -> None:
    assert client.get("/api/entity", params={"iri": "https://w3id.org/bqw/v/none"}).status_code == 404
    assert client.get("/api/entity", params={"iri": "not an iri>"}).status_code == 400


def asset_links(html: str) -> list[str]:
    """Every src= and href= in ``html``."""
    links: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            links.extend(value for name, value in attrs if name in ("src", "href") and value)

    Collector().feed(html)
    return links


def test_the_api_docs_load_nothing_from_other_sites(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = asset_links(page.text)
    assert sources and all(source.startswith("/") for source in sources)
    for source in sources:
        assert client.get(source).status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/search"]
