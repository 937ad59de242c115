"""Hostile text from documents is shown as text on every page, in Chromium.

The data comes in the two ways a store gets it:

* ``xss-village.txt``, a crafted report ingested with ``bqw ingest``: its sentences hold
  ``<script>``, ``<img onerror>``, ``javascript:`` and attribute-breaking quotes. The
  extractor keeps those sentences as they are (the report view shows them) but mints no
  entity from a name with markup in it, so labels need the second way:
* triples PUT through the Graph Store on this module's own server (``--allow-update``):
  a village, a project and an indicator whose labels, aliases, figures and links carry the
  same strings, linked to real entities so the graph explorer draws them.

On every page a person opens: no dialog fires, no element the data could have created
exists (``<script>`` with our payload, ``img[src=x]``, ``on*`` attributes, ``javascript:``
links), the hostile text is visible as text, and the conftest ``page`` fixture fails the
test on any console error, CSP refusal or request that leaves 127.0.0.1. Every HTML route
sends a Content-Security-Policy without ``unsafe-inline`` scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlencode

import httpx
import pytest
from playwright.sync_api import Dialog, Page, expect

from live_server import serving

from .conftest import ROOT, Server, _run

pytestmark = pytest.mark.browser

HOSTILE = """"><script>alert(1)</script><img src=x onerror=alert(2)>' onmouseover='alert(3)村"""
JS_LINK = "javascript:alert(4)"
REPORT = "xss-village.txt"
REPORT_TEXT = f"""江门市开平市马冈镇红丰村是省"百千万工程"首批典型村，2024年入选广东省乡村振兴示范村创建名单。
近年来，{HOSTILE}积极参与"<img src=x onerror=alert(5)>"建设，实现农村集体经济收入从2021年11万元增至2023年64万元。
红丰村建设{JS_LINK}项目，投资3355万元。
同时，' onmouseover='alert(6)村实施"百千万工程"，村集体收入增长20%。
"""
ID = "https://w3id.org/bqw/id/"
VILLAGE = ID + "Village/xss-label"
PROJECT = ID + "Project/xss-project"
INDICATOR = ID + "Indicator/xss-indicator"
GRAPH = "https://w3id.org/bqw/graph/xss-triples"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


