"""The graph explorer in Chromium: drawing, expanding, filtering, paths, caps, export, search."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

START = "https://w3id.org/bqw/id/Policy/百千万工程"
BASE = "https://w3id.org/bqw/"


def settled(page: Page) -> None:
    """Wait until the explorer has drawn something and nothing is loading or moving."""
    page.wait_for_function("() => window.bqwGraph && window.bqwGraph.nodes.length > 0 && !window.bqwGraph.busy")


def open_graph(page: Page, **params: str | int) -> None:
    page.goto("/graph?" + urlencode({"iri": START, **params}))
    settled(page)


def node_count(page: Page) -> int:
    return int(page.evaluate("window.bqwGraph.nodes.length"))


def visible_count(page: Page) -> int:
    return int(page.evaluate("window.bqwGraph.visibleCount()"))


def click_node(page: Page, iri: str, *, double: bool = False) -> None:
    """Click the node where it is drawn on the canvas, as a person would."""
    at = page.evaluate("id => window.bqwGraph.pagePosition(id)", iri)
    if double:
        page.mouse.dblclick(at["x"], at["y"])
    else:
        page.mouse.click(at["x"], at["y"])


def best_neighbour(page: Page) -> str:
    """The drawn neighbour of the start with the highest degree: the one most likely to expand."""
    return str(
        page.evaluate(
            """start => window.bqwGraph.nodes.get({ filter: (n) => n.id !== start })
                 .sort((a, b) => (b.degree || 0) - (a.degree || 0))[0].id""",
            START,
        )
    )


def test_the_start_entity_is_drawn_with_its_neighbourhood_and_a_legend(page: Page) -> None:
    open_graph(page)
    assert node_count(page) > 3
    assert page.evaluate("id => window.bqwGraph.nodes.get(id).label", START) == "百千万工程"
    expect(page.locator("#legend input[type=checkbox]").first).to_be_checked()
    expect(page.locator("#count-nodes")).to_have_text(str(visible_count(page)))
    # Physics settled and then stopped.
    assert page.evaluate("window.bqwGraph.network.physics.physicsEnabled") is False


def test_clicking_a_node_expands_it(page: Page) -> None:
    open_graph(page)
    before = node_count(page)
    click_node(page, best_neighbour(page))
    page.wait_for_function("n => window.bqwGraph.nodes.length > n", arg=before)
    settled(page)
    assert node_count(page) > before


def test_unticking_a_class_in_the_legend_hides_its_nodes(page: Page) -> None:
    open_graph(page)
    before = visible_count(page)
    box = page.locator("#legend input[type=checkbox]").first
    kind = box.get_attribute("data-type")
    of_kind = page.evaluate("t => window.bqwGraph.nodes.get({ filter: (n) => n.type === t }).length", kind)
    box.uncheck()
    assert visible_count(page) == before - of_kind
    assert (
        page.evaluate("t => window.bqwGraph.nodes.get({ filter: (n) => n.type === t && !n.hidden }).length", kind) == 0
    )
    expect(page.locator("#count-nodes")).to_have_text(str(before - of_kind))
    box.check()
    assert visible_count(page) == before


def test_a_selected_node_can_be_hidden_and_shown_again(page: Page) -> None:
    open_graph(page)
    before = visible_count(page)
    page.evaluate("id => window.bqwGraph.network.selectNodes([id])", best_neighbour(page))
    page.get_by_role("button", name="隐藏所选").click()
    assert visible_count(page) == before - 1
    page.get_by_role("button", name="显示全部").click()
    assert visible_count(page) == before


def test_path_mode_highlights_the_shortest_path_between_two_picked_nodes(page: Page) -> None:
    open_graph(page)
    ends = page.evaluate(
        """start => {
             const links = window.bqwGraph.edges.get();
             const near = new Set(links.flatMap((e) => e.from === start ? [e.to] : e.to === start ? [e.from] : []));
             return [...near].slice(0, 2);
           }""",
        START,
    )
    assert len(ends) == 2
    page.get_by_role("button", name="最短路径").click()
    click_node(page, ends[0])
    expect(page.locator("#notices")).to_contain_text("请选择终点")
    click_node(page, ends[1])
    expect(page.locator("#notices")).to_contain_text("最短路径（")
    settled(page)
    path = page.evaluate("window.bqwGraph.pathNodes")
    assert ends[0] in path and ends[1] in path and len(path) >= 2
    assert len(page.evaluate("window.bqwGraph.pathEdges")) == len(path) - 1
    # Highlighted: a thick red border on the path's nodes.
    assert page.evaluate("id => window.bqwGraph.nodes.get(id).borderWidth", ends[0]) > 1


def test_a_small_node_cap_truncates_with_a_visible_notice(page: Page) -> None:
    open_graph(page, cap=4)
    assert node_count(page) == 4
    expect(page.locator("#notices")).to_contain_text("truncated")
    expect(page.locator("#notices")).to_contain_text("4 个节点的上限")


def test_a_capped_expansion_says_how_many_neighbours_it_left_out(page: Page) -> None:
    open_graph(page, limit=2)
    assert node_count(page) == 3
    expect(page.locator("#notices")).to_contain_text("本次只展开了 2 个")


def test_double_clicking_a_node_opens_its_page(page: Page) -> None:
    open_graph(page)
    with page.expect_navigation():
        click_node(page, START, double=True)
    assert page.url.endswith("/id/Policy/" + "%E7%99%BE%E5%8D%83%E4%B8%87%E5%B7%A5%E7%A8%8B")


def test_search_with_autocomplete_starts_the_graph(page: Page) -> None:
    page.goto("/graph")
    expect(page.locator("#empty")).to_be_visible()
    page.locator("#explorer-q").fill("百千万")
    option = page.locator("#explorer-suggestions [role=option]").first
    expect(option).to_be_visible()
    option.click()
    settled(page)
    assert node_count(page) > 1
    expect(page.locator("#empty")).to_be_hidden()


def test_the_view_exports_as_png(page: Page) -> None:
    open_graph(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 PNG").click()
    saved = download.value
    assert saved.suggested_filename == "bqw-graph.png"
    with open(saved.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_size_by_degree_and_colour_by_community_restyle_the_nodes(page: Page) -> None:
    open_graph(page)
    sizes = "window.bqwGraph.nodes.get().map((n) => n.size)"
    assert len(set(page.evaluate(sizes))) == 1
    page.get_by_label("按度数调整大小").check()
    assert len(set(page.evaluate(sizes))) > 1
    colours = "window.bqwGraph.nodes.get().map((n) => n.color.background)"
    by_type = page.evaluate(colours)
    page.get_by_label("按社区着色").check()
    assert page.evaluate(colours) != by_type


def test_two_thousand_nodes_settle_and_stop(page: Page) -> None:
    page.goto("/graph")
    took = page.evaluate(
        """() => new Promise((resolve) => {
             const nodes = [], edges = [];
             for (let i = 0; i < 2000; i += 1) {
               nodes.push({ id: `n${i}`, label: `节点${i}`, type: ["Village", "Town", "Policy", "Project"][i % 4] });
               const to = `n${Math.floor(Math.sqrt(i * 37)) % Math.max(i, 1)}`;
               if (i) edges.push({ from: `n${i}`, to, property: "p", label: "p" });
             }
             const started = performance.now();
             window.bqwGraph.addGraph({ nodes, edges });
             const poll = () => window.bqwGraph.busy ? setTimeout(poll, 50) : resolve(performance.now() - started);
             poll();
           })"""
    )
    assert node_count(page) == 2000
    assert page.evaluate("window.bqwGraph.network.physics.physicsEnabled") is False
    assert took < 20_000, f"2,000 nodes took {took:.0f} ms to settle"
    # Still responsive: a frame after a zoom is drawn quickly.
    redraw = page.evaluate(
        """() => new Promise((resolve) => {
             const network = window.bqwGraph.network;
             const started = performance.now();
             network.once("afterDrawing", () => resolve(performance.now() - started));
             network.moveTo({ scale: 0.5 });
           })"""
    )
    assert redraw < 1000, f"one frame of 2,000 nodes took {redraw:.0f} ms"


def test_labels_from_documents_are_shown_as_text(page: Page) -> None:
    page.goto("/graph")
    hostile = '<img src="x" onerror="window.pwned = 1">村'
    page.evaluate(
        """label => window.bqwGraph.addGraph({
             nodes: [{ id: "urn:x:1", label, type: "<b>Village</b>" }, { id: "urn:x:2", label, type: "Town" }],
             edges: [{ from: "urn:x:1", to: "urn:x:2", property: "urn:p", label }],
           })""",
        hostile,
    )
    settled(page)
    expect(page.locator("#legend")).to_contain_text("<b>Village</b>")
    page.get_by_role("button", name="最短路径").click()
    click_node(page, "urn:x:1")
    expect(page.locator("#notices")).to_contain_text(hostile)
    assert page.locator("#explorer img, #legend b").count() == 0
    assert page.evaluate("window.pwned") is None
