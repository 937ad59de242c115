"""Label search: the n-gram index (bqw.store.label_index) against CONTAINS, at growing sizes.

The labels are the sample reports' own (extracted and mapped), repeated under varied names
(a county-style prefix and a number) until there are ``N`` labelled entities, each with a
type triple too. The baseline, measured in the same run on the same data, is the
``/api/search`` query: CONTAINS over LCASE(STR(label)) on the embedded store (in memory),
reading at most 2,000 candidates as the route does.

    .venv/bin/python benchmarks/label_search.py [--sizes 10000 100000 300000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from bqw.extract import extract_file
from bqw.rdf.iris import Minter
from bqw.rdf.mapping import map_extraction, ntriples
from bqw.store.embedded import EmbeddedStore
from bqw.store.label_index import LabelIndex, labels_in
from bqw.store.terms import literal

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
PREFIXES = "东西南北中上下新老大小"
SEARCH = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?q WHERE {
  ?entity rdfs:label|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
}
"""


def sample_labels() -> list[str]:
    """The distinct label texts of the sample reports."""
    minter = Minter()
    texts: set[str] = set()
    for path in sorted(REPORTS.glob("*.txt")):
        graphs = map_extraction(extract_file(path), minter)
        for _, label in labels_in(ntriples(graphs.triples)):
            texts.add(label.split('"')[1])
    return sorted(texts)


def corpus(size: int, seeds: list[str]) -> list[str]:
    """``size`` N-Triples label and type lines from varied copies of the seed labels."""
    lines = []
    for i in range(size):
        text = f"{PREFIXES[i % len(PREFIXES)]}{seeds[i % len(seeds)]}{i // len(seeds)}"
        entity = f"<https://w3id.org/bqw/bench/e{i}>"
        lines.append(f"{entity} <http://www.w3.org/2000/01/rdf-schema#label> {literal(text, language='zh')} .")
        lines.append(
            f"{entity} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bqw/ontology#Village> ."
        )
    return lines


def p50_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seeds = sample_labels()
    # One and two characters (autocomplete), a whole name, a phrase, and a miss.
    needles = ["村", seeds[len(seeds) // 3][:2], seeds[len(seeds) // 2], "乡村振兴", "nothing-like-this"]
    print(f"{len(seeds)} distinct sample labels; p50 of {args.repeat} runs per needle, ms")
    print(f"{'labels':>8} {'triples':>8} {'index build s':>13} {'needle':<18} {'CONTAINS':>9} {'index':>8} {'hits':>5}")
    for size in args.sizes:
        lines = corpus(size, seeds)
        store = EmbeddedStore()
        store.replace_graph("https://w3id.org/bqw/bench/graph", lines)
        index = LabelIndex()
        start = time.perf_counter()
        index.replace_graph("https://w3id.org/bqw/bench/graph", labels_in(lines))
        build = time.perf_counter() - start
        for needle in needles:
            bound = {"q": literal(needle)}
            baseline = p50_ms(lambda s=store, n=bound: list(islice(s.select(SEARCH, n), 2_000)), args.repeat)
            indexed = p50_ms(lambda i=index, n=needle: i.search(n, 2_000), args.repeat)
            hits = len(index.search(needle, 2_000))
            expected = len(list(islice(store.select(SEARCH, bound), 2_000)))
            assert hits == expected, f"{needle}: index {hits} != CONTAINS {expected}"
            print(f"{size:>8} {len(lines):>8} {build:>13.1f} {needle:<18} {baseline:>9.1f} {indexed:>8.2f} {hits:>5}")
        index.close()
        store.close()


if __name__ == "__main__":
    main()
