"""Load: `bqw serve` on the sample reports, 50 connections for 60 s over loopback.

The store is built from ``data/reports`` (ingest + ``analyse --write``) in a temporary
folder, then one `bqw serve` process answers four kinds of request at once, each driven by
its own share of the connections:

* search — ``/api/search?q=`` over a list of common words,
* entity pages — the HTML page of entities picked from the store,
* graph API — ``/api/graph?iri=`` for the same entities,
* SPARQL — three small SELECTs on ``/sparql``.

The driver is wrk (Debian's ``wrk``, one process per kind, a Lua script rotating the paths)
when it is installed, otherwise an asyncio httpx client in this process (``--driver
python``), which on a small machine takes CPU from the server and so measures less.
An error is any answer that is not 2xx and any connect, read, write or timeout error. The
server's resident memory is read from ``/proc`` at start (after a warm-up), half-way and at
the end. SPARQL connections are no more than ``--query-workers``: past that the endpoint
answers 503 "busy" by design (``bqw.web.runner``), which is not what this measures.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--connections 50] [--driver wrk|python]

Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
BASE = "https://w3id.org/bqw/"
WORDS = ["村", "镇", "百千万", "产业", "项目", "开平", "示范", "乡村振兴", "集体", "红丰", "赤坎", "公司"]
SPARQL = [
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?label WHERE { ?s a <https://w3id.org/bqw/ontology#Village> ; rdfs:label ?label } LIMIT 100",
    "PREFIX bqw: <https://w3id.org/bqw/ontology#> "
    "SELECT ?area (COUNT(?o) AS ?n) WHERE { ?o a bqw:Observation ; bqw:area ?area } "
    "GROUP BY ?area ORDER BY DESC(?n) LIMIT 20",
]
ENTITIES = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT DISTINCT ?s WHERE {
  VALUES ?type { bqw:Village bqw:Project bqw:Policy bqw:Honor bqw:Town bqw:County bqw:Indicator }
  ?s a ?type FILTER(STRSTARTS(STR(?s), "https://w3id.org/bqw/id/")) } ORDER BY ?s"""

_ASCII = "".join(chr(c) for c in range(33, 127))
# wrk runs this per connection: rotate through the paths, and print the figures as JSON.
LUA = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "%s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "seconds": %%f, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%f, "p99": %%f, "max": %%f}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


@dataclass
class Result:
    """What one kind of request got."""

    name: str
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    p50: float = 0.0
    p99: float = 0.0
    max: float = 0.0

    def finish(self) -> None:
        if self.latencies_ms:
            ordered = sorted(self.latencies_ms)
            self.p50 = statistics.median(ordered)
            self.p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
            self.max = ordered[-1]


