"""``bqw ingest/query/export/validate/remove`` as a user runs them: real processes, a temporary store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from bqw.extract import extract_file
from bqw.rdf.figures import decimal_lexical
from bqw.rdf.mapping import map_extraction

BQW = [sys.executable, "-m", "bqw.cli"]
REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
SEED = "district-report-2023.txt"
TOWN = "2024-chikan-town-kaiping.txt"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def bqw(*args: str | Path, store: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--store", str(store)] if store is not None else []
    return subprocess.run([*BQW, *map(str, args), *extra], capture_output=True, text=True, timeout=300)


def ok(*args: str | Path, store: Path) -> str:
    result = bqw(*args, store=store)
    assert result.returncode == 0, result.stderr
    return result.stdout


def count(store: Path) -> int:
    rows = json.loads(ok("query", COUNT_QUADS, "--format", "json", store=store))["results"]["bindings"]
    return int(rows[0]["n"]["value"])


def graphs(store: Path) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = json.loads(ok("query", query, "--format", "json", store=store))["results"]["bindings"]
    return {row["g"]["value"] for row in rows}


def ingested(folder: Path) -> tuple[Path, Path]:
    """Two sample reports copied to ``folder`` and ingested into a store beside them."""
    inputs = folder / "reports"
    inputs.mkdir()
    for name in (SEED, TOWN):
        shutil.copy(REPORTS / name, inputs / name)
    location = folder / "store"
    out = ok("ingest", inputs, store=location)
    assert f"added     {SEED}" in out and f"added     {TOWN}" in out
    return inputs, location


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that read-only tests share (ingesting costs seconds)."""
    return ingested(tmp_path_factory.mktemp("built"))[1]


@pytest.fixture
def inputs_and_store(tmp_path: Path) -> tuple[Path, Path]:
    """A store of one's own, for tests that change it."""
    return ingested(tmp_path)


def test_ingest_makes_one_named_graph_per_report_plus_shared_ontology_and_measures(built: Path) -> None:
    assert graphs(built) == {
        f"https://w3id.org/bqw/graph/report/{SEED}",
        f"https://w3id.org/bqw/graph/report/{TOWN}",
        "https://w3id.org/bqw/graph/shared",
        "https://w3id.org/bqw/graph/ontology",
        "https://w3id.org/bqw/graph/analytics",
        "https://w3id.org/bqw/graph/summary",
    }


def test_ingest_keeps_the_graph_measures_current(built: Path) -> None:
    query = (
        "PREFIX bqw: <https://w3id.org/bqw/ontology#> SELECT (COUNT(?e) AS ?n) "
        "WHERE { GRAPH <https://w3id.org/bqw/graph/analytics> { ?e bqw:pageRank ?r } }"
    )
    rows = json.loads(ok("query", query, "--format", "json", store=built))["results"]["bindings"]
    assert int(rows[0]["n"]["value"]) > 10


def test_reingesting_the_same_text_changes_nothing(inputs_and_store: tuple[Path, Path]) -> None:
    inputs, store = inputs_and_store
    before = count(store)
    out = ok("ingest", inputs, store=store)
    assert f"unchanged {SEED}" in out and f"unchanged {TOWN}" in out
    assert count(store) == before


def test_changed_text_replaces_the_report_graph(inputs_and_store: tuple[Path, Path]) -> None:
    inputs, store = inputs_and_store
    query = (
        "PREFIX bqw: <https://w3id.org/bqw/ontology#> SELECT ?text WHERE { GRAPH ?g { ?s bqw:text ?text } "
        "FILTER(CONTAINS(?text, '水口村')) }"
    )
    assert "水口村" not in ok("query", query, store=store)
    path = inputs / TOWN
    path.write_text(path.read_text(encoding="utf-8") + "\n赤坎镇水口村入选广东省文明村。\n", encoding="utf-8")
    assert f"replaced  {TOWN}" in ok("ingest", path, store=store)
    assert "水口村" in ok("query", query, store=store)
    hashes = ok(
        "query",
        "PREFIX bqw: <https://w3id.org/bqw/ontology#> SELECT ?h WHERE { ?d bqw:sha256 ?h }",
        "--format",
        "csv",
        store=store,
    )
    assert len(hashes.splitlines()) == 1 + 2  # header, one hash per report: the old one is gone


def test_bad_file_is_named_exit_2_and_store_unchanged(inputs_and_store: tuple[Path, Path], tmp_path: Path) -> None:
    _inputs, store = inputs_and_store
    before = count(store)
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe")
    result = bqw("ingest", bad, store=store)
    assert result.returncode == 2
    assert "broken.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert count(store) == before


