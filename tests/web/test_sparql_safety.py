"""SPARQL safety: a read-only endpoint refuses every kind of write, SERVICE reaches nowhere,
a runaway query is stopped by the time limit while other clients are served, and the row
cap truncates and says so.

``test_update_access.py`` already covers INSERT DATA (both POST forms), LOAD of a remote
IRI with writes on, GSP PUT and DELETE read-only, and one SERVICE address; this module adds
the rest of the update language and the GSP POST, many spellings of SERVICE, and the limits
on a real server of its own (a runaway query cannot be cancelled, so it must not share the
session's server).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from web_support import G1, G2, V1, V2, ClientFactory

from live_server import LiveServer, serving

DUMP = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
UPDATES = [
    "INSERT DATA { GRAPH <urn:bqw:x> { <urn:a> <urn:b> <urn:c> } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    f"DELETE DATA {{ GRAPH <{G1}> {{ <{V1}> <https://w3id.org/bqw/partOf> <{V2}> }} }}",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <http://127.0.0.1:1/x.ttl> INTO GRAPH <urn:bqw:x>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    f"CLEAR GRAPH <{G1}>",
    "DROP ALL",
    "DROP NAMED",
    f"DROP SILENT GRAPH <{G2}>",
    "CREATE GRAPH <urn:bqw:new>",
    f"ADD <{G1}> TO <{G2}>",
    f"MOVE <{G1}> TO <{G2}>",
    f"COPY <{G1}> TO <{G2}>",
    # Two operations in one request, the harmless one first.
    "CREATE SILENT GRAPH <urn:bqw:y> ; DROP ALL",
    'PREFIX x: <urn:x#> # a comment with "quotes" and }\nDROP ALL',
]
SERVICES = [
    "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE <http://localhost/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
    "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://[::1]:1/> { ?s ?p ?o } }",
    "select * { service <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:1/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }",
    "SELECT * { VALUES ?e { <http://127.0.0.1:1/> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * { { SELECT ?s { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } } }",
    "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:1/> { ?s ?q ?r } } }",
    "SELECT * { SERVICE#comment\n<http://127.0.0.1:1/> { ?s ?p ?o } }",
    "ASK { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
]


def dump(client: TestClient) -> list[tuple[str, ...]]:
    rows = client.get("/sparql", params={"query": DUMP}).json()["results"]["bindings"]
    return sorted(tuple(row.get(k, {}).get("value", "") for k in ("g", "s", "p", "o")) for row in rows)


@pytest.mark.parametrize("update", UPDATES)
def test_a_read_only_endpoint_refuses_every_update(client: TestClient, update: str) -> None:
    before = dump(client)
    assert (
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}).status_code == 403
    )
    assert client.post("/sparql", data={"update": update}).status_code == 403
    # An update in a GET is a protocol error whatever the access rules.
    assert client.get("/sparql", params={"update": update}).status_code == 400
    # Nor does an update pass for a query (LOAD is refused as remote access before parsing).
    assert client.post("/sparql", data={"query": update}).status_code in (400, 403)
    assert dump(client) == before


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("target", [{"graph": G1}, {"graph": "urn:bqw:new"}, {"default": ""}])
def test_a_read_only_graph_store_refuses_every_write(client: TestClient, method: str, target: dict[str, str]) -> None:
    before = dump(client)
    body = b"<urn:a> <urn:b> <urn:c> ." if method != "DELETE" else b""
    response = client.request(method, "/store", params=target, content=body, headers={"content-type": "text/turtle"})
    assert response.status_code == 403
    assert dump(client) == before


@pytest.mark.parametrize("query", SERVICES)
def test_service_to_any_address_is_refused(client: TestClient, query: str) -> None:
    assert client.get("/sparql", params={"query": query}).status_code == 403
    assert client.post("/sparql", data={"query": query}).status_code == 403
    assert (
        client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}).status_code == 403
    )


@pytest.mark.parametrize(
    "update", ["LOAD <file:///etc/passwd>", "LOAD SILENT <http://169.254.169.254/> INTO GRAPH <urn:x>"]
)
def test_load_is_refused_even_where_writes_are_allowed(make_client: ClientFactory, update: str) -> None:
    client = make_client(allow_update=True)
    before = dump(client)
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert dump(client) == before


# -- limits on a server of this module's own ------------------------------------------------

SEED = "\n".join(
    f'<https://w3id.org/bqw/id/Thing/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "物{i}"@zh .' for i in range(60)
).encode()
# 60⁴ ≈ 13 million solutions to count: the aggregate blocks before its first row, which is
# the kind of query the store cannot stop by itself.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
STREAMING_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 3600 rows, past a cap of 50
TIME_LIMIT = 1.0


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("limited-server")
    options = ("--allow-update", "--query-timeout", str(TIME_LIMIT), "--query-workers", "2", "--max-rows", "50")
    with serving(folder / "store", folder, *options) as server:
        response = httpx.put(
            f"{server.url}/store",
            params={"graph": "urn:bqw:things"},
            content=SEED,
            headers={"content-type": "text/turtle"},
        )
        assert response.status_code == 201, response.text
        yield server
        # The runaway query cannot be cancelled: ending the process is what stops it.
        server.process.kill()


def test_a_cartesian_product_is_stopped_while_other_clients_get_answers(limited_server: LiveServer) -> None:
    runaway: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        runaway["response"] = httpx.get(f"{limited_server.url}/sparql", params={"query": CARTESIAN}, timeout=30)
        runaway["took"] = time.monotonic() - started

    worker = threading.Thread(target=run)
    worker.start()
    latencies: list[float] = []
    statuses: list[int] = []
    with httpx.Client(base_url=limited_server.url, timeout=10) as other:
        deadline = time.monotonic() + TIME_LIMIT + 1.0
        while time.monotonic() < deadline:
            for request in (
                lambda: other.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"}),
                lambda: other.get("/api/search", params={"q": "物1"}),
                lambda: other.get("/classes"),
            ):
                started = time.monotonic()
                statuses.append(request().status_code)
                latencies.append(time.monotonic() - started)
    worker.join(timeout=30)
    response = runaway["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503, response.text
    assert "time limit" in response.text
    assert float(str(runaway["took"])) < TIME_LIMIT + 2.0
    assert set(statuses) == {200}
    assert len(latencies) >= 10
    print(
        f"other client during the runaway query: {len(latencies)} answers, "
        f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    assert max(latencies) < 1.0


@pytest.mark.parametrize(
    ("accept", "count"),
    [
        ("application/sparql-results+json", lambda r: len(r.json()["results"]["bindings"])),
        ("text/csv", lambda r: len(r.text.strip().splitlines()) - 1),
        ("text/tab-separated-values", lambda r: len(r.text.strip().splitlines()) - 1),
    ],
)
def test_a_result_over_the_row_cap_is_cut_and_says_so(limited_server: LiveServer, accept: str, count: object) -> None:
    response = httpx.get(
        f"{limited_server.url}/sparql", params={"query": STREAMING_PRODUCT}, headers={"accept": accept}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["x-bqw-truncated"] == "true"
    assert callable(count) and count(response) == 50
    small = httpx.get(f"{limited_server.url}/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 50"})
    assert "x-bqw-truncated" not in small.headers


def test_a_construct_over_the_row_cap_is_cut_and_says_so(limited_server: LiveServer) -> None:
    query = "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"
    response = httpx.get(
        f"{limited_server.url}/sparql", params={"query": query}, headers={"accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert response.headers["x-bqw-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 50