def bqw(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("bqw")), *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def serve(store: Path, workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = bqw("serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port))
    command += ["--query-workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"bqw serve exited: {process.stderr.read().decode() if process.stderr else ''}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def build_store(folder: Path) -> Path:
    store = folder / "store"
    for args in (("ingest", str(REPORTS), "--store", str(store)), ("analyse", "--store", str(store), "--write")):
        subprocess.run(bqw(*args), check=True, stdout=subprocess.DEVNULL)
    return store


def workload(url: str) -> dict[str, tuple[list[str], str]]:
    """Paths per kind of request, and the Accept header each sends."""
    answer = httpx.get(url + "/sparql", params={"query": ENTITIES}, timeout=30).json()
    entities = [row["s"]["value"] for row in answer["results"]["bindings"]]
    random.Random(42).shuffle(entities)
    entities = entities[:200]
    return {
        "search": ([f"/api/search?{urlencode({'q': w})}" for w in WORDS], "application/json"),
        # As a browser sends the links: only non-ASCII is %-encoded (see bqw.web.urls).
        "entity page": (["/" + quote(iri.removeprefix(BASE), safe=_ASCII) for iri in entities], "text/html"),
        "graph API": ([f"/api/graph?{urlencode({'iri': iri})}" for iri in entities], "application/json"),
        "SPARQL": ([f"/sparql?{urlencode({'query': q})}" for q in SPARQL], "application/sparql-results+json"),
    }


def share(connections: int, sparql_cap: int) -> dict[str, int]:
    sparql = min(sparql_cap, max(1, connections // 4))
    rest = connections - sparql
    return {"search": rest - 2 * (rest // 3), "entity page": rest // 3, "graph API": rest // 3, "SPARQL": sparql}


def run_wrk(
    url: str, work: dict[str, tuple[list[str], str]], conns: dict[str, int], seconds: int, folder: Path
) -> list[Result]:
    processes = {}
    for name, (paths, accept) in work.items():
        script = folder / f"{name.replace(' ', '-')}.lua"
        quoted = ", ".join(json.dumps(p) for p in paths)
        script.write_text(LUA % (quoted, accept))
        command = ["wrk", "-t1", f"-c{conns[name]}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
        processes[name] = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    results = []
    for name, process in processes.items():
        output, _ = process.communicate(timeout=seconds + 60)
        lines = [line for line in output.splitlines() if line.startswith("{")]
        if not lines:
            raise SystemExit(f"wrk ({name}) printed no figures:\n{output}")
        figures = json.loads(lines[-1])
        errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
        results.append(
            Result(
                name,
                figures["requests"],
                figures["seconds"],
                errors,
                [],
                figures["p50"],
                figures["p99"],
                figures["max"],
            )
        )
    return results


def run_python(url: str, work: dict[str, tuple[list[str], str]], conns: dict[str, int], seconds: int) -> list[Result]:
    async def main() -> list[Result]:
        results = {name: Result(name) for name in work}
        deadline = time.monotonic() + seconds
        limits = httpx.Limits(max_connections=sum(conns.values()))
        async with httpx.AsyncClient(base_url=url, timeout=10, limits=limits) as client:

            async def connection(name: str, offset: int) -> None:
                paths, accept = work[name]
                result, index = results[name], offset
                while time.monotonic() < deadline:
                    index = (index + 1) % len(paths)
                    started = time.monotonic()
                    try:
                        response = await client.get(paths[index], headers={"accept": accept})
                        ok = 200 <= response.status_code < 300
                    except httpx.HTTPError:
                        ok = False
                    result.latencies_ms.append((time.monotonic() - started) * 1000)
                    result.requests += 1
                    result.errors += not ok

            started = time.monotonic()
            await asyncio.gather(*(connection(n, i) for n, c in conns.items() for i in range(c)))
            for result in results.values():
                result.seconds = time.monotonic() - started
                result.finish()
        return list(results.values())

    return asyncio.run(main())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--query-workers", type=int, default=8, help="the server's SPARQL workers (caps SPARQL connections)"
    )
    parser.add_argument("--driver", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument(
        "--only", choices=["search", "entity page", "graph API", "SPARQL"], help="all connections on one endpoint"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = time.monotonic()
        store = build_store(folder)
        print(f"store: {len(list(REPORTS.glob('*.txt')))} sample reports, built in {time.monotonic() - built:.1f} s")
        with serve(store, args.query_workers) as (url, process):
            work = workload(url)
            conns = share(args.connections, args.query_workers)
            if args.only:
                work, conns = {args.only: work[args.only]}, {args.only: args.connections}
            for paths, accept in work.values():  # warm-up: every path once
                for path in paths:
                    httpx.get(url + path, headers={"accept": accept}, timeout=30)
            memory = {"start": rss_mb(process.pid)}
            timer = threading.Timer(args.seconds / 2, lambda: memory.__setitem__("middle", rss_mb(process.pid)))
            timer.start()
            if args.driver == "wrk":
                results = run_wrk(url, work, conns, args.seconds, folder)
            else:
                results = run_python(url, work, conns, args.seconds)
            timer.join()
            memory["end"] = rss_mb(process.pid)
            alive = process.poll() is None
    print(f"driver: {args.driver}, {args.connections} connections, {args.seconds} s, loopback, server alive: {alive}")
    heads = ("conns", "requests", "req/s", "errors", "p50 ms", "p99 ms", "max ms")
    print(f"{'endpoint':<12} " + " ".join(f"{h:>8}" for h in heads))
    for r in results:
        rate = r.requests / r.seconds if r.seconds else 0.0
        cells = (conns[r.name], r.requests, f"{rate:.1f}", r.errors, f"{r.p50:.1f}", f"{r.p99:.1f}", f"{r.max:.1f}")
        print(f"{r.name:<12} " + " ".join(f"{c:>8}" for c in cells))
    total = sum(r.requests for r in results)
    errors = sum(r.errors for r in results)
    seconds = max(r.seconds for r in results)
    print(f"{'all':<12} " + " ".join(f"{c:>8}" for c in (args.connections, total, f"{total / seconds:.1f}", errors)))
    print("server RSS MB: " + ", ".join(f"{k} {v:.1f}" for k, v in memory.items()))
    return 1 if errors or not alive else 0


if __name__ == "__main__":
    sys.exit(main())
