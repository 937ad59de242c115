"""The English switch in Chromium: after a click on "English", pages and what their scripts write are English."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

#: Where conftest.py leaves the other browser tests' screenshots for a reviewer.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "browser"
START = "https://w3id.org/bqw/id/Policy/百千万工程"
BASE = "https://w3id.org/bqw/"
# The area the sample reports give the most figures (its page draws a chart).
BUSIEST_AREA = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT ?area (COUNT(?observation) AS ?n) WHERE { ?observation a bqw:Observation ; bqw:area ?area }
GROUP BY ?area ORDER BY DESC(?n) ?area LIMIT 1"""
#: Chinese characters and CJK punctuation: what an untranslated string leaves behind.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def settled(page: Page) -> None:
    """Wait until the explorer has drawn something and nothing is loading or moving."""
    page.wait_for_function("() => window.bqwGraph && window.bqwGraph.nodes.length > 0 && !window.bqwGraph.busy")


def switch_to_english(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    with page.expect_navigation():
        page.locator("nav.languages").get_by_role("link", name="English").click()


def test_the_english_switch_turns_the_home_page_english(page: Page) -> None:
    switch_to_english(page)
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["en"]
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Hundred-Thousand-Ten Thousand Project knowledge graph")
    expect(page.locator("header.site nav").first).to_contain_text("Home")
    expect(page.locator("nav.languages a[aria-current]")).to_have_text("English")
    questions = page.locator("ul.examples a").all_inner_texts()
    assert "Which villages won which honours?" in questions
    shoot(page, "i18n-home-en.png")
    # The choice is remembered: a plain link leads to an English page.
    with page.expect_navigation():
        page.locator("header.site nav").first.get_by_role("link", name="Reports").click()
    assert "lang=" not in page.url
    expect(page.locator("h1")).to_contain_text("Reports (")
    # And the other link goes back.
    with page.expect_navigation():
        page.locator("nav.languages").get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_contain_text("报告（")


def test_the_graph_explorer_writes_english_notices_and_legend(page: Page) -> None:
    switch_to_english(page)
    # No lang parameter: the cookie the switch set chooses English.
    page.goto("/graph?" + urlencode({"iri": START, "cap": 4}))
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The node cap was hit: graph.js says so, in English.
    notices = page.locator("#notices")
    expect(notices).to_contain_text("Reached the cap of 4 nodes")
    legend = page.locator("#legend").inner_text()
    assert legend.strip() and not CHINESE.search(legend), legend
    assert "policy" in legend
    page.get_by_role("button", name="Shortest path").click()
    expect(notices).to_contain_text("Shortest path: pick two entities")
    page.locator("[data-toggle=edge-labels]").check()
    names = page.evaluate("window.bqwGraph.edges.get().map((e) => e.name)")
    assert names and [name for name in names if CHINESE.search(name)] == []
    tooltip = page.evaluate("id => window.bqwGraph.nodes.get(id).title", START)
    assert "policy" in tooltip and not re.search(r"[\u4e00-\u9fff]{2,} ", tooltip.split("\n")[1])
    chrome = page.locator(".explorer-panel").inner_text()
    # The only Chinese on the panel is data: the labels of the nodes in the notice.
    labels = page.evaluate("window.bqwGraph.nodes.get().map((n) => n.label)")
    for label in sorted(labels, key=len, reverse=True):
        chrome = chrome.replace(label, "")
    assert not CHINESE.search(chrome), chrome
    shoot(page, "i18n-graph-en.png")


def test_the_sparql_editor_and_charts_speak_english(page: Page, sparql: httpx.Client) -> None:
    page.goto("/sparql-editor?lang=en")
    page.wait_for_function("() => window.bqwSparql && document.getElementById('examples').dataset.loaded")
    page.get_by_role("button", name="Which villages won which honours").click()
    expect(page.locator(".tabsList .tab.active")).to_contain_text("Which villages won which honours")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    # The cookie now says English: an entity page's chart labels its axis in English.
    answer = sparql.get(
        "/sparql", params={"query": BUSIEST_AREA}, headers={"accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    area = str(answer.json()["results"]["bindings"][0]["area"]["value"])
    page.goto("/" + area.removeprefix(BASE))
    expect(page.locator("#chart")).to_have_attribute("data-state", "drawn")
    assert page.evaluate("window.bqwCharts.chart.options.scales.x.title.text") == "Period"
    expect(page.locator("section.observations h2")).to_contain_text("Figures")
