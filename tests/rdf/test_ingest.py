"""The ingest library: validation gate, no-op re-ingest and removal, against an in-memory store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bqw.errors import NotFound
from bqw.ingest import ingest_extraction, remove, report_graphs
from bqw.rdf.iris import Minter
from bqw.store import MEMORY, open_store

from .test_mapping import excerpt


def test_report_that_fails_shacl_is_not_written_unless_forced() -> None:
    store, minter = open_store(MEMORY), Minter()
    source = excerpt()
    # An observation with no area anywhere (none named, no reporting area) breaks the shapes.
    broken = replace(
        source, document=replace(source.document, area=None), observations=(replace(source.observations[0], area=None),)
    )
    outcome = ingest_extraction(store, broken, minter)
    assert outcome.action == "invalid" and outcome.violations
    assert report_graphs(store, minter) == []
    forced = ingest_extraction(store, broken, minter, force=True)
    assert forced.action == "added" and forced.violations
    assert report_graphs(store, minter) == [str(minter.report_graph("excerpt.txt"))]


def test_same_text_is_a_no_op_and_a_new_hash_replaces() -> None:
    store, minter = open_store(MEMORY), Minter()
    assert ingest_extraction(store, excerpt(), minter).action == "added"
    assert ingest_extraction(store, excerpt(), minter).action == "unchanged"
    changed = replace(excerpt(), document=replace(excerpt().document, sha256="0" * 64))
    assert ingest_extraction(store, changed, minter).action == "replaced"


def test_remove_unknown_report_is_not_found() -> None:
    store, minter = open_store(MEMORY), Minter()
    ingest_extraction(store, excerpt(), minter)
    assert remove(store, minter, "some/dir/excerpt.txt") == str(minter.report_graph("excerpt.txt"))
    with pytest.raises(NotFound):
        remove(store, minter, "excerpt.txt")