TRIPLES = f"""
@prefix bqw: <https://w3id.org/bqw/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{VILLAGE}> a bqw:Village ; rdfs:label {_literal(HOSTILE)}@zh ; skos:altLabel {_literal(JS_LINK)} ;
    bqw:implements <{ID}Policy/百千万工程> ; bqw:partOf <https://w3id.org/bqw/id/division/440783107> ;
    rdfs:seeAlso <{JS_LINK}> ; rdfs:comment {_literal(HOSTILE)} .
<{PROJECT}> a bqw:Project ; rdfs:label {_literal(JS_LINK + HOSTILE)}@zh ; bqw:locatedIn <{VILLAGE}> ;
    bqw:implements <{ID}Policy/百千万工程> .
<{INDICATOR}> a bqw:Indicator ; rdfs:label {_literal("产值" + HOSTILE)}@zh .
<{VILLAGE}/observation/xss> a bqw:Observation ; bqw:indicator <{INDICATOR}> ; bqw:area <{VILLAGE}> ;
    bqw:valueAsWritten {_literal(HOSTILE)} ; bqw:unitAsWritten {_literal(JS_LINK)} ;
    bqw:numericValue "3"^^xsd:decimal ; bqw:period {_literal("2023" + HOSTILE)} .
"""
# What the page could have been made to create, had anything been parsed as HTML.
INJECTED = """() => ({
  scripts: [...document.scripts].filter((s) => /alert\\(/.test(s.textContent)).length,
  images: document.querySelectorAll('img[src="x"]').length,
  handlers: [...document.querySelectorAll("*")].filter((e) =>
      [...e.attributes].some((a) => a.name.startsWith("on"))).length,
  jsLinks: [...document.querySelectorAll("a[href], area[href], iframe[src], form[action]")].filter((e) =>
      /^\\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || ""))
    .length,
})"""
NOTHING = {"scripts": 0, "images": 0, "handlers": 0, "jsLinks": 0}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Overrides the conftest's server: two sample reports, the crafted report, the hostile
    triples PUT through the Graph Store, measures written."""
    folder = tmp_path_factory.mktemp("xss-server")
    store = folder / "store"
    crafted = folder / REPORT
    crafted.write_text(REPORT_TEXT, encoding="utf-8")
    reports = ROOT / "data" / "reports"
    _run("ingest", str(reports / "2024-10-hongfeng-village-kaiping.txt"), str(crafted), "--store", str(store))
    with serving(store, folder, "--allow-update", ready="/graph") as running:
        put = httpx.put(
            f"{running.url}/store",
            params={"graph": GRAPH},
            content=TRIPLES.encode("utf-8"),
            headers={"content-type": "text/turtle"},
        )
        assert put.status_code == 201, put.text
        yield running


@pytest.fixture
def dialogs(page: Page) -> Iterator[list[str]]:
    """Every dialog the page opens (dismissed at once); the test fails if there was one."""
    opened: list[str] = []

    def record(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    yield opened
    assert opened == [], f"a dialog fired: {opened}"


def assert_inert(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate(INJECTED) == NOTHING


PAGES = [
    "/",
    "/search?" + urlencode({"q": "script"}),
    "/search?" + urlencode({"q": "javascript"}),
    "/" + VILLAGE.removeprefix("https://w3id.org/bqw/"),
    "/" + PROJECT.removeprefix("https://w3id.org/bqw/"),
    "/" + INDICATOR.removeprefix("https://w3id.org/bqw/"),
    "/report/" + quote(REPORT),
    "/reports",
    "/classes",
    "/classes/instances?" + urlencode({"class": "https://w3id.org/bqw/ontology#Village"}),
    "/classes/instances?" + urlencode({"class": "https://w3id.org/bqw/ontology#Project"}),
    "/indicators",
    "/resource?" + urlencode({"iri": JS_LINK}),
    "/search?" + urlencode({"q": HOSTILE}),
]


#: Pages that summarise the store without showing any label.
SUMMARIES = ("/", "/reports", "/classes")


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_shown_as_text(page: Page, dialogs: list[str], path: str) -> None:
    page.goto(path)
    assert_inert(page)
    if path not in SUMMARIES:
        # The payload is on the page as characters a person can read.
        assert "<script>alert(1)</script>" in page.locator("body").inner_text()


def test_the_report_view_shows_the_crafted_sentences_as_text(page: Page, dialogs: list[str]) -> None:
    page.goto("/report/" + quote(REPORT))
    assert_inert(page)
    text = page.locator("body").inner_text()
    assert '"<img src=x onerror=alert(5)>"' in text
    assert JS_LINK in text
    assert "' onmouseover='alert(6)村" in text


def test_search_suggestions_show_hostile_labels_as_text(page: Page, dialogs: list[str]) -> None:
    page.goto("/")
    page.locator("input[data-autocomplete]").first.fill("script")
    suggestion = page.locator("li", has_text="<script>alert(1)</script>").first
    expect(suggestion).to_be_visible()
    assert_inert(page)


def test_graph_explorer_labels_and_tooltips_are_text(page: Page, dialogs: list[str]) -> None:
    page.goto("/graph?" + urlencode({"iri": VILLAGE}))
    page.wait_for_function("() => window.bqwGraph && window.bqwGraph.nodes.length > 1 && !window.bqwGraph.busy")
    assert page.evaluate("id => window.bqwGraph.nodes.get(id).label", VILLAGE) == HOSTILE
    # Hover the village: vis-network shows its tooltip.
    at = page.evaluate("id => window.bqwGraph.pagePosition(id)", VILLAGE)
    page.mouse.move(at["x"], at["y"])
    tooltip = page.locator(".vis-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("<script>alert(1)</script>")
    # vis-network escapes a string tooltip and turns its newlines into <br>: nothing else.
    assert tooltip.evaluate("e => [...e.querySelectorAll('*')].every((c) => c.tagName === 'BR')")
    # Expanding the project, whose label starts with `javascript:`, and opening notices.
    page.evaluate("id => window.bqwGraph.network.selectNodes([id])", PROJECT)
    assert_inert(page)


def test_sparql_results_holding_markup_are_text(page: Page, dialogs: list[str]) -> None:
    query = (
        "SELECT ?s ?label ?link WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        "OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?link } "
        'FILTER(CONTAINS(STR(?label), "alert")) }'
    )
    page.goto("/sparql-editor?" + urlencode({"query": query}))
    rows = page.locator(".yasr table.dataTable tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    expect(page.locator(".yasr")).to_contain_text("<script>alert(1)</script>")
    assert_inert(page)


# -- the header, on every HTML route ---------------------------------------------------------

HTML_ROUTES = [
    *PAGES,
    "/graph",
    "/graph?" + urlencode({"iri": VILLAGE}),
    "/sparql-editor",
    "/no/such/page",
    "/id/Village/no-such-village",
    "/report/no-such-report.txt",
]


def test_every_html_page_sends_a_csp_forbidding_inline_script(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers={"accept": "text/html"}) as client:
        for path in HTML_ROUTES:
            response = client.get(path)
            assert response.headers["content-type"].startswith("text/html"), path
            policy = {
                name: value.split()
                for name, _, value in (
                    part.strip().partition(" ") for part in response.headers["content-security-policy"].split(";")
                )
            }
            scripts = policy.get("script-src", policy.get("default-src"))
            assert scripts == ["'self'"], (path, scripts)
            assert policy["object-src"] == ["'none'"], path
            assert policy["base-uri"] == ["'self'"], path


def test_the_crafted_report_keeps_the_sentences_but_mints_no_entity_from_markup(server: Server) -> None:
    query = (
        "SELECT ?label WHERE { ?s a ?t ; <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        'FILTER(CONTAINS(STR(?label), "<")) FILTER(!STRSTARTS(STR(?s), "' + ID + 'Village/xss")) '
        'FILTER(!STRSTARTS(STR(?s), "' + ID + 'Project/xss")) FILTER(!STRSTARTS(STR(?s), "' + ID + 'Indicator/xss")) }'
    )
    labels = httpx.get(f"{server.url}/sparql", params={"query": query}).json()["results"]["bindings"]
    assert labels == []
    sentences = httpx.get(
        f"{server.url}/sparql",
        params={"query": 'ASK { ?s <https://w3id.org/bqw/ontology#text> ?t FILTER(CONTAINS(?t, "<img src=x")) }'},
    ).json()
    assert sentences["boolean"] is True
