"""The real `bqw serve` process over real HTTP: clients, limits and responsiveness."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from web_support import SLOW, LiveServer

from live_server import serving

DATA = b"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/bqw/live/a> rdfs:label "\xe7\x9f\xb3\xe8\xa7\x92\xe6\x9d\x91"@zh .
"""
GRAPH = "https://w3id.org/bqw/live/graph"


def put_data(server: LiveServer) -> None:
    response = httpx.put(
        f"{server.url}/store", params={"graph": GRAPH}, content=DATA, headers={"content-type": "text/turtle"}
    )
    assert response.status_code in (201, 204), response.text


def test_rdflib_sparqlstore_reads_through_the_endpoint(live_server: LiveServer) -> None:
    put_data(live_server)
    store = SPARQLStore(query_endpoint=f"{live_server.url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query("SELECT ?l WHERE { <https://w3id.org/bqw/live/a> ?p ?l }"))
    assert [str(row[0]) for row in rows] == ["石角村"]
    store.close()


def test_a_slow_query_times_out_while_another_client_is_served(live_server: LiveServer) -> None:
    slow: dict[str, httpx.Response] = {}

    def run_slow() -> None:
        slow["response"] = httpx.get(f"{live_server.url}/sparql", params={"query": SLOW}, timeout=30)

    worker = threading.Thread(target=run_slow)
    started = time.monotonic()
    worker.start()
    time.sleep(0.2)  # let the slow query reach the server first; correctness does not depend on it
    quick_started = time.monotonic()
    quick = httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}"}, timeout=10)
    quick_took = time.monotonic() - quick_started
    worker.join(timeout=30)
    assert quick.status_code == 200
    assert quick_took < 1.0
    assert slow["response"].status_code == 503
    assert "time limit" in slow["response"].text
    assert time.monotonic() - started < 10


def test_the_server_answers_with_the_negotiated_content_type(live_server: LiveServer) -> None:
    response = httpx.get(
        f"{live_server.url}/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"accept": "application/n-triples;q=0.5, text/turtle"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_reads_every_result_format(live_server: LiveServer, return_format: str) -> None:
    put_data(live_server)
    client = SPARQLWrapper(f"{live_server.url}/sparql", returnFormat=return_format)
    client.setQuery(f"SELECT ?l WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?l }} }}")
    converted = client.queryAndConvert()
    if return_format == JSON:
        assert converted["results"]["bindings"][0]["l"]["value"] == "石角村"
    elif return_format == XML:
        assert "石角村" in converted.toxml()
    else:
        assert "石角村" in converted.decode("utf-8")


def test_sparqlwrapper_posts_updates_and_reads_graphs(live_server: LiveServer) -> None:
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setMethod(POST)
    client.setQuery(f"INSERT DATA {{ GRAPH <{GRAPH}-2> {{ <urn:a> <urn:b> <urn:c> }} }}")
    client.query()
    reader = SPARQLWrapper(f"{live_server.url}/sparql", returnFormat=TURTLE)
    reader.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}-2> {{ ?s ?p ?o }} }}")
    graph = rdflib.Graph().parse(data=reader.queryAndConvert(), format="turtle")
    assert len(graph) == 1


def test_slow_queries_in_progress_do_not_hold_the_threads_that_render_pages(tmp_path: Path) -> None:
    options = ("--allow-update", "--render-threads", "1", "--query-workers", "2", "--query-timeout", "3")
    with serving(tmp_path / "store", tmp_path, *options) as server:
        put_data(server)
        slow: list[httpx.Response] = []
        workers = [
            threading.Thread(
                target=lambda: slow.append(httpx.get(f"{server.url}/sparql", params={"query": SLOW}, timeout=30))
            )
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        time.sleep(0.5)  # both slow queries are waiting on their workers
        started = time.monotonic()
        page = httpx.get(f"{server.url}/api/search", params={"q": "石角"}, timeout=10)
        took = time.monotonic() - started
        for worker in workers:
            worker.join(timeout=30)
    assert page.status_code == 200
    assert [hit["label"] for hit in page.json()["results"]] == ["石角村"]
    assert took < 1.0, f"the search waited {took:.1f} s behind the slow queries"
    assert [response.status_code for response in slow] == [503, 503]
