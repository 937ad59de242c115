"""The scale benchmark runs end to end on its smallest corpus (bqw side only: a smoke test, no timing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "search",
    "entity page",
    "graph 1-hop",
    "graph 2-hop",
    "provenance",
    "counts by class",
    "indicator table",
]


def test_every_query_of_the_scale_benchmark_runs_on_the_embedded_store(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "10k", "--no-rdflib", "--runs", "1"]
    result = subprocess.run(
        [*command, "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("10k ")]
    timed = {" ".join(row[1:-4]) for row in rows if row[-1] == "skipped"}
    assert timed == set(QUERIES), result.stdout
