"""Hostile requests against the real server: traversal and IRI injection in every parameter
that reaches the store, and bodies over the size limit however they are framed.

The requests go over a raw socket, so paths arrive exactly as written (an HTTP client
would resolve ``..`` before sending). The server is the session's ``live_server``, which
allows writes, so a request that slipped through could really change the data: the whole
dataset is compared before and after.
"""

from __future__ import annotations

import select
import socket
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pytest
from web_support import LiveServer

BASE = "https://w3id.org/bqw/id/"
SEED_GRAPH = "https://w3id.org/bqw/hostile/seed"
SEED = b'<https://w3id.org/bqw/id/Village/seed> <http://www.w3.org/2000/01/rdf-schema#label> "seed"@zh .\n'
DUMP = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
LIMIT = 10 * 1024 * 1024  # the live server runs with the default max_body_bytes

TRAVERSAL = ["..", "../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "a/../../b", "%2E%2E"]
# (An apostrophe is allowed in IRIs and cannot leave a `<…>` term, so it is not here.)
INJECTION = ["x> } ; DROP ALL ; #", "<urn:x>", "a}b", 'a"b', "a\nb", '" . } DROP ALL ; #', "a b", "a>b", "a`b"]
PAYLOADS = TRAVERSAL + INJECTION
# Each (method, path, parameter): the IRI-valued query parameters that reach the store.
IRI_PARAMETERS = [
    ("GET", "/api/entity", "iri"),
    ("GET", "/api/graph", "iri"),
    ("GET", "/api/observations", "iri"),
    ("GET", "/api/path", "from"),
    ("GET", "/api/path", "to"),
    ("GET", "/api/search", "type"),
    ("GET", "/search", "type"),
    ("GET", "/resource", "iri"),
    ("GET", "/classes/instances", "class"),
    ("GET", "/graph", "iri"),
    ("GET", "/sparql", "default-graph-uri"),
    ("GET", "/sparql", "named-graph-uri"),
    ("POST", "/sparql", "using-graph-uri"),
    ("POST", "/sparql", "using-named-graph-uri"),
    ("GET", "/store", "graph"),
    ("PUT", "/store", "graph"),
    ("POST", "/store", "graph"),
    ("DELETE", "/store", "graph"),
]
PATH_PREFIXES = ["/id/", "/id/Village/", "/report/", "/report/r.txt/sentence/", "/graph/report/"]
_DEFAULTS = {
    "/api/path": {"from": BASE + "Village/seed", "to": BASE + "Village/seed"},
    "/api/search": {"q": "村"},
    "/search": {"q": "村"},
}


def raw_request(
    server: LiveServer, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> int:
    """Send one request byte for byte; the status of the answer (0 if the server only hung up)."""
    parts = urlsplit(server.url)
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body and not {"Transfer-Encoding", "Content-Length"} & set(headers or {}):
        lines.append(f"Content-Length: {len(body)}")
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        # The server may answer (413) before the body is sent: stop sending once it has.
        for start in range(0, len(body), 65536):
            if select.select([sock], [], [], 0)[0]:
                break
            try:
                sock.sendall(body[start : start + 65536])
            except (BrokenPipeError, ConnectionResetError):
                break
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                return 0
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def dataset(server: LiveServer) -> list[tuple[str, ...]]:
    response = httpx.get(f"{server.url}/sparql", params={"query": DUMP}, timeout=30)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return sorted(tuple(row.get(k, {}).get("value", "") for k in ("g", "s", "p", "o")) for row in rows)


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer) -> LiveServer:
    response = httpx.put(
        f"{live_server.url}/store", params={"graph": SEED_GRAPH}, content=SEED, headers={"content-type": "text/turtle"}
    )
    assert response.status_code in (201, 204), response.text
    return live_server


def _target(path: str, name: str, value: str) -> tuple[str, bytes, dict[str, str]]:
    params = {**_DEFAULTS.get(path, {}), name: value}
    headers: dict[str, str] = {}
    body = b""
    if path == "/sparql":
        if name.startswith("using"):
            body = b"CLEAR GRAPH <urn:bqw:hostile:none>"
            headers["Content-Type"] = "application/sparql-update"
        else:
            params["query"] = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    elif path == "/store":
        body = SEED
        headers["Content-Type"] = "text/turtle"
    return f"{path}?{urlencode(params)}", body, headers


@pytest.mark.parametrize("payload", PAYLOADS)
def test_traversal_and_injection_in_iri_parameters_are_refused(seeded: LiveServer, payload: str) -> None:
    before = dataset(seeded)
    answers = {}
    for method, path, name in IRI_PARAMETERS:
        for value in (payload, BASE + payload):
            target, body, headers = _target(path, name, value)
            if method in ("GET", "DELETE"):
                body = b""
            answers[f"{method} {path}?{name}={value!r}"] = raw_request(seeded, method, target, body, headers)
    wrong = {request: status for request, status in answers.items() if not 400 <= status < 500}
    assert wrong == {}
    assert dataset(seeded) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_traversal_and_injection_in_paths_are_refused(seeded: LiveServer, payload: str) -> None:
    before = dataset(seeded)
    answers = {}
    for prefix in PATH_PREFIXES:
        # As written (with `..` and `%2e` left alone), and with every reserved character escaped.
        for spelled in (quote(payload, safe="/%.'"), quote(payload, safe="")):
            for suffix in ("", ".ttl", ".json"):
                target = prefix + spelled + suffix
                answers[target] = raw_request(seeded, "GET", target, headers={"Accept": "text/html"})
    wrong = {target: status for target, status in answers.items() if not 400 <= status < 500}
    assert wrong == {}
    assert dataset(seeded) == before


def test_a_search_text_is_a_literal_whatever_it_holds(seeded: LiveServer) -> None:
    before = dataset(seeded)
    for payload in PAYLOADS:
        for path in ("/api/search", "/search"):
            assert raw_request(seeded, "GET", f"{path}?{urlencode({'q': payload})}") == 200
    assert dataset(seeded) == before


# -- bodies over the limit ------------------------------------------------------------------

OVER = b"#" * (LIMIT + 1)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/sparql", "application/sparql-query"), ("/store?graph=urn:bqw:big", "text/turtle")],
)
def test_a_body_one_byte_over_the_limit_is_413(seeded: LiveServer, path: str, content_type: str) -> None:
    assert (
        raw_request(seeded, "POST" if path == "/sparql" else "PUT", path, OVER, {"Content-Type": content_type}) == 413
    )


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/sparql", "application/sparql-query"), ("/store?graph=urn:bqw:big", "text/turtle")],
)
def test_a_chunked_body_over_the_limit_is_413(seeded: LiveServer, path: str, content_type: str) -> None:
    piece = b"#" * (1024 * 1024)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(LIMIT // len(piece) + 1)) + b"0\r\n\r\n"
    headers = {"Content-Type": content_type, "Transfer-Encoding": "chunked"}
    before = dataset(seeded)
    assert raw_request(seeded, "POST" if path == "/sparql" else "PUT", path, chunks, headers) == 413
    assert dataset(seeded) == before


def test_a_lying_content_length_reads_no_more_than_it_says(seeded: LiveServer) -> None:
    """A small declared length with a huge body: only the declared bytes are read; the rest is
    not a request and is refused, never a 5xx, and the server keeps serving."""
    before = dataset(seeded)
    status = raw_request(
        seeded, "PUT", "/store?graph=urn:bqw:liar", SEED + OVER, {"Content-Type": "text/turtle", "Content-Length": "10"}
    )
    assert 400 <= status < 500
    assert (
        raw_request(
            seeded,
            "POST",
            "/sparql",
            OVER,
            {"Content-Type": "application/sparql-query", "Content-Length": str(LIMIT * 4)},
        )
        == 413
    )
    assert dataset(seeded) == before
    assert httpx.get(f"{seeded.url}/sparql", params={"query": "ASK {}"}).status_code == 200
