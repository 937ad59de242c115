"""``bqw analyse``: ranked tables from a store on disk, and ``--write``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bqw.cli import main
from bqw.store.embedded import EmbeddedStore

from .tiny import ID, OTHER_GRAPH, TINY_GRAPH, tiny_lines


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    tiny, other = tiny_lines()
    store.replace_graph(TINY_GRAPH, tiny)
    store.replace_graph(OTHER_GRAPH, other)
    store.close()
    return path


def test_prints_ranked_tables(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["analyse", "--store", str(store_dir), "--measure", "betweenness", "--measure", "components"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("6 entities, 4 edges")
    lines = out.splitlines()
    first_row = lines[lines.index("== betweenness") + 3]
    assert first_row.split()[:3] == ["1", "文章村", "Village"]
    assert "== components (2)" in out
    assert "麻章区" in out


def test_type_filter_and_top(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["analyse", "--store", str(store_dir), "--measure", "degree", "--type", "Policy", "--top", "1"])
    out = capsys.readouterr().out
    assert status == 0
    table = out.split("== degree\n")[1].splitlines()
    assert len(table) == 3 and table[2].split() == ["1", "百千万工程", "Policy", "1"]


def test_unknown_type_is_a_usage_error(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "--store", str(store_dir), "--type", "Vilage"]) == 2
    assert "Vilage" in capsys.readouterr().err


def test_write_stores_the_measures(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "--store", str(store_dir), "--measure", "pagerank", "--write"]) == 0
    assert "wrote 6 triples to <https://w3id.org/bqw/graph/analytics>" in capsys.readouterr().out
    store = EmbeddedStore(store_dir)
    try:
        assert store.has_graph("https://w3id.org/bqw/graph/analytics")
    finally:
        store.close()


def test_area_restricts_the_projection(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    town = f"{ID}town"
    assert main(["analyse", "--store", str(store_dir), "--measure", "degree", "--area", town]) == 0
    assert capsys.readouterr().out.startswith("3 entities, 2 edges")
    assert main(["analyse", "--store", str(store_dir), "--area", "not an iri"]) == 2
    assert "not an IRI" in capsys.readouterr().err
