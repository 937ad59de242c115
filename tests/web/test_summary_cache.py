"""The summary figures (counts by class, indicator table) kept in the store by ingest and served by the pages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bqw.analytics import summary
from bqw.ingest import ensure_ontology, ingest_file, remove
from bqw.rdf.iris import Minter
from bqw.store import MEMORY, Store, open_store
from bqw.web import catalogue
from bqw.web.urls import Urls
from live_server import serving

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
FIRST, SECOND = "2024-chikan-town-kaiping.txt", "2025-06-dongyuan-county.txt"


def _store_with(*names: str) -> tuple[Store, Minter]:
    store, minter = open_store(MEMORY), Minter()
    ensure_ontology(store, minter)
    for name in names:
        assert ingest_file(store, REPORTS / name, minter).action == "added"
    return store, minter


def test_kept_figures_equal_computed_ones_and_are_served() -> None:
    store, minter = _store_with(FIRST)
    assert summary.kept(store, minter.base) is None
    kept = summary.refresh(store, minter.base)
    assert summary.kept(store, minter.base) == kept == summary.compute(store, minter.base)
    assert kept["stats"]["reports"] == 1 and kept["stats"]["triples"] > 0 and kept["indicators"]
    urls = Urls(minter.base)
    served_stats, served_indicators = catalogue.stats(store, urls), catalogue.indicators(store, urls)
    assert served_stats == kept["stats"]
    assert [row["iri"] for row in served_indicators] and {row["iri"] for row in served_indicators} == {
        row["iri"] for row in kept["indicators"]
    }


def test_a_page_view_reads_the_kept_figures_instead_of_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    store, minter = _store_with(FIRST)
    summary.refresh(store, minter.base)

    def refuse(*_args: object, **_kwargs: object) -> dict[str, object]:
        raise AssertionError("computed on a page view")

    monkeypatch.setattr(summary, "compute", refuse)
    assert catalogue.stats(store, Urls(minter.base))["reports"] == 1
    assert catalogue.indicators(store, Urls(minter.base))


def test_another_report_makes_the_kept_figures_stale_until_refreshed() -> None:
    store, minter = _store_with(FIRST)
    before = summary.refresh(store, minter.base)
    assert ingest_file(store, REPORTS / SECOND, minter).action == "added"
    assert summary.kept(store, minter.base) is None, "a stale summary is not served"
    assert catalogue.stats(store, Urls(minter.base))["reports"] == 2 != before["stats"]["reports"]
    after = summary.refresh(store, minter.base)
    assert summary.kept(store, minter.base) == after == summary.compute(store, minter.base)
    remove(store, minter, SECOND)
    assert summary.kept(store, minter.base) is None
    assert catalogue.stats(store, Urls(minter.base))["reports"] == 1


def test_the_summary_graph_is_not_counted_in_the_triples() -> None:
    store, minter = _store_with(FIRST)
    before = summary.compute(store, minter.base)["stats"]["triples"]
    summary.refresh(store, minter.base)
    assert summary.compute(store, minter.base)["stats"]["triples"] == before


def test_a_write_through_the_server_is_counted_on_the_next_page(tmp_path: Path) -> None:
    """A Graph Store PUT or SPARQL Update bypasses ``bqw ingest``: the server forgets the kept figures."""
    location = tmp_path / "store"
    subprocess.run(
        [sys.executable, "-m", "bqw.cli", "ingest", str(REPORTS / FIRST), "--store", str(location)],
        check=True,
        capture_output=True,
    )
    with serving(location, tmp_path, "--allow-update") as server:
        before = httpx.get(f"{server.url}/index.json").json()["stats"]["entities_by_type"].get("Policy", 0)
        put = httpx.put(
            f"{server.url}/store",
            params={"graph": "https://example.org/extra"},
            content=b"<https://example.org/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            b"<https://w3id.org/bqw/ontology#Policy> .",
            headers={"content-type": "application/n-triples"},
        )
        assert put.status_code == 201, put.text
        after = httpx.get(f"{server.url}/index.json").json()["stats"]["entities_by_type"].get("Policy", 0)
        assert after == before + 1
        update = httpx.post(
            f"{server.url}/sparql",
            data={"update": "DROP GRAPH <https://example.org/extra>"},
        )
        assert update.status_code == 204, update.text
        assert httpx.get(f"{server.url}/index.json").json()["stats"]["entities_by_type"].get("Policy", 0) == before


def test_each_redacted_figure_is_counted_once() -> None:
    """An indicator named in two reports has a label in each graph; that must not multiply its figures."""
    store, minter = _store_with("district-report-2023.txt", "2023-05-chikan-district.txt")
    query = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
    SELECT ?i (COUNT(DISTINCT ?obs) AS ?n) WHERE { ?obs bqw:indicator ?i ; bqw:masked true } GROUP BY ?i"""
    expected = {row["i"][1:-1]: int(row["n"].split('"')[1]) for row in store.select(query)}
    rows = summary.compute(store, minter.base)["indicators"]
    assert expected and {row["iri"]: row["redacted"] for row in rows if row["redacted"]} == expected


def test_a_store_under_another_base_serves_its_own_kept_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    store, minter = open_store(MEMORY), Minter("https://example.org/kb/")
    ensure_ontology(store, minter)
    assert ingest_file(store, REPORTS / FIRST, minter).action == "added"
    kept = summary.refresh(store, minter.base)

    def refuse(*_args: object, **_kwargs: object) -> dict[str, object]:
        raise AssertionError("computed on a page view")

    monkeypatch.setattr(summary, "compute", refuse)
    assert catalogue.stats(store, Urls(minter.base)) == kept["stats"]


def test_between_writes_the_figures_are_read_from_the_store_once(monkeypatch: pytest.MonkeyPatch) -> None:
    store, minter = _store_with(FIRST)
    urls = Urls(minter.base)
    summary.refresh(store, minter.base)
    first = catalogue.stats(store, urls)
    asked: list[str] = []
    select = store.select

    def counting(query: str, bindings: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
        asked.append(query)
        return select(query, bindings)

    monkeypatch.setattr(store, "select", counting)
    assert catalogue.stats(store, urls) == first and catalogue.indicators(store, urls)
    assert asked == [], "read again although nothing was written"
    assert ingest_file(store, REPORTS / SECOND, minter).action == "added"
    assert catalogue.stats(store, urls)["reports"] == 2
    assert asked, "a write must make the next read look at the store"
