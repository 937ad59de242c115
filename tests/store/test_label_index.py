"""The label index answers exactly what CONTAINS over case-folded labels answers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bqw.store.label_index import LabelIndex, labels_in
from bqw.store.terms import literal

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
NAMES = ["石角村", "龙江镇", "赤坎镇石角村委会", "Longjiang Town", "百千万工程"]


def test_labels_are_read_from_ntriples_lines() -> None:
    lines = [
        f'<urn:v1> {LABEL} "石角村"@zh .',
        f'<urn:v1> {ALT} "石角" .',
        '<urn:v1> <urn:other> "石角村" .',
        "<urn:v1> <urn:p> <urn:o> .",
    ]
    assert labels_in(lines) == [("<urn:v1>", '"石角村"@zh'), ("<urn:v1>", '"石角"')]


@settings(max_examples=60, deadline=None)
@given(
    needle=st.sampled_from(["村", "石角", "镇", "town", "LONG", "工程", "角村委", "无"])
    | st.text(min_size=1, max_size=3)
)
def test_search_finds_what_contains_finds(needle: str) -> None:
    index = LabelIndex()
    index.replace_graph("urn:g", [(f"<urn:e{i}>", literal(name, language="zh")) for i, name in enumerate(NAMES)])
    want = {f"<urn:e{i}>" for i, name in enumerate(NAMES) if needle.casefold() in name.casefold()}
    assert {entity for entity, _ in index.search(needle)} == want


def test_replacing_or_dropping_a_graph_updates_the_index(tmp_path: Path) -> None:
    location = LabelIndex.beside(tmp_path / "store")
    index = LabelIndex(location)
    index.replace_graph("urn:g1", [("<urn:a>", '"石角村"@zh')])
    index.replace_graph("urn:g2", [("<urn:b>", '"石角镇"@zh')])
    index.replace_graph("urn:g1", [("<urn:c>", '"龙江镇"@zh')])
    assert index.search("石角") == [("<urn:b>", '"石角镇"@zh')]
    index.drop_graph("urn:g2")
    index.close()
    again = LabelIndex(location)
    assert again.search("石角") == []
    assert again.search("镇") == [("<urn:c>", '"龙江镇"@zh')]
    again.close()
