"""The explorer's queries at 10k / 100k / 1M (/ 10M) triples: bqw's embedded store against rdflib.

For each size a corpus is generated (``benchmarks/corpus.py``: the sample reports' own
extraction, replicated with varied names) and loaded twice:

- bqw: a new on-disk embedded store (pyoxigraph bulk load), plus its label index
  (``<store>.labels.sqlite``), built as the store keeps it: rebuilt from the store's
  labels by the first search;
- rdflib: an in-memory ``Dataset`` (``default_union=True``, as bqw queries the union of
  the graphs) parsing the same N-Quads file.

Then each explorer query runs with varied parameters (30 search words, 30 entities) and
the table gives p50 and p95 in milliseconds. Both sides run the *same bqw code*: the
functions behind the explorer's routes (``/api/search``, the entity page's
``describe``, ``/api/graph`` at depth 1 and 2, the shipped ``provenance`` query, and the
``catalogue`` counts by class and indicator table) get either the embedded store or an
adapter that runs the same SPARQL on rdflib. The only exception is the label search, which
is the n-gram index on bqw's side and, on rdflib's, the CONTAINS query over labels that
the index replaced. Each query runs once untimed (warm-up) before it is timed.

rdflib is slow at 1M triples (seconds per query), so its runs are capped (``--rdflib-cap``,
5 by default) from 1M on, and it is skipped at 10M; the table says so.

    .venv/bin/python benchmarks/scale.py                      # 10k, 100k, 1m
    .venv/bin/python benchmarks/scale.py --sizes 10m --no-rdflib
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from rdflib import Dataset
from rdflib.util import from_n3
from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (the generator beside this script)
from label_search import SEARCH  # noqa: E402  (what /api/search ran before the label index)

from bqw import queries  # noqa: E402
from bqw.analytics import summary  # noqa: E402
from bqw.config import Settings  # noqa: E402
from bqw.store import terms as nt  # noqa: E402
from bqw.web import api, catalogue, describe, graph_api  # noqa: E402
from bqw.web.urls import Urls  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_LABELLED = "SELECT DISTINCT ?entity WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
_LABELS = "SELECT ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
# Entities picked per kind: what a user lands on (report-owned names, divisions, shared terms).
_PICKS = (("owned", 12), ("division", 6), ("Indicator", 4), ("Policy", 4), ("Honor", 4))
_FIXED_NEEDLES = ("村", "乡村振兴", "示范", "百千万工程", "无此名称")


class RdflibStore:
    """The part of bqw's store contract the explorer reads, answered by rdflib's in-memory Dataset."""

    # rdflib's graph has no write counter: nothing read from it is remembered.
    generation = None

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def select(self, query: str, bindings: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
        """Rows as N-Triples terms, like :meth:`bqw.store.embedded.EmbeddedStore.select`."""
        bound = {name: from_n3(term) for name, term in (bindings or {}).items()}
        result = self.dataset.query(query, initBindings=bound)
        names = [str(variable) for variable in result.vars or []]
        for row in result:
            yield {name: term.n3() for name, term in zip(names, row, strict=True) if term is not None}  # type: ignore[union-attr, arg-type]

    def ask(self, query: str, bindings: dict[str, str] | None = None) -> bool:
        """The answer of an ASK."""
        bound = {name: from_n3(term) for name, term in (bindings or {}).items()}
        return bool(self.dataset.query(query, initBindings=bound).askAnswer)

    def search_labels(self, needle: str, limit: int = 2000) -> list[tuple[str, str]]:
        """The CONTAINS query the label index replaced, reading at most ``limit`` candidates."""
        rows = islice(self.select(SEARCH, {"q": nt.literal(needle)}), limit)
        return [(row["entity"], row["label"]) for row in rows]


@dataclass(frozen=True)
class Workload:
    """One explorer query: its name, the parameters it is run with, and how to run it on a store."""

    name: str
    params: list[str]
    run: Callable[[Any, str], Any]


@dataclass(frozen=True)
class Timing:
    """p50 and p95 of one query on one store, in ms, over ``runs`` runs (``error``: it could not run)."""

    p50: float
    p95: float
    runs: int
    error: str | None = None


def workloads(store: Any, seed: int) -> list[Workload]:
    """The explorer's queries with their varied parameters, picked from what ``store`` holds."""
    settings = Settings()
    urls = Urls(settings.base_iri)
    rng = random.Random(seed)
    entities = sorted(nt.to_json(row["entity"])["value"] for row in store.select(_LABELLED))
    kinds: dict[str, list[str]] = {}
    for iri in entities:
        if "/in/" in iri:
            kind = "owned"
        elif "/id/division/" in iri:
            kind = "division"
        else:
            kind = iri.split("/id/", 1)[-1].split("/", 1)[0]
        kinds.setdefault(kind, []).append(iri)
    picked = [
        iri for kind, count in _PICKS for iri in rng.sample(kinds.get(kind, []), min(count, len(kinds.get(kind, []))))
    ]
    rng.shuffle(picked)
    labels = sorted({str(nt.to_json(row["label"])["value"]) for row in store.select(_LABELS)})
    needles = list(_FIXED_NEEDLES)
    while len(needles) < 30:
        label = rng.choice(labels)
        size = rng.choice((1, 2, 2, 3, 4, len(label)))
        start = rng.randrange(max(1, len(label) - size + 1))
        needle = label[start : start + size]
        if needle and needle not in needles:
            needles.append(needle)
    provenance = queries.load("provenance")
    # /api/graph reads the interface language from its request: a plain one, as a browser's first visit.
    request = Request({"type": "http", "method": "GET", "path": "/api/graph", "query_string": b"", "headers": []})
    return [
        Workload("search", needles, lambda s, q: api.search(s, urls, q=q, limit=20, type_=None)),
        Workload("entity page", picked, lambda s, iri: describe.describe(s, iri, urls)),
        Workload("graph 1-hop", picked, lambda s, iri: graph_api.graph(request, s, settings, urls, iri=iri, depth=1)),
        Workload("graph 2-hop", picked, lambda s, iri: graph_api.graph(request, s, settings, urls, iri=iri, depth=2)),
        Workload("provenance", picked, lambda s, iri: list(s.select(provenance, {"entity": nt.iri(iri)}))),
        Workload("counts by class", ["-"], lambda s, _: catalogue.stats(s, urls)),
        Workload("indicator table", ["-"], lambda s, _: catalogue.indicators(s, urls)),
    ]


