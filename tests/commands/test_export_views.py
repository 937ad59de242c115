"""``bqw export --html/--graphml/--gexf/--csv``: the entity graph leaves bqw for Gephi, a
spreadsheet or an e-mail, and opens there."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
BQW = [sys.executable, "-m", "bqw.cli"]


def bqw(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BQW, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("views") / "store"
    files = [REPORTS / "2024-chikan-town-kaiping.txt", REPORTS / "2024-10-hongfeng-village-kaiping.txt"]
    result = bqw("ingest", *files, "--store", location)
    assert result.returncode == 0, result.stderr
    return location


def test_every_view_is_written_and_reads_back(store: Path, tmp_path: Path) -> None:
    files = {name: tmp_path / name for name in ("g.html", "g.graphml", "g.gexf", "nodes.csv", "edges.csv")}
    result = bqw(
        "export",
        "--store",
        store,
        "--html",
        files["g.html"],
        "--graphml",
        files["g.graphml"],
        "--gexf",
        files["g.gexf"],
        "--csv",
        files["nodes.csv"],
        files["edges.csv"],
    )
    assert result.returncode == 0, result.stderr
    graphml = nx.read_graphml(files["g.graphml"])
    gexf = nx.read_gexf(files["g.gexf"])
    assert graphml.number_of_nodes() == gexf.number_of_nodes() > 10
    labels = {data.get("label") for _, data in graphml.nodes(data=True)}
    assert "红丰村" in labels and "赤坎镇" in labels
    assert all("type" in data and "pagerank" in data for _, data in graphml.nodes(data=True))
    with files["nodes.csv"].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == graphml.number_of_nodes()
    page = files["g.html"].read_text(encoding="utf-8")
    assert "红丰村" in page
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']https?://", page), "the page must open offline"


def test_focus_keeps_one_neighbourhood(store: Path, tmp_path: Path) -> None:
    whole, part = tmp_path / "all.graphml", tmp_path / "part.graphml"
    assert bqw("export", "--store", store, "--graphml", whole).returncode == 0
    result = bqw(
        "export",
        "--store",
        store,
        "--graphml",
        part,
        "--focus",
        "https://w3id.org/bqw/id/Policy/百千万工程",
        "--depth",
        "1",
    )
    assert result.returncode == 0, result.stderr
    focused = nx.read_graphml(part)
    assert "https://w3id.org/bqw/id/Policy/百千万工程" in focused
    assert 1 < focused.number_of_nodes() < nx.read_graphml(whole).number_of_nodes()


def test_unknown_focus_is_a_clear_error(store: Path, tmp_path: Path) -> None:
    result = bqw(
        "export", "--store", store, "--html", tmp_path / "x.html", "--focus", "https://w3id.org/bqw/id/nothing"
    )
    assert result.returncode != 0
    assert "nothing" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_construct_query_picks_what_is_exported(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "honours.graphml"
    query = "PREFIX bqw: <https://w3id.org/bqw/ontology#> CONSTRUCT { ?v bqw:awarded ?h } WHERE { ?v bqw:awarded ?h }"
    result = bqw("export", "--store", store, "--graphml", target, "--query", query)
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(target)
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert "Honor" in types and types <= {"Honor", "Village", "Town", "County", "Organization", "Place", "Project"}
    assert graph.number_of_edges() > 0
