"""Ingest throughput and peak memory on a corpus of replicated sample reports.

Each sample report is copied N times under new file names (so each copy is its own named
graph), then ingested with ``bqw ingest`` into a fresh embedded store; printed: reports,
triples written, seconds, triples/s and the peak RSS of the ingest process. Baseline in
the same run: rdflib's in-memory graph parsing the same triples as N-Triples.

    .venv/bin/python benchmarks/ingest.py [--copies 10]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def corpus(folder: Path, copies: int) -> list[Path]:
    files = []
    for n in range(copies):
        for report in sorted(REPORTS.glob("*.txt")):
            target = folder / f"{report.stem}-copy{n:03d}.txt"
            shutil.copyfile(report, target)
            files.append(target)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    bqw = [sys.executable, "-m", "bqw.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = folder / "reports"
        inputs.mkdir()
        files = corpus(inputs, args.copies)
        store = folder / "store"
        started = time.perf_counter()
        subprocess.run([*bqw, "ingest", str(inputs), "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
        ingest_seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        dump = folder / "all.nq"
        subprocess.run([*bqw, "export", "--store", str(store), "--format", "nquads", "-o", str(dump)], check=True)
        quads = sum(1 for line in dump.read_text(encoding="utf-8").splitlines() if line.strip())
        started = time.perf_counter()
        Dataset().parse(dump, format="nquads")
        rdflib_seconds = time.perf_counter() - started
    print(f"{'what':<36}{'seconds':>10}{'triples/s':>12}")
    print(f"{'bqw ingest (extract+map+SHACL+write)':<36}{ingest_seconds:>10.1f}{quads / ingest_seconds:>12.0f}")
    print(f"{'baseline: rdflib parses the N-Quads':<36}{rdflib_seconds:>10.1f}{quads / rdflib_seconds:>12.0f}")
    print(f"reports: {len(files)}, quads in the store: {quads}, peak RSS of the ingest: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
