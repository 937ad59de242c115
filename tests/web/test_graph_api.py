"""The explorer's JSON API: neighbourhoods, paths, figures, example queries, counts and measures."""

from __future__ import annotations

import re

from explorer_support import CHIKAN, POLICY, SAMPLE_REPORTS, XSS_ENTITY
from fastapi.testclient import TestClient

NODE_KEYS = {"id", "label", "type", "degree", "community"}
EDGE_KEYS = {"from", "to", "label", "property"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def check_shape(data: dict) -> None:
    assert set(data) == {"nodes", "edges", "truncated", "total"}
    assert all(set(node) == NODE_KEYS for node in data["nodes"])
    assert all(set(edge) == EDGE_KEYS for edge in data["edges"])
    ids = {node["id"] for node in data["nodes"]}
    assert all(edge["from"] in ids and edge["to"] in ids for edge in data["edges"])


def test_neighbourhood_has_facts_in_both_directions(explorer: TestClient, hongfeng: str) -> None:
    data = explorer.get("/api/graph", params={"iri": hongfeng}).json()
    check_shape(data)
    assert data["nodes"][0]["id"] == hongfeng and data["nodes"][0]["label"] == "红丰村"
    labels = {(edge["label"], edge["to"]) for edge in data["edges"] if edge["from"] == hongfeng}
    assert ("实施", POLICY) in labels
    assert data["truncated"] is False and data["total"] == len(data["nodes"]) - 1
    assert isinstance(data["nodes"][0]["degree"], int) and isinstance(data["nodes"][0]["community"], int)


def test_neighbourhood_is_capped_with_a_notice(explorer: TestClient) -> None:
    full = explorer.get("/api/graph", params={"iri": POLICY, "limit": 500}).json()
    assert full["total"] >= 3
    capped = explorer.get("/api/graph", params={"iri": POLICY, "limit": 2}).json()
    check_shape(capped)
    assert capped["truncated"] is True and capped["total"] == full["total"]
    assert len(capped["nodes"]) == 3
    assert explorer.get("/api/graph", params={"iri": POLICY, "limit": 501}).status_code == 422


def test_neighbourhood_filters_by_class_and_adds_co_mentions(explorer: TestClient, hongfeng: str) -> None:
    towns = explorer.get("/api/graph", params={"iri": POLICY, "types": "Town,Village", "limit": 500}).json()
    assert {node["type"] for node in towns["nodes"][1:]} <= {"Town", "Village"}
    assert explorer.get("/api/graph", params={"iri": POLICY, "types": "Villag"}).status_code == 400
    plain = explorer.get("/api/graph", params={"iri": hongfeng}).json()
    more = explorer.get("/api/graph", params={"iri": hongfeng, "comentions": 1, "limit": 500}).json()
    assert more["total"] > plain["total"]
    assert any(edge["property"] == "coMention" for edge in more["edges"])


def test_unknown_or_malformed_iris(explorer: TestClient) -> None:
    missing = explorer.get("/api/graph", params={"iri": "https://w3id.org/bqw/id/Village/nowhere"})
    assert missing.status_code == 404 and missing.json()["error"] == 404
    injected = explorer.get("/api/graph", params={"iri": "https://w3id.org/bqw/id/x> ?p ?o } #"})
    assert injected.status_code == 400
    for outside in ("javascript:alert(1)", "http://example.org/x"):
        assert explorer.get("/api/graph", params={"iri": outside}).status_code == 400
        assert explorer.get("/api/path", params={"from": outside, "to": POLICY}).status_code == 400
        assert explorer.get("/api/observations", params={"iri": outside}).status_code == 400
        assert explorer.get("/graph", params={"iri": outside}, headers={"accept": "text/html"}).status_code == 400


def test_shortest_path_and_404_without_one(explorer: TestClient, hongfeng: str) -> None:
    data = explorer.get("/api/path", params={"from": hongfeng, "to": POLICY}).json()
    check_shape(data)
    assert [node["id"] for node in data["nodes"]] == [hongfeng, POLICY]
    assert data["edges"][0]["label"] == "实施"
    longer = explorer.get("/api/path", params={"from": hongfeng, "to": CHIKAN}).json()
    assert longer["nodes"][0]["id"] == hongfeng and longer["nodes"][-1]["id"] == CHIKAN
    assert len(longer["edges"]) == len(longer["nodes"]) - 1
    isolated = "https://w3id.org/bqw/id/Indicator/产值"
    none = explorer.get("/api/path", params={"from": hongfeng, "to": isolated})
    assert none.status_code == 404 and none.json()["error"] == 404


def test_observations_of_an_area_and_of_an_indicator(explorer: TestClient, hongfeng: str) -> None:
    rows = explorer.get("/api/observations", params={"iri": hongfeng}).json()["rows"]
    income = [r for r in rows if r["indicator"] == "农村集体经济收入"]
    assert {r["value"] for r in income} >= {"64"}
    assert all(r["unit"] == "万元" and r["numeric"] > 0 for r in income)
    assert all(r["report"] == "2024-10-hongfeng-village-kaiping.txt" and r["sentence"] for r in rows)
    by_indicator = explorer.get("/api/observations", params={"iri": income[0]["indicator_iri"]}).json()["rows"]
    assert len(by_indicator) >= len(income)
    masked = explorer.get("/api/observations", params={"iri": XSS_ENTITY}).json()["rows"]
    assert masked[0]["value"] == "*3" and masked[0]["numeric"] is None


def test_example_queries_are_in_chinese_and_all_run(explorer: TestClient) -> None:
    examples = explorer.get("/api/queries").json()
    assert len(examples) >= 12
    for example in examples:
        assert CJK.search(example["title"]), example["name"]
        response = explorer.get(
            "/sparql", params={"query": example["query"]}, headers={"accept": "application/sparql-results+json"}
        )
        assert response.status_code == 200, (example["name"], response.text)
    names = {example["name"] for example in examples}
    assert {"village-honours", "projects-by-area", "ranked-first", "report-village", "provenance"} <= names


def test_stats_count_reports_entities_and_observations(explorer: TestClient) -> None:
    stats = explorer.get("/api/stats").json()
    assert stats["reports"] == len(SAMPLE_REPORTS) + 1
    assert stats["entities_by_type"]["Village"] >= 2
    assert stats["entities"] == sum(stats["entities_by_type"].values())
    assert stats["observations"] > 10 and stats["triples"] > 1000


def test_analytics_top_and_communities(explorer: TestClient) -> None:
    top = explorer.get("/api/analytics/top", params={"measure": "degree", "limit": 5}).json()
    scores = [row["score"] for row in top["rows"]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    villages = explorer.get("/api/analytics/top", params={"type": "Village"}).json()["rows"]
    assert villages and {row["type"] for row in villages} == {"Village"}
    assert explorer.get("/api/analytics/top", params={"measure": "communities"}).status_code == 400
    groups = explorer.get("/api/analytics/communities", params={"limit": 3}).json()
    sizes = [group["size"] for group in groups["communities"]]
    assert sizes == sorted(sizes, reverse=True) and groups["total"] >= len(sizes)
    assert all(group["members"][0]["href"].startswith("/") for group in groups["communities"])


def test_search_results_link_to_pages(explorer: TestClient, hongfeng: str) -> None:
    results = explorer.get("/api/search", params={"q": "红丰村"}).json()["results"]
    assert results[0] == {
        "iri": hongfeng,
        "label": "红丰村",
        "match": "exact",
        "href": hongfeng.removeprefix("https://w3id.org/bqw"),
    }


def test_two_hops_reach_the_neighbours_of_neighbours(explorer: TestClient, hongfeng: str) -> None:
    one = explorer.get("/api/graph", params={"focus": hongfeng}).json()
    two = explorer.get("/api/graph", params={"focus": hongfeng, "depth": 2, "limit": 500}).json()
    check_shape(two)
    assert {n["id"] for n in one["nodes"]} < {n["id"] for n in two["nodes"]}
    assert explorer.get("/api/graph", params={"iri": hongfeng, "depth": 3}).status_code == 422
    assert explorer.get("/api/graph").status_code == 400


def test_two_hops_respect_the_cap(explorer: TestClient, hongfeng: str) -> None:
    capped = explorer.get("/api/graph", params={"iri": hongfeng, "depth": 2, "limit": 3}).json()
    check_shape(capped)
    assert len(capped["nodes"]) <= 4 and capped["truncated"] is True


def test_links_are_labelled_in_the_interface_language(explorer: TestClient, hongfeng: str) -> None:
    def labels(path: str, params: dict[str, str], cookies: dict[str, str] | None = None) -> set[str]:
        explorer.cookies.clear()
        for name, value in (cookies or {}).items():
            explorer.cookies.set(name, value)
        return {edge["label"] for edge in explorer.get(path, params=params).json()["edges"]}

    assert "implements" in labels("/api/graph", {"iri": hongfeng, "lang": "en"})
    assert "实施" not in labels("/api/graph", {"iri": hongfeng, "lang": "en"})
    assert "implements" in labels("/api/graph", {"iri": hongfeng}, {"bqw_lang": "en"})
    assert labels("/api/path", {"from": hongfeng, "to": POLICY, "lang": "en"}) == {"implements"}
    assert "实施" in labels("/api/graph", {"iri": hongfeng})
