"""The remote store's parts that need no server: locations, terms, rewrites, chunks, auth."""

from __future__ import annotations

import base64
import json

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bqw.errors import QuerySyntaxError, QueryTimeout, StoreError
from bqw.store import open_store
from bqw.store.remote import RemoteStore, chunks
from bqw.store.remote_formats import parse_lines
from bqw.store.remote_results import read_ask, term_from_json
from bqw.store.remote_spec import RemoteSpec
from bqw.store.sparql_rewrite import bind, paged


def test_oxigraph_server_layout_is_guessed_from_query() -> None:
    spec = RemoteSpec.parse("sparql+http://127.0.0.1:7878/query", {})
    assert (spec.update_url, spec.gsp_url) == ("http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")


def test_virtuoso_layout_is_guessed_from_sparql_auth() -> None:
    environ = {"BQW_STORE_USER": "dba", "BQW_STORE_PASSWORD": "secret", "BQW_STORE_AUTH": "digest"}
    spec = RemoteSpec.parse("sparql+https://db.example.org/sparql-auth", environ)
    assert spec.query_url == spec.update_url == "https://db.example.org/sparql-auth"
    assert spec.gsp_url == "https://db.example.org/sparql-graph-crud-auth"
    assert (spec.user, spec.auth) == ("dba", "digest")
    assert "secret" not in repr(spec)


def test_options_name_other_endpoints_and_leave_the_query_url() -> None:
    spec = RemoteSpec.parse(
        "sparql+http://h:7200/repositories/bqw?update=/repositories/bqw/statements"
        "&gsp=none&dialect=standard&max-rows=500&timeout=5&infer=false",
        {},
    )
    assert spec.query_url == "http://h:7200/repositories/bqw?infer=false"
    assert spec.update_url == "http://h:7200/repositories/bqw/statements"
    assert spec.gsp_url is None
    assert (spec.dialect, spec.max_rows, spec.timeout) == ("standard", 500, 5.0)


@pytest.mark.parametrize(
    "location",
    [
        "sparql+http://user:pw@h/sparql",
        "sparql+http:///sparql",
        "sparql+http://h/q?dialect=mysql",
        "sparql+http://h/q?max-rows=x",
    ],
)
def test_bad_locations_are_store_errors(location: str) -> None:
    with pytest.raises(StoreError):
        RemoteSpec.parse(location, {})


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@given(value=_TEXT, language=st.sampled_from([None, "zh", "en-GB"]))
def test_literals_print_exactly_as_oxigraph_prints_them(value: str, language: str | None) -> None:
    json_term: dict[str, str] = {"type": "literal", "value": value}
    if language:
        json_term["xml:lang"] = language
    assert term_from_json(json_term) == str(ox.Literal(value, language=language))


def test_virtuoso_quirks_are_normalised() -> None:
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert term_from_json({"type": "typed-literal", "datatype": integer, "value": "3"}) == f'"3"^^<{integer}>'
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    assert term_from_json({"type": "typed-literal", "datatype": xsd_string, "value": "a"}) == '"a"'
    assert term_from_json({"type": "bnode", "value": "nodeID://b10001"}) == "_:b10001"
    ask = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"value": "1"}}]}}
    assert read_ask(json.dumps(ask).encode()) is True
    ask["results"]["bindings"] = []  # type: ignore[index]
    assert read_ask(json.dumps(ask).encode()) is False


def test_bindings_open_the_where_group_and_skip_braces_in_strings() -> None:
    query = 'PREFIX x: <urn:x> # {\nSELECT ?s ?q WHERE { ?s ?p "{" FILTER(CONTAINS(?s, ?q)) }'
    values = 'VALUES (?q ?s) { ("村" <urn:a>) }'
    assert bind(query, {"q": '"村"', "s": "<urn:a>"}) == query.replace("WHERE {", "WHERE { " + values)


