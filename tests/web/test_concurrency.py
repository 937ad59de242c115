"""Queries keep answering, consistently, while report graphs are being rewritten.

The embedded store allows one process, so the writes go where they can while a server
runs: Graph Store PUTs to a `bqw serve --allow-update` of this module's own. Four sample
reports are ingested first; each report graph then flips between two states — the whole
graph ("after") and its first half ("before") — by PUTs from one writer thread per graph,
while reader threads count the triples of every report graph in one query. Each count
must be exactly the before or the after size of its graph: a reader never sees a graph
half replaced. Every request must succeed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from live_server import LiveServer, serving

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
SAMPLES = (
    "2024-10-hongfeng-village-kaiping.txt",
    "2023-05-chikan-district.txt",
    "2025-06-dongyuan-county.txt",
    "2024-04-gangmen-town-suixi.txt",
)
FLIPS = 30
READERS = 4
NT = "application/n-triples"
COUNTS = """SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("concurrency")
    store = folder / "store"
    bqw = str(Path(sys.executable).with_name("bqw"))
    done = subprocess.run(
        [bqw, "ingest", *(str(REPORTS / name) for name in SAMPLES), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with serving(store, folder, "--allow-update") as server:
        yield server


def report_graphs(client: httpx.Client) -> dict[str, tuple[bytes, bytes]]:
    """Each report graph's (before, after) N-Triples: its first half, and all of it."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <https://w3id.org/bqw/ontology#Document> } }"
    rows = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    graphs = {}
    for graph in sorted(row["g"]["value"] for row in rows):
        lines = client.get("/store", params={"graph": graph}, headers={"accept": NT}).content.splitlines(keepends=True)
        assert not any(line.startswith(b"_:") for line in lines), "blank nodes would make counts ambiguous"
        graphs[graph] = (b"".join(lines[: len(lines) // 2]), b"".join(lines))
    assert len(graphs) == len(SAMPLES), graphs.keys()
    return graphs


def test_readers_see_each_report_graph_before_or_after_a_put_never_half(writable_server: LiveServer) -> None:
    with httpx.Client(base_url=writable_server.url, timeout=30) as client:
        graphs = report_graphs(client)
    sizes = {g: (before.count(b"\n"), after.count(b"\n")) for g, (before, after) in graphs.items()}
    assert all(before < after for before, after in sizes.values())
    query = COUNTS % " ".join(f"<{g}>" for g in graphs)
    failures: list[str] = []
    seen: dict[str, set[int]] = {g: set() for g in graphs}
    reads = 0
    writing = threading.Event()
    writing.set()
    lock = threading.Lock()

    def write(graph: str) -> None:
        with httpx.Client(base_url=writable_server.url, timeout=30) as client:
            for flip in range(FLIPS):
                body = graphs[graph][flip % 2]
                response = client.put("/store", params={"graph": graph}, content=body, headers={"content-type": NT})
                if response.status_code != 204:
                    failures.append(f"PUT {graph}: {response.status_code} {response.text}")

    def read() -> None:
        nonlocal reads
        with httpx.Client(base_url=writable_server.url, timeout=30) as client:
            while writing.is_set():
                response = client.get("/sparql", params={"query": query})
                if response.status_code != 200:
                    failures.append(f"query: {response.status_code} {response.text}")
                    continue
                counts = {r["g"]["value"]: int(r["n"]["value"]) for r in response.json()["results"]["bindings"]}
                with lock:
                    reads += 1
                    for graph in graphs:
                        count = counts.get(graph, 0)
                        seen[graph].add(count)
                        if count not in sizes[graph]:
                            failures.append(f"{graph} had {count} triples, neither {sizes[graph]}")

    writers = [threading.Thread(target=write, args=(g,)) for g in graphs]
    readers = [threading.Thread(target=read) for _ in range(READERS)]
    started = time.monotonic()
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in readers:
        thread.join(timeout=30)
    print(
        f"{len(graphs) * FLIPS} PUTs and {reads} consistent reads in {time.monotonic() - started:.1f} s; "
        f"states seen per graph: {[sorted(s) for s in seen.values()]}"
    )
    assert failures == []
    assert reads >= 20
    # The readers really ran while the graphs were changing: some graph was seen both ways.
    assert any(len(states) == 2 for states in seen.values()), seen
    # The last PUT of each writer sent the whole graph.
    with httpx.Client(base_url=writable_server.url, timeout=30) as client:
        final = {
            r["g"]["value"]: int(r["n"]["value"])
            for r in client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
        }
    assert final == {g: sizes[g][(FLIPS - 1) % 2] for g in graphs}
