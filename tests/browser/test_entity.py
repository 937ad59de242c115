"""An entity page's figures drawn as a chart by charts.js, in Chromium."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BASE = "https://w3id.org/bqw/"
# The area the sample reports give the most figures.
BUSIEST_AREA = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT ?area (COUNT(?observation) AS ?n) WHERE { ?observation a bqw:Observation ; bqw:area ?area }
GROUP BY ?area ORDER BY DESC(?n) ?area LIMIT 1"""


def busiest_area(sparql: httpx.Client) -> str:
    answer = sparql.get(
        "/sparql", params={"query": BUSIEST_AREA}, headers={"accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    area = str(answer.json()["results"]["bindings"][0]["area"]["value"])
    assert area.startswith(BASE), area
    return area


def test_the_entity_page_draws_its_figures_as_a_chart(page: Page, sparql: httpx.Client) -> None:
    area = busiest_area(sparql)
    page.goto("/" + area.removeprefix(BASE))
    chart = page.locator("#chart")
    expect(chart).to_have_attribute("data-state", "drawn")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    # Something was painted: the canvas is not one flat colour.
    colours = page.evaluate(
        """() => {
             const canvas = document.getElementById("chart");
             const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
             const seen = new Set();
             for (let i = 0; i < pixels.length; i += 4 * 97) seen.add(pixels.slice(i, i + 4).join());
             return seen.size;
           }"""
    )
    assert colours > 2
    # With several indicators, a person can switch between them.
    picker = page.locator("#chart-indicator")
    if picker.count():
        options = picker.locator("option")
        assert options.count() > 1
        second = options.nth(1).get_attribute("value") or ""
        picker.select_option(second)
        expect(chart).to_have_attribute("data-indicator", second)