@pytest.mark.parametrize("term", ["<urn:a> <urn:b> <urn:c>", '"x" . <urn:a> <urn:b> "y"', "_:b0", "?x", '"x"^^<a b>'])
def test_a_binding_that_is_not_one_iri_or_literal_is_refused(term: str) -> None:
    with pytest.raises(QuerySyntaxError):
        bind("SELECT * { ?s ?p ?o }", {"o": term})


def test_pages_keep_the_prologue_outside() -> None:
    page = paged("PREFIX a: <urn:a#> SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s", ["s", "n"], 100, 200)
    assert page.startswith("PREFIX a: <urn:a#> SELECT * WHERE { { SELECT * WHERE { SELECT ?s")
    assert page.endswith("ORDER BY ?s ?n } } LIMIT 100 OFFSET 200")


def test_chunks_keep_each_blank_node_in_one_chunk() -> None:
    lines = [f"<urn:x{i}> <urn:p> _:b{i} ." for i in range(10)] + [f'_:b{i} <urn:q> "{i}" .' for i in range(10)]
    lines += [f"<urn:y{i}> <urn:p> <urn:z> ." for i in range(7)]
    groups = list(chunks(parse_lines(lines), 4))
    assert sum(len(g) for g in groups) == 27
    assert all(len(g) <= 4 for g in groups)
    for group in groups:
        blanks = [str(t.object) for t in group if str(t.object).startswith("_:")]
        assert all(any(str(t.subject) == b for t in group) for b in blanks)


def _store(handler: object, location: str = "sparql+http://h/sparql", **environ: str) -> RemoteStore:
    spec = RemoteSpec.parse(location + "?dialect=standard", environ)
    return RemoteStore(spec, transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def test_basic_credentials_come_from_the_environment() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json={"head": {}, "boolean": True})

    assert _store(handler, BQW_STORE_USER="u", BQW_STORE_PASSWORD="p").ask("ASK {}")
    assert seen == ["Basic " + base64.b64encode(b"u:p").decode()]


def test_digest_credentials_answer_the_challenge() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if not request.headers.get("authorization", "").startswith("Digest "):
            challenge = 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"'
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        return httpx.Response(200, json={"head": {}, "boolean": True})

    assert _store(handler, BQW_STORE_USER="dba", BQW_STORE_PASSWORD="dba", BQW_STORE_AUTH="digest").ask("ASK {}")


def test_results_are_asked_for_as_json_and_errors_are_typed() -> None:
    accepts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        accepts.append(request.headers["accept"])
        if b"SELEC+" in request.content:
            return httpx.Response(400, text="syntax error")
        if b"slow" in request.content:
            raise httpx.ReadTimeout("slow", request=request)
        if b"auth" in request.content:
            return httpx.Response(401)
        if b"partial" in request.content:
            rows = {"head": {"vars": ["s"]}, "results": {"bindings": []}}
            return httpx.Response(200, json=rows, headers={"X-SQL-State": "S1TAT"})
        return httpx.Response(200, json={"head": {"vars": ["s"]}, "results": {"bindings": []}})

    store = _store(handler)
    assert list(store.select("SELECT ?s { ?s ?p ?o }")) == []
    assert accepts == ["application/sparql-results+json"]
    with pytest.raises(QuerySyntaxError):
        list(store.select("SELEC * {}"))
    with pytest.raises(QueryTimeout):
        list(store.select("SELECT * { ?slow ?p ?o }"))
    with pytest.raises(StoreError, match="BQW_STORE_USER"):
        list(store.select("SELECT * { ?auth ?p ?o }"))
    with pytest.raises(QueryTimeout, match="partial"):
        list(store.select("SELECT * { ?partial ?p ?o }"))


def test_an_unreachable_server_is_a_store_error() -> None:
    store = open_store("sparql+http://127.0.0.1:9/sparql?dialect=standard&timeout=2", {})
    with pytest.raises(StoreError, match="cannot reach"):
        store.ask("ASK {}")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.ask("ASK {}")
