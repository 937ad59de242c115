"""The explorer's HTML pages: what a person sees on them, their JSON twins, and their safety."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from explorer_support import (
    POLICY,
    SAMPLE_REPORTS,
    XSS_ENTITY,
    XSS_LABEL,
    XSS_REPORT,
    XSS_SENTENCE,
    Page,
)
from fastapi.testclient import TestClient
from web_support import LABEL, ClientFactory

from bqw.store.embedded import EmbeddedStore
from bqw.web.templating import CONTENT_SECURITY_POLICY, EDITOR_CONTENT_SECURITY_POLICY

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PAGES = [
    "/",
    "/reports",
    "/classes",
    "/indicators",
    "/search?q=村",
    "/report/2024-10-hongfeng-village-kaiping.txt",
    "/id/Policy/百千万工程",
    f"/report/{XSS_REPORT}",
    "/classes/instances?class=https%3A%2F%2Fw3id.org%2Fbqw%2Fontology%23Village",
    "/resource?iri=https%3A%2F%2Fw3id.org%2Fbqw%2Fontology%23Village",
    "/report/2024-10-hongfeng-village-kaiping.txt/sentence/0",
]


def page(client: TestClient, path: str) -> Page:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def local(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/bqw")


def test_home_says_what_is_in_the_graph(explorer: TestClient) -> None:
    home = page(explorer, "/")
    stats = explorer.get("/api/stats").json()
    assert home.text_of("span", id="count-reports") == [str(len(SAMPLE_REPORTS) + 1)]
    assert home.text_of("span", id="count-observations") == [str(stats["observations"])]
    report_links = {a["href"] for a in home.find("a")}
    assert "/report/2024-10-hongfeng-village-kaiping.txt" in report_links
    assert any(href.startswith("/sparql-editor?query=") for href in report_links)
    assert any(href.startswith("/graph?iri=") for href in report_links)
    assert any(i.get("data-autocomplete") == "/api/search" for i in home.find("input"))
    assert "村" in home.text


def test_entity_page_quotes_its_sources_with_the_mention_marked(explorer: TestClient, hongfeng: str) -> None:
    entity = page(explorer, local(hongfeng))
    assert entity.text_of("h1")[0].startswith("红丰村")
    assert "红丰村" in entity.text_of("mark")
    quotes = entity.text_of("blockquote")
    assert any(q.startswith("开平市马冈镇红丰村是省“百千万工程”首批典型村") for q in quotes)
    captions = " ".join(entity.text_of("figcaption"))
    assert "2024-10-hongfeng-village-kaiping.txt" in captions
    links = {a["href"] for a in entity.find("a")}
    assert "/report/2024-10-hongfeng-village-kaiping.txt#s0" in links


def test_entity_page_groups_facts_by_property_with_counts_and_links(explorer: TestClient, hongfeng: str) -> None:
    entity = page(explorer, local(hongfeng))
    headings = entity.text_of("h3")
    assert any(h.startswith("实施") and "1" in h for h in headings)
    assert any(h.startswith("隶属于") for h in headings)
    assert any(h.startswith("被报告地区") for h in headings)
    assert "百千万工程" in entity.text_of("a", href=local(POLICY))
    assert "马冈镇" in entity.text_of("a", href="/id/division/440783107")


def test_entity_page_has_figures_chart_buttons_and_twins(explorer: TestClient, hongfeng: str) -> None:
    entity = page(explorer, local(hongfeng))
    canvas = entity.find("canvas")
    assert canvas[0]["id"] == "chart"
    assert canvas[0]["data-observations-url"] == "/api/observations?iri=" + quote(hongfeng, safe="")
    assert "农村集体经济收入" in entity.text_of("a", href="/id/Indicator/农村集体经济收入")
    scripts = [s["src"] for s in entity.find("script")]
    assert "/static/js/charts.js" in scripts and "/vendor/chart.js/dist/chart.umd.js" in scripts
    hrefs = {a["href"] for a in entity.find("a")}
    assert "/graph?iri=" + quote(hongfeng, safe="") in hrefs
    assert local(hongfeng) + ".ttl" in hrefs and local(hongfeng) + ".jsonld" in hrefs
    alternates = {link["type"]: link["href"] for link in entity.find("link") if link.get("rel") == "alternate"}
    assert alternates["text/turtle"] == local(hongfeng) + ".ttl"
    assert alternates["application/json"] == local(hongfeng) + ".json"
    assert hongfeng in entity.text_of("pre", id="sparql-text")[0]
    assert [b for b in entity.find("button") if b.get("data-copy-target") == "sparql-text"]
    measures = " ".join(entity.text_of("p", class_="analytics"))
    assert "PageRank" in measures and "社区" in measures


def test_entity_json_twin_is_the_data_of_the_page(explorer: TestClient, hongfeng: str) -> None:
    data = explorer.get(local(hongfeng) + ".json").json()
    assert data["label"] == "红丰村" and data["type"] == "Village"
    implements = next(g for g in data["outgoing"] if g["property"].endswith("#implements"))
    assert implements["count"] == 1 and implements["links"][0]["iri"] == POLICY
    assert data["sentences"][0]["pieces"][1] == {"text": "红丰村", "kind": "mention", "href": None, "title": None}


def test_report_view_marks_entities_and_figures_by_type(explorer: TestClient, hongfeng: str) -> None:
    report = page(explorer, "/report/2024-10-hongfeng-village-kaiping.txt")
    legend = " ".join(report.text_of("ul", class_="legend"))
    assert "村/社区" in legend and "数值" in legend
    village_links = report.text_of("a", href=local(hongfeng))
    assert village_links and set(village_links) == {"红丰村"}
    figures = [a for a in report.find("a") if a.get("class") == "hl k-figure"]
    assert figures and all(a["href"].startswith("/id/Indicator/") for a in figures)
    assert "64万元" in report.text_of("a", class_="hl k-figure")
    assert report.text_of("span", id="s0")[0].startswith("开平市马冈镇红丰村")
    assert "红丰村" in report.text_of("a", href=local(hongfeng))


def test_reports_list_and_its_json_twin(explorer: TestClient) -> None:
    listing = page(explorer, "/reports")
    names = " ".join(listing.text_of("td"))
    for name in SAMPLE_REPORTS:
        assert name.removesuffix(".txt") in names
    data = explorer.get("/reports.json").json()
    row = next(r for r in data["reports"] if r["name"] == "2024-10-hongfeng-village-kaiping.txt")
    assert row["area"] == "红丰村" and row["level"] == "Village" and row["year"] == "2024"
    assert row["observations"] > 0


def test_classes_page_counts_instances(explorer: TestClient, hongfeng: str) -> None:
    classes = page(explorer, "/classes")
    row = classes.text_of("tr", id="Village")[0]
    data = explorer.get("/classes.json").json()
    village = next(c for c in data["classes"] if c["name"] == "Village")
    assert str(village["count"]) in row and "村" in row
    instances = page(explorer, village["href"])
    assert "红丰村" in instances.text_of("a", href=local(hongfeng))


def test_search_page_lists_matches_with_links(explorer: TestClient, hongfeng: str) -> None:
    results = page(explorer, "/search?q=红丰")
    assert "红丰村" in results.text_of("a", href=local(hongfeng))
    assert explorer.get("/search.json", params={"q": "红丰"}).json()["results"][0]["href"] == local(hongfeng)
    assert "没有找到" in page(explorer, "/search?q=不存在的名字").text


def test_unknown_iris_and_reports_get_a_404_page_or_json(explorer: TestClient) -> None:
    for path in ("/id/Village/不存在", "/report/no-such-report.txt", "/no/such/page"):
        response = explorer.get(path, headers=HTML)
        assert response.status_code == 404
        assert "找不到" in Page(response.text).text_of("h1")[0]
    response = explorer.get("/id/Village/不存在", headers={"accept": "application/json"})
    assert response.status_code == 404 and response.json()["error"] == 404


@pytest.mark.parametrize("path", ["/id/%2e%2e/%2e%2e/etc/passwd", "/id/Village/a%00b", "/report/a%01b.txt"])
def test_unsafe_paths_are_refused(explorer: TestClient, path: str) -> None:
    assert 400 <= explorer.get(path, headers=HTML).status_code < 500


def test_every_page_sends_the_policy_and_has_no_inline_script(explorer: TestClient, hongfeng: str) -> None:
    for path in [*PAGES, local(hongfeng), "/graph", "/sparql-editor", "/graph?iri=" + quote(hongfeng)]:
        response = explorer.get(path, headers=HTML)
        assert response.status_code == 200, path
        expected = EDITOR_CONTENT_SECURITY_POLICY if path == "/sparql-editor" else CONTENT_SECURITY_POLICY
        assert response.headers["content-security-policy"] == expected
        parsed = Page(response.text)
        assert all(script.get("src") for script in parsed.find("script")), path
        assert not [s for s in parsed.text_of("script") if s.strip()], path
        for _tag, attributes in parsed.elements:
            assert not [name for name in attributes if name.startswith("on")], (path, attributes)


def test_text_from_reports_is_rendered_as_text(explorer: TestClient) -> None:
    for path in (local(XSS_ENTITY), f"/report/{XSS_REPORT}", "/search?q=alert", "/id/Policy/百千万工程"):
        response = explorer.get(path, headers=HTML)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.text
        assert '" onmouseover="' not in response.text
        parsed = Page(response.text)
        assert not [s for s in parsed.find("script") if not s.get("src")]
        assert all(not name.startswith("on") for _tag, attributes in parsed.elements for name in attributes)
        assert XSS_LABEL in parsed.text, path
    entity = page(explorer, local(XSS_ENTITY))
    assert entity.text_of("mark") == [XSS_LABEL]
    assert XSS_SENTENCE in entity.text_of("blockquote")
    assert "（已脱敏）" in entity.text


def test_graph_and_sparql_pages_render(explorer: TestClient, hongfeng: str) -> None:
    assert explorer.get("/graph", params={"iri": hongfeng}, headers=HTML).status_code == 200
    assert explorer.get("/sparql-editor", headers=HTML).status_code == 200


def test_indicators_page_lists_figures_and_redactions(explorer: TestClient) -> None:
    listing = page(explorer, "/indicators")
    assert "农村集体经济收入" in listing.text_of("a", href="/id/Indicator/农村集体经济收入")
    rows = explorer.get("/indicators.json").json()["indicators"]
    output = next(r for r in rows if r["label"] == "产值")
    assert output["figures"] >= 1 and output["redacted"] >= 1
    assert [r["figures"] for r in rows] == sorted((r["figures"] for r in rows), reverse=True)


def test_an_entity_named_thousands_of_times_still_shows_its_facts(
    store: EmbeddedStore, make_client: ClientFactory
) -> None:
    entity, project = "https://w3id.org/bqw/id/x/指标", "https://w3id.org/bqw/id/x/项目"
    bqw = "https://w3id.org/bqw/ontology#"
    triples = [f'<{entity}> {LABEL} "某指标"@zh .', f'<{project}> {LABEL} "某项目"@zh .']
    triples.append(f"<{project}> <{bqw}improves> <{entity}> .")
    triples += [f"<https://w3id.org/bqw/x/m{i}> <{bqw}refersTo> <{entity}> ." for i in range(3000)]
    store.replace_graph("https://w3id.org/bqw/report/many", triples)
    data = make_client().get("/id/x/指标.json").json()
    assert [(group["property"], [link["label"] for link in group["links"]]) for group in data["incoming"]] == [
        (f"{bqw}improves", ["某项目"])
    ]


def test_an_iri_met_only_as_a_mentioned_thing_still_has_a_page(
    store: EmbeddedStore, make_client: ClientFactory
) -> None:
    bqw = "https://w3id.org/bqw/ontology#"
    store.replace_graph(
        "https://w3id.org/bqw/report/bare",
        [f"<https://w3id.org/bqw/x/m1> <{bqw}refersTo> <https://w3id.org/bqw/id/x/y> ."],
    )
    client = make_client()
    assert client.get("/id/x/y.json").status_code == 200
    assert client.get("/id/x/nothing.json").status_code == 404


def _widely_named(sentences: int, figures: int) -> list[str]:
    """N-Triples of one village named in ``sentences`` sentences and area of ``figures`` figures."""
    bqw, dct = "https://w3id.org/bqw/ontology#", "http://purl.org/dc/terms/source"
    base, village = "https://w3id.org/bqw/report/many.txt", "https://w3id.org/bqw/id/x/某村"
    triples = [f'<{village}> {LABEL} "某村"@zh .', f'<{base}> <{dct}> "many.txt" .']
    triples.append(f'<{bqw}i> {LABEL} "户数"@zh .')
    for i in range(sentences):
        sentence, mention = f"<{base}/sentence/{i}>", f"<{base}/mention/{i}>"
        triples += [
            f'{sentence} <{bqw}text> "某村第{i}句。" .',
            f'{sentence} <{bqw}start> "{i * 10}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            f'{sentence} <{bqw}index> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            f"{sentence} <{bqw}inDocument> <{base}> .",
            f"{mention} <{bqw}refersTo> <{village}> .",
            f"{mention} <{bqw}inSentence> {sentence} .",
            f'{mention} <{bqw}start> "{i * 10}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            f'{mention} <{bqw}end> "{i * 10 + 2}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        ]
    for i in range(figures):
        obs = f"<{base}/observation/{i}>"
        triples += [
            f"{obs} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{bqw}Observation> .",
            f"{obs} <{bqw}area> <{village}> .",
            f"{obs} <{bqw}indicator> <{bqw}i> .",
            f"{obs} <{bqw}inDocument> <{base}> .",
            f'{obs} <{bqw}valueAsWritten> "{i}" .',
        ]
    return triples


def test_an_entity_page_shows_its_sources_a_page_at_a_time(store: EmbeddedStore, make_client: ClientFactory) -> None:
    store.replace_graph("https://w3id.org/bqw/report/many", _widely_named(sentences=120, figures=0))
    client = make_client()
    first = client.get("/id/x/某村.json").json()
    assert (len(first["sentences"]), first["sentences_total"], first["sentences_from"]) == (50, 120, 0)
    assert "sources_before" not in first["links"]
    assert first["links"]["sources_after"] == "/id/x/某村?sources=50"
    middle = client.get("/id/x/某村.json?sources=50").json()
    last = client.get("/id/x/某村.json?sources=100").json()
    assert (len(last["sentences"]), last["sentences_from"]) == (20, 100)
    assert "sources_after" not in last["links"]
    shown = [s["text"] for page in (first, middle, last) for s in page["sentences"]]
    assert sorted(shown) == sorted(f"某村第{i}句。" for i in range(120))
    page = Page(client.get("/id/x/某村?sources=50", headers=HTML).text)
    assert "第 51–100 句，共 120 句" in page.text
    pager = {attrs["rel"]: attrs["href"] for attrs in page.find("a") if attrs.get("rel") in ("prev", "next")}
    assert pager == {"prev": "/id/x/某村", "next": "/id/x/某村?sources=100"}
    bad = client.get("/id/x/某村?sources=-1")
    assert bad.status_code == 400 and "sources" in bad.text


def test_an_entity_page_lists_its_first_figures_and_says_how_many_there_are(
    store: EmbeddedStore, make_client: ClientFactory
) -> None:
    store.replace_graph("https://w3id.org/bqw/report/many", _widely_named(sentences=1, figures=130))
    client = make_client()
    data = client.get("/id/x/某村.json").json()
    assert (len(data["observations"]), data["observations_total"]) == (100, 130)
    page = Page(client.get("/id/x/某村", headers=HTML).text)
    assert "此处列出前 100 项，共 130 项" in page.text
    assert len(client.get(data["links"]["observations"]).json()["rows"]) == 130
