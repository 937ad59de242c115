"""Exports parse back: offline HTML with a legend, GraphML and GEXF with attributes, CSV lists."""

from __future__ import annotations

import copy
import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from bqw.analytics import export, measures
from bqw.analytics.projection import project
from bqw.errors import NotFound
from bqw.store.embedded import EmbeddedStore

from .tiny import ID


class _Page(HTMLParser):
    """Collects the tags and attributes, the inline scripts and the visible legend text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.legend: list[str] = []
        self._in_script = False
        self._legend_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "section" and dict(attrs).get("id") == "legend" or self._legend_depth:
            self._legend_depth += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False
        if self._legend_depth:
            self._legend_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self._legend_depth:
            self.legend.append(data)


def _dataset(script: str, name: str) -> list[dict[str, object]]:
    start = script.index(f"const {name} = new vis.DataSet(") + len(f"const {name} = new vis.DataSet(")
    end = script.index(");\n", start)
    return json.loads(script[start:end])


@pytest.fixture()
def annotated(tiny_store: EmbeddedStore) -> nx.MultiDiGraph:
    graph = project(tiny_store, co_mentions=True, evidence=True)
    return measures.annotate(graph, measures.compute(graph))


def test_html_opens_offline_with_legend_labels_and_tooltips(annotated: nx.MultiDiGraph, tmp_path: Path) -> None:
    before = copy.deepcopy(annotated)
    path = export.write_html(annotated, tmp_path / "graph.html", title="测试图", size_by="pagerank")
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    for tag, attrs in page.tags:
        if tag in {"script", "link", "img", "iframe"}:
            assert not attrs.get("src") and not attrs.get("href"), (tag, attrs)
    assert not any(tag == "link" for tag, _ in page.tags)
    legend = " ".join(page.legend)
    for kind in ("Village", "Town", "County", "Project", "Policy", "Organization"):
        assert kind in legend
    script = page.scripts[-1]
    nodes = _dataset(script, "nodes")
    assert len(nodes) == annotated.number_of_nodes()
    village = next(n for n in nodes if n["iri"] == f"{ID}village")
    assert village["label"] == "文章村"
    assert village["color"] == export.TYPE_COLOURS["Village"]
    assert "“文章村建设示范项目。”" in str(village["title"]) and "tiny.txt" in str(village["title"])
    edges = _dataset(script, "edges")
    assert len(edges) == annotated.number_of_edges()
    assert {e.get("label") for e in edges} == {"partOf", "locatedIn", "implements", None}
    assert nx.utils.graphs_equal(annotated, before)
    assert dict(annotated.nodes(data=True)) == dict(before.nodes(data=True))


def test_html_escapes_labels_from_documents(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("urn:x", label="</script><script>alert(1)</script>", type="Village")
    graph.add_node("urn:y", label="<b>村</b>", type="</style>")
    page_text = export.write_html(graph, tmp_path / "x.html", title="<i>t</i>").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page_text
    assert "<b>村</b>" not in page_text and "<i>t</i>" not in page_text
    page = _Page()
    page.feed(page_text)
    labels = {n["label"] for n in _dataset(page.scripts[-1], "nodes")}
    assert labels == {"</script><script>alert(1)</script>", "<b>村</b>"}


def test_graphml_and_gexf_read_back_with_attributes(annotated: nx.MultiDiGraph, tmp_path: Path) -> None:
    for write, read in ((export.write_graphml, nx.read_graphml), (export.write_gexf, nx.read_gexf)):
        path = write(annotated, tmp_path / f"graph.{write.__name__}")
        back = read(path)
        assert back.number_of_nodes() == annotated.number_of_nodes()
        assert back.number_of_edges() == annotated.number_of_edges()
        village = back.nodes[f"{ID}village"]
        assert village["type"] == "Village" and village["label"] == "文章村"
        assert village["pagerank"] == pytest.approx(annotated.nodes[f"{ID}village"]["pagerank"])
        assert village["degree"] == 3 and village["community"] == annotated.nodes[f"{ID}village"]["community"]
        properties = sorted(d["property"] for *_, d in back.edges(data=True))
        assert properties == sorted(d["property"] for *_, d in annotated.edges(data=True))


def test_csv_lists_nodes_and_edges(annotated: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes_path, edges_path = export.write_csv(annotated, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with nodes_path.open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_path.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert {row["id"] for row in nodes} == set(annotated)
    assert next(r for r in nodes if r["id"] == f"{ID}village")["label"] == "文章村"
    assert len(edges) == annotated.number_of_edges()
    assert {(r["source"], r["target"], r["property"]) for r in edges} >= {(f"{ID}village", f"{ID}town", "partOf")}


def test_focus_is_the_ego_network(annotated: nx.MultiDiGraph) -> None:
    around = export.focus(annotated, f"{ID}town", 1)
    assert sorted(n[len(ID) :] for n in around) == ["county", "town", "village"]
    assert around is not annotated
    with pytest.raises(NotFound):
        export.focus(annotated, "urn:none", 1)