def test_same_policy_in_two_reports_has_one_iri(built: Path) -> None:
    query = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e rdfs:label "百千万工程"@zh } }"""
    rows = json.loads(ok("query", query, "--format", "json", store=built))["results"]["bindings"]
    assert {row["e"]["value"] for row in rows} == {"https://w3id.org/bqw/id/Policy/百千万工程"}
    assert len({row["g"]["value"] for row in rows}) == 2


def test_provenance_query_returns_the_sentence_behind_a_fact(built: Path) -> None:
    out = ok("query", "@provenance", "--bind", 'label="文保北村"@zh', "--format", "json", store=built)
    rows = json.loads(out)["results"]["bindings"]
    fact = next(r for r in rows if r["predicate"]["value"].endswith("#locatedIn"))
    sentence = fact["sentenceText"]["value"]
    assert "文保北村整村改造" in sentence
    assert fact["source"]["value"] == SEED
    start, end = int(fact["start"]["value"]), int(fact["end"]["value"])
    text = (REPORTS / SEED).read_text(encoding="utf-8")
    assert text[start:end] in sentence
    assert fact["sectionHeading"]["value"].startswith("三、")


@pytest.mark.parametrize("name", ["village-honours", "projects-by-area", "ranked-first", "mentions"])
def test_named_queries_run(built: Path, name: str) -> None:
    assert "row" in ok("query", f"@{name}", store=built).splitlines()[-1]


def test_validate_passes_on_ingested_reports(built: Path) -> None:
    assert "2 of 2 report graphs conform" in ok("validate", store=built)


def test_stats_counts_reports_and_classes(built: Path) -> None:
    out = ok("stats", store=built)
    assert out.startswith("2 reports")
    assert SEED in out and TOWN in out
    assert "Policy" in out and "Unit" not in out


def test_query_syntax_error_is_one_line_and_exit_1(built: Path) -> None:
    result = bqw("query", "SELEC ?x WHERE {}", store=built)
    assert result.returncode == 1
    assert result.stderr.startswith("bqw: query:") and "Traceback" not in result.stderr


def test_remove_drops_one_report(inputs_and_store: tuple[Path, Path]) -> None:
    _inputs, store = inputs_and_store
    assert f"removed   {TOWN}" in ok("remove", TOWN, store=store)
    assert f"https://w3id.org/bqw/graph/report/{TOWN}" not in graphs(store)
    result = bqw("remove", TOWN, store=store)
    assert result.returncode == 1 and TOWN in result.stderr


def decimals_canonical(graph: Graph) -> Graph:
    """The graph with xsd:decimal literals in one lexical form.

    Oxigraph stores ``70.0`` as ``70``; rdflib writes a decimal ``70`` in Turtle as ``70.0``.
    Same value, different lexical form: compare values, not spellings.
    """
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(decimal_lexical(Decimal(str(o))), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


# rdflib 7's own quad parsers call its deprecated Dataset.default_context.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_every_export_format_parses_back_to_the_same_graph(built: Path, tmp_path: Path) -> None:
    reference = decimals_canonical(Graph().parse(data=ok("export", "--format", "nt", store=built), format="nt"))
    assert len(reference) > 0
    for fmt, parser, quads in [
        ("turtle", "turtle", False),
        ("nquads", "nquads", True),
        ("trig", "trig", True),
        ("jsonld", "json-ld", True),
    ]:
        target = tmp_path / f"export.{fmt}"
        ok("export", "--format", fmt, "-o", target, store=built)
        if quads:
            data = Dataset()
            data.parse(data=target.read_text(encoding="utf-8"), format=parser)
            merged = Graph()
            for s, p, o, _g in data.quads((None, None, None, None)):
                merged.add((s, p, o))
        else:
            merged = Graph().parse(data=target.read_text(encoding="utf-8"), format=parser)
        assert isomorphic(decimals_canonical(merged), reference), fmt


def test_export_of_one_graph(built: Path) -> None:
    graph = f"https://w3id.org/bqw/graph/report/{TOWN}"
    out = ok("export", "--format", "nquads", "--graph", graph, store=built)
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines and all(line.endswith(f"<{graph}> .") for line in lines)


def test_sigkill_during_ingest_leaves_exactly_the_earlier_reports(tmp_path: Path) -> None:
    files = sorted(REPORTS.glob("*.txt"))
    location = tmp_path / "store"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*BQW, "ingest", *map(str, files), "--store", str(location)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("added"), first + (process.stderr.read() if process.stderr else "")
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    present = {
        name.removeprefix("https://w3id.org/bqw/graph/report/") for name in graphs(location) if "/graph/report/" in name
    }
    names = [f.name for f in files]
    assert names[0] in present
    assert present == set(names[: len(present)]), "reports are written in order, none skipped"
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    counts = {
        row["g"]["value"]: int(row["n"]["value"])
        for row in json.loads(ok("query", query, "--format", "json", store=location))["results"]["bindings"]
    }
    for name in present:
        expected = len(map_extraction(extract_file(REPORTS / name)).report)
        assert counts[f"https://w3id.org/bqw/graph/report/{name}"] == expected, f"{name} is incomplete"
