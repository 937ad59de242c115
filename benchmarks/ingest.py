"""Ingest throughput and peak memory on a corpus of replicated sample reports.

The sample reports are copied under new file names (so each copy is its own named graph)
until the copies hold at least ``--triples`` report-graph triples (or ``--copies`` full
rounds), then ingested with ``bqw ingest --jobs N`` into a fresh embedded store. Printed:
reports, quads in the store, seconds, triples/s, and the peak RSS of the ingest — of the
whole process tree (the ingest process and its workers, sampled every 50 ms) and of its
largest single process. Baseline in the same run: rdflib's in-memory graph parsing the
same quads as N-Quads.

A sample report that fails SHACL validation is left out of the corpus (it would not be
written), and named.

    .venv/bin/python benchmarks/ingest.py --triples 100000 [--jobs 2]
    .venv/bin/python benchmarks/ingest.py --copies 3
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from rdflib import Dataset

from bqw.extract import extract_file
from bqw.rdf.mapping import map_extraction
from bqw.rdf.shacl import validate_fast

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def samples() -> list[tuple[Path, int]]:
    """The sample reports that conform, with the triples of each one's report graph."""
    found = []
    for report in sorted(REPORTS.glob("*.txt")):
        graph = map_extraction(extract_file(report)).report
        if validate_fast(graph).conforms:
            found.append((report, len(graph)))
        else:
            print(f"left out (fails SHACL): {report.name}", file=sys.stderr)
    return found


def corpus(folder: Path, triples: int, copies: int) -> tuple[list[Path], int]:
    """Copies of the samples until ``triples`` are reached (or ``copies`` rounds); the files and their triples."""
    reports = samples()
    files: list[Path] = []
    total = 0
    n = 0
    while (triples and total < triples) or (not triples and n < copies):
        for report, count in reports:
            if triples and total >= triples:
                break
            target = folder / f"{report.stem}-copy{n:05d}.txt"
            shutil.copyfile(report, target)
            files.append(target)
            total += count
        n += 1
    return files, total


class PeakRss:
    """The largest RSS sum seen over a process and its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=0, help="copy reports until they hold this many triples")
    parser.add_argument("--copies", type=int, default=3, help="rounds of copies when --triples is not given")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="bqw ingest --jobs")
    args = parser.parse_args()
    bqw = [sys.executable, "-m", "bqw.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = folder / "reports"
        inputs.mkdir()
        files, expected = corpus(inputs, args.triples, args.copies)
        store = folder / "store"
        started = time.perf_counter()
        command = [*bqw, "ingest", str(inputs), "--store", str(store), "--jobs", str(args.jobs)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        peak = PeakRss(process.pid)
        if process.wait() != 0:
            raise SystemExit(f"bqw ingest failed with exit status {process.returncode}")
        ingest_seconds = time.perf_counter() - started
        tree_mb = peak.stop() / 2**20
        single_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        dump = folder / "all.nq"
        subprocess.run([*bqw, "export", "--store", str(store), "--format", "nquads", "-o", str(dump)], check=True)
        with dump.open(encoding="utf-8") as lines:
            quads = sum(1 for line in lines if line.strip())
        started = time.perf_counter()
        Dataset().parse(dump, format="nquads")
        rdflib_seconds = time.perf_counter() - started
    what = f"bqw ingest --jobs {args.jobs} (extract+map+SHACL+write)"
    print(f"{'what':<50}{'seconds':>10}{'triples/s':>12}")
    print(f"{what:<50}{ingest_seconds:>10.1f}{quads / ingest_seconds:>12,.0f}")
    print(f"{'baseline: rdflib parses the N-Quads':<50}{rdflib_seconds:>10.1f}{quads / rdflib_seconds:>12,.0f}")
    print(f"reports: {len(files)}, report-graph triples: {expected:,}, quads in the store: {quads:,}")
    print(f"peak RSS of the ingest: {tree_mb:,.0f} MB (process and workers), {single_mb:,.0f} MB (largest process)")


if __name__ == "__main__":
    main()
