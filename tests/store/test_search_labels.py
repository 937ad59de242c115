"""The embedded store's label search: an n-gram index beside the store that always agrees
with it, whoever wrote last."""

from __future__ import annotations

from pathlib import Path

from bqw.store.embedded import EmbeddedStore

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
G1, G2 = "https://w3id.org/bqw/graph/report/a", "https://w3id.org/bqw/graph/report/b"


def labels(found: list[tuple[str, str]]) -> set[str]:
    return {label for _, label in found}


def test_labels_and_aliases_are_found_by_any_part(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graph(
        G1, [f'<urn:a> {LABEL} "文章村"@zh .', f'<urn:a> {ALT} "文章"@zh .', f'<urn:b> {LABEL} "福建村"@zh .']
    )
    assert labels(store.search_labels("文章")) == {'"文章村"@zh', '"文章"@zh'}
    assert labels(store.search_labels("村")) == {'"文章村"@zh', '"福建村"@zh'}
    store.close()


def test_replacing_and_dropping_a_graph_update_the_index(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graph(G1, [f'<urn:a> {LABEL} "文章村"@zh .'])
    assert store.search_labels("文章")
    store.replace_graph(G1, [f'<urn:a> {LABEL} "百姓村"@zh .'])
    assert labels(store.search_labels("村")) == {'"百姓村"@zh'}
    store.drop_graph(G1)
    assert store.search_labels("村") == []
    store.close()


def test_a_sparql_update_is_seen_by_the_next_search(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    assert store.search_labels("新村") == []
    store.update(f'INSERT DATA {{ GRAPH <{G2}> {{ <urn:c> {LABEL} "新村" }} }}')
    assert labels(store.search_labels("新村")) == {'"新村"'}
    store.close()


def test_writes_by_another_process_are_picked_up_when_the_index_opens(tmp_path: Path) -> None:
    location = tmp_path / "store"
    first = EmbeddedStore(location)
    first.replace_graph(G1, [f'<urn:a> {LABEL} "文章村"@zh .'])
    assert first.search_labels("文章")  # the index file now exists and holds 文章村
    first.close()
    writer = EmbeddedStore(location)  # like `bqw ingest` while no server runs: no search, no index
    writer.replace_graph(G1, [f'<urn:a> {LABEL} "百姓村"@zh .'])
    writer.close()
    reader = EmbeddedStore(location)
    assert labels(reader.search_labels("村")) == {'"百姓村"@zh'}
    reader.close()
