"""The exported page, opened in Chromium with every network request refused, draws every node."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright import sync_api

from bqw.analytics import export
from bqw.analytics.projection import project
from bqw.store.embedded import EmbeddedStore

pytestmark = [pytest.mark.browser]


def test_page_draws_all_nodes_offline(tiny_store: EmbeddedStore, tmp_path: Path, chromium: Path) -> None:
    graph = project(tiny_store, co_mentions=True, evidence=True)
    path = export.write_html(graph, tmp_path / "graph.html")
    requested: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium))
        try:
            page = browser.new_page()

            def refuse(route: object) -> None:
                request = route.request  # type: ignore[attr-defined]
                if request.url.startswith("file://"):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    requested.append(request.url)
                    route.abort()  # type: ignore[attr-defined]

            page.route("**/*", refuse)
            page.goto(path.as_uri())
            page.wait_for_function("window.bqwNetwork !== undefined")
            drawn = page.evaluate("Object.keys(window.bqwNetwork.getPositions()).length")
            assert drawn == graph.number_of_nodes()
            assert page.locator("#graph canvas").count() == 1
            assert "Village" in page.locator("#legend").inner_text()
        finally:
            browser.close()
    assert requested == []
