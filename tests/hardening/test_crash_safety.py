"""SIGKILL at random points of `bqw ingest`: the store always opens again and holds exactly
the reports whose ingest finished, each one complete."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

from bqw.extract import extract_file
from bqw.rdf.mapping import map_extraction
from bqw.store.embedded import EmbeddedStore

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
BQW = [sys.executable, "-m", "bqw.cli"]
PREFIX = "https://w3id.org/bqw/graph/report/"
KILLS = 20


@cache
def expected_triples(name: str) -> int:
    return len(map_extraction(extract_file(REPORTS / name)).report)


def report_counts(location: Path) -> dict[str, int]:
    store = EmbeddedStore(location)
    try:
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = store.select(query)
        return {
            row["g"].strip("<>").removeprefix(PREFIX): int(row["n"].split('"')[1])
            for row in rows
            if row["g"].startswith(f"<{PREFIX}")
        }
    finally:
        store.close()


@pytest.mark.parametrize("seed", range(KILLS))
def test_sigkill_anywhere_leaves_only_whole_reports(seed: int, tmp_path: Path) -> None:
    files = sorted(REPORTS.glob("*.txt"))[:8]
    location = tmp_path / "store"
    rng = random.Random(seed)
    # Half the runs write into a store that already holds a report, half into a new one.
    if seed % 2:
        subprocess.run([*BQW, "ingest", str(files[0]), "--store", str(location)], check=True, capture_output=True)
    process = subprocess.Popen(
        [*BQW, "ingest", *map(str, files), "--store", str(location)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    time.sleep(rng.uniform(0.2, 6.0))
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate(timeout=60)
    finished = {line.split()[1] for line in out.splitlines() if line.split()[:1] in (["added"], ["unchanged"])}
    if not location.exists():
        assert not finished
        return
    present = report_counts(location)
    names = [f.name for f in files]
    assert finished <= set(present), "a report announced as written is missing"
    # At most the report being written when the process died is there without its announcement.
    assert len(set(present) - finished) <= 1
    assert set(present) == set(names[: len(present)]) or seed % 2, "reports are written in order"
    for name, count in present.items():
        assert count == expected_triples(name), f"{name} is incomplete after a kill"
