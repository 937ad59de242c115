"""``bqw ingest --jobs``: the same store, output and exit status with one process or several."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from bqw.analytics.results import analytics_graph

BQW = [sys.executable, "-m", "bqw.cli"]
REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
NAMES = ["2024-chikan-town-kaiping.txt", "2025-06-dongyuan-county.txt", "2026-01-chikeng-town-haifeng.txt"]


def bqw(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BQW, *map(str, args)], capture_output=True, text=True, timeout=300)


def quads(store: Path) -> Dataset:
    result = bqw("export", "--store", store, "--format", "nquads")
    assert result.returncode == 0, result.stderr
    data = Dataset()
    data.parse(data=result.stdout, format="nquads")
    return data


# rdflib 7's own quad parsers call its deprecated Dataset.default_context.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_one_job_and_two_jobs_build_the_same_store(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    inputs.mkdir()
    for name in NAMES:
        shutil.copy(REPORTS / name, inputs / name)
    (inputs / "broken.txt").write_bytes(b"\x00\x01binary\xff")
    runs = {}
    for jobs in ("1", "2"):
        store = tmp_path / f"store-{jobs}"
        result = bqw("ingest", inputs, "--store", store, "--jobs", jobs)
        assert result.returncode == 2, result.stderr
        runs[jobs] = (result.stdout, result.stderr.replace(str(store), "STORE"), quads(store))
    (out1, err1, data1), (out2, err2, data2) = runs["1"], runs["2"]
    assert out1 == out2 and err1 == err2
    assert [line.split()[:2] for line in out1.splitlines()] == [["added", name] for name in sorted(NAMES)]
    assert len(err1.strip().splitlines()) == 1 and "broken.txt" in err1
    assert len(data1) == len(data2) > 0
    for graph in data1.graphs():
        assert isomorphic(graph, data2.graph(graph.identifier)), graph.identifier
    again = bqw("ingest", inputs / NAMES[0], inputs / NAMES[0], "--store", tmp_path / "store-2", "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert [line.split()[0] for line in again.stdout.splitlines()] == ["unchanged", "unchanged"]


def test_same_file_name_twice_is_written_once(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        shutil.copy(REPORTS / NAMES[0], folder / NAMES[0])
    result = bqw("ingest", first / NAMES[0], second / NAMES[0], "--store", tmp_path / "store", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["added", "unchanged"]


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    result = bqw("ingest", REPORTS / NAMES[0], "--store", tmp_path / "store", "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr


def test_no_analyse_leaves_the_measures_for_bqw_analyse(tmp_path: Path) -> None:
    store = tmp_path / "store"
    measured = f"SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE {{ GRAPH <{analytics_graph()}> {{ ?entity ?p ?v }} }}"

    def entities_measured() -> int:
        result = bqw("query", measured, "--store", store, "--format", "csv")
        assert result.returncode == 0, result.stderr
        return int(result.stdout.split()[-1])

    assert bqw("ingest", REPORTS / NAMES[0], "--store", store).returncode == 0
    before = entities_measured()
    assert before > 0
    added = bqw("ingest", REPORTS / NAMES[1], "--store", store, "--no-analyse")
    assert added.returncode == 0, added.stderr
    assert entities_measured() == before
    assert bqw("analyse", "--store", store, "--write").returncode == 0
    assert entities_measured() > before
