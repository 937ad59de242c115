"""The SPARQL editor in Chromium: YASGUI served locally, examples, permalinks, links, graphs."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROWS = ".yasr table.dataTable tbody tr"
CONSTRUCT = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?village a bqw:Village ; rdfs:label ?name ; bqw:partOf ?area . ?area rdfs:label ?areaName }
WHERE { ?village a bqw:Village ; rdfs:label ?name ; bqw:partOf ?area . OPTIONAL { ?area rdfs:label ?areaName } }
LIMIT 200"""


def open_editor(page: Page, query: str | None = None) -> None:
    page.goto("/sparql-editor" + (f"?{urlencode({'query': query})}" if query else ""))
    page.wait_for_function("() => window.bqwSparql && document.getElementById('examples').dataset.loaded")


def test_the_default_query_runs_and_shows_rows(page: Page) -> None:
    open_editor(page)
    page.locator(".tab-pane.active .yasqe_queryButton, .yasqe_queryButton").first.click()
    expect(page.locator(ROWS).first).to_be_visible()
    assert page.locator(ROWS).count() > 0


def test_an_example_opens_as_a_tab_whose_iris_open_entity_pages(page: Page) -> None:
    open_editor(page)
    assert page.locator("#examples button").count() >= 10
    page.get_by_role("button", name="哪些村获得了哪些荣誉").click()
    expect(page.locator(".tabsList .tab.active")).to_contain_text("哪些村获得了哪些荣誉")
    expect(page.locator(ROWS).first).to_be_visible()
    link = page.locator(f"{ROWS} a.iri").first
    href = link.get_attribute("href") or ""
    assert href.startswith("/id/"), href
    # YASR's ellipsis mode makes the first click on a cell expand it, so follow the link.
    page.goto(href)
    expect(page.locator("h1")).to_be_visible()


def test_a_permalink_opens_and_runs_its_query(page: Page) -> None:
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }"
    open_editor(page, query)
    expect(page.locator(ROWS)).to_have_count(3)
    assert parse_qs(urlsplit(page.url).query)["query"] == [query]
    href = page.locator("#permalink").get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query)["query"] == [query]


def test_results_download_as_csv(page: Page) -> None:
    open_editor(page, "SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    expect(page.locator(ROWS)).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV").click()
    with open(download.value.path(), encoding="utf-8") as saved:
        assert saved.read().split() == ["n", "1", "2"]


def test_a_construct_result_opens_in_the_graph_explorer(page: Page) -> None:
    open_editor(page, CONSTRUCT)
    button = page.get_by_role("button", name="在图谱中打开")
    expect(button).to_be_visible()
    with page.expect_navigation():
        button.click()
    assert urlsplit(page.url).path == "/graph"
    page.wait_for_function("() => window.bqwGraph && window.bqwGraph.nodes.length > 0 && !window.bqwGraph.busy")
    expect(page.locator("#notices")).to_contain_text("已从 SPARQL 查询结果载入")
    kinds = page.evaluate("[...new Set(window.bqwGraph.nodes.get().map((n) => n.type))]")
    assert "Village" in kinds
    assert page.evaluate("window.bqwGraph.edges.length") > 0


def test_classes_autocomplete_from_our_own_data(page: Page) -> None:
    open_editor(page)
    page.evaluate(
        """() => {
             const yasqe = window.bqwSparql.yasgui.getTab().getYasqe();
             yasqe.setValue("PREFIX bqw: <https://w3id.org/bqw/ontology#>\\nSELECT * WHERE { ?s a bqw:Vil");
             yasqe.focus();
             yasqe.setCursor(yasqe.lineCount() - 1, 1000);
           }"""
    )
    page.keyboard.press("Control+Space")
    expect(page.locator(".CodeMirror-hints")).to_contain_text("bqw:Village")
