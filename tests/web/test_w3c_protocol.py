"""The W3C SPARQL 1.1 Protocol tests, read from their manifest, sent to the real server.

Each ``mf:ProtocolTest`` lists HTTP requests (method, path under ``/sparql/``, headers,
body) and what each answer must be: a status class, and for some a result format
(``boolean``, ``tabular``, ``RDF``) and an ASK answer. Before each test the store is
emptied and the test's ``ut:graphData`` are loaded as named graphs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection
from rdflib.query import Result
from web_support import LiveServer

SUITE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql11" / "protocol"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

#: Known failures: test name → why (strict: each must still fail).
XFAIL: dict[str, str] = {}


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its answer must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolCase:
    name: str
    graphs: list[tuple[str, Path]]
    exchanges: list[Exchange]


def _exchange(graph: rdflib.Graph, request: Any) -> Exchange:
    headers: dict[str, str] = {}
    header_list = graph.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body_node = graph.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(request, HT.resp)
    statuses = {int(str(code).split("StatusCode")[1][0]) for code in graph.objects(response, MF.expectedStatus)}
    expected_format = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        format=str(expected_format) if expected_format is not None else None,
        boolean=bool(boolean.toPython()) if boolean is not None else None,
    )


def _cases() -> list[ProtocolCase]:
    manifest = SUITE / "manifest.ttl"
    if not manifest.exists():
        return []
    graph = rdflib.Graph().parse(manifest, format="turtle", publicID=f"{BASE}manifest.ttl")
    cases = []
    for root in graph.subjects(RDF.type, MF.Manifest):
        for entry in Collection(graph, graph.value(root, MF.entries)):
            graphs = [
                (str(graph.value(data, RDFS.label)), SUITE / str(graph.value(data, UT.graph)).rsplit("/", 1)[1])
                for data in graph.objects(entry, UT.graphData)
            ]
            action = graph.value(entry, MF.action)
            requests = Collection(graph, graph.value(action, HT.requests))
            name = str(entry).split("#")[1]
            cases.append(ProtocolCase(name, graphs, [_exchange(graph, request) for request in requests]))
    return cases


CASES = _cases()


def _check_body(exchange: Exchange, response: httpx.Response) -> None:
    media_type = response.headers.get("content-type", "").split(";")[0]
    if exchange.format in ("boolean", "tabular"):
        result_format = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml"}
        assert media_type in result_format, media_type
        result = Result.parse(io.BytesIO(response.content), format=result_format[media_type])
        assert result.type == ("ASK" if exchange.format == "boolean" else "SELECT")
        if exchange.boolean is not None:
            assert result.askAnswer is exchange.boolean
    elif exchange.format == "RDF":
        rdf_format = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
        assert media_type in rdf_format, media_type
        rdflib.Graph().parse(data=response.content, format=rdf_format[media_type])


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=XFAIL[c.name], strict=True)])
        if c.name in XFAIL
        else pytest.param(c, id=c.name)
        for c in CASES
    ],
)
def test_protocol(live_server: LiveServer, case: ProtocolCase) -> None:
    assert httpx.post(f"{live_server.url}/sparql", data={"update": "DROP ALL"}).status_code == 204
    for graph_name, path in case.graphs:
        response = httpx.put(
            f"{live_server.url}/store",
            params={"graph": graph_name},
            content=path.read_bytes(),
            headers={"content-type": "application/n-triples"},
        )
        assert response.status_code in (201, 204), response.text
    for exchange in case.exchanges:
        # The manifest's paths start with /sparql/; ours is /sparql, as the manifest allows.
        url = f"{live_server.url}/sparql{exchange.path.removeprefix('/sparql/')}"
        response = httpx.request(exchange.method, url, headers=exchange.headers, content=exchange.body, timeout=30)
        assert response.status_code // 100 in exchange.statuses, (response.status_code, response.text)
        if response.status_code // 100 == 2:
            _check_body(exchange, response)


def test_the_protocol_manifest_was_read() -> None:
    assert len(CASES) == 34