def measure(store: Any, work: Workload, runs: int, budget: float | None = None) -> Timing:
    """Run ``work`` once untimed, then ``runs`` times over its parameters (evenly spread when fewer).

    With a ``budget`` (seconds), fewer runs are made when the untimed run says ``runs`` would
    take longer (at least one). An rdflib failure is recorded rather than raised: some
    explorer queries hit rdflib bugs.
    """
    start = time.perf_counter()
    try:
        work.run(store, work.params[0])
    except (AttributeError, TypeError, ValueError) as error:
        if not isinstance(store, RdflibStore):
            raise
        return Timing(0.0, 0.0, 0, f"{type(error).__name__}: {error}")
    if budget is not None:
        runs = max(1, min(runs, int(budget / max(time.perf_counter() - start, 1e-6))))
    times = []
    for i in range(runs):
        param = work.params[(i * len(work.params)) // runs % len(work.params)]
        start = time.perf_counter()
        work.run(store, param)
        times.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(times), percentile(times, 95), runs)


def percentile(values: list[float], pct: int) -> float:
    """The ``pct``-th percentile, interpolated (the largest value for one run).

    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50)
    3.0
    """
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def label_of(size: int) -> str:
    """10000 → 10k, 1000000 → 1m."""
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def rss_mb() -> float:
    """Peak resident memory of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_size(size: int, args: argparse.Namespace) -> list[tuple[str, Timing, Timing | None]]:
    """Generate, load and time every query at one size; print the loading lines as it goes."""
    name = label_of(size)
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"corpus-{name}.nq"
    start = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        quads = corpus.generate(out, size, args.seed)
    print(f"[{name}] corpus: {quads} quads generated in {time.perf_counter() - start:.1f} s ({path})", flush=True)
    location = args.workdir / f"store-{name}"
    _remove_store(location)
    store, loaded, indexed = corpus.build_store(path, location)
    print(f"[{name}] bqw: bulk load {loaded:.1f} s + label index {indexed:.1f} s (on disk)", flush=True)
    start = time.perf_counter()
    summary.refresh(store)  # as bqw ingest does after writing: pages read the kept figures
    print(f"[{name}] bqw: summary figures computed and kept in {time.perf_counter() - start:.1f} s", flush=True)
    rdflib_store: RdflibStore | None = None
    if args.rdflib and size <= args.rdflib_max:
        start = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(str(path), format="nquads")
        rdflib_store = RdflibStore(dataset)
        print(
            f"[{name}] rdflib: parse {time.perf_counter() - start:.1f} s (in memory), peak RSS {rss_mb():.0f} MB",
            flush=True,
        )
    else:
        print(f"[{name}] rdflib: skipped at this size (loads for minutes and answers in seconds)", flush=True)
    rows = []
    rdflib_runs = args.runs if size < args.cap_from else min(args.runs, args.rdflib_cap)
    for work in workloads(store, args.seed):
        ours = measure(store, work, args.runs)
        theirs = measure(rdflib_store, work, rdflib_runs, args.rdflib_budget) if rdflib_store is not None else None
        rows.append((work.name, ours, theirs))
        print(_row(name, work.name, ours, theirs), flush=True)
    store.close()
    del rdflib_store
    gc.collect()
    if not args.keep:
        _remove_store(location)
        path.unlink()
    return rows


def _row(size: str, query: str, ours: Timing, theirs: Timing | None) -> str:
    line = f"{size:<6}{query:<17}{ours.p50:>9.1f}{ours.p95:>9.1f}{ours.runs:>5}"
    if theirs is None:
        return line + f"{'skipped':>12}{'':>10}{'':>5}"
    if theirs.error is not None:
        return line + f"{'fails':>12}{'':>10}{'':>5}"
    return line + f"{theirs.p50:>12.1f}{theirs.p95:>10.1f}{theirs.runs:>5}"


def _remove_store(location: Path) -> None:
    shutil.rmtree(location, ignore_errors=True)
    for extra in location.parent.glob(location.name + ".labels.sqlite*"):
        extra.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated corpus sizes (default 10k,100k,1m)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--rdflib-cap", type=int, default=5, help="rdflib's runs from --cap-from on (default 5)")
    parser.add_argument("--cap-from", type=corpus.parse_size, default=1_000_000, help="size that caps rdflib (1m)")
    parser.add_argument("--rdflib-max", type=corpus.parse_size, default=1_000_000, help="largest size for rdflib")
    parser.add_argument("--rdflib-budget", type=float, default=30.0, help="seconds of rdflib runs per query (30)")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="time bqw only")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--keep", action="store_true", help="keep each corpus file and store")
    args = parser.parse_args()
    sizes = [corpus.parse_size(size) for size in args.sizes.split(",")]
    results = [(label_of(size), bench_size(size, args)) for size in sizes]
    errors: set[str] = set()
    print()
    print(f"{'size':<6}{'query':<17}{'bqw p50':>9}{'p95':>9}{'runs':>5}{'rdflib p50':>12}{'p95':>10}{'runs':>5}")
    for name, rows in results:
        for query, ours, theirs in rows:
            print(_row(name, query, ours, theirs))
            if theirs is not None and theirs.error is not None:
                errors.add(f"rdflib fails on {query}: {theirs.error}")
    print(
        f"ms; rdflib runs capped at {args.rdflib_cap} from {label_of(args.cap_from)} on, and to what fits in "
        f"{args.rdflib_budget:.0f} s per query; rdflib skipped above {label_of(args.rdflib_max)}"
    )
    for error in sorted(errors):
        print(error)


if __name__ == "__main__":
    main()
