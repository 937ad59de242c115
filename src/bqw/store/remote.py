"""The remote store: a SPARQL 1.1 server over HTTP (Oxigraph server, Virtuoso, Fuseki, GraphDB).

Reads use the SPARQL 1.1 Protocol and always ask for JSON results (XML result parsing is
where clients such as rdflib's SPARQLStore fail at random); graphs are written with the
Graph Store HTTP Protocol (one PUT per report) when the server has it, otherwise with
chunked SPARQL Update. See :mod:`bqw.store.remote_spec` for the location syntax.

Dialect traps handled here (measured on Virtuoso 7.2.5, the Debian package):

* Past ``MaxQueryExecutionTime`` Virtuoso sends partial answers with ``X-SQL-State: S1TAT``:
  they become QueryTimeout, never rows.
* ``ResultSetMaxRows`` cuts answers at 10,000 rows without an error: a read that reaches
  the cap is fetched again page by page (:func:`bqw.store.sparql_rewrite.paged`), and the
  endpoint's ``query`` marks such answers truncated.
* One big ``INSERT DATA`` exhausts the SPARQL parser's memory (≈ 5,000 lines here; 2,000
  reported elsewhere), and blank nodes are refused in ``INSERT DATA``: updates go in chunks
  of :data:`CHUNK_TRIPLES`, each blank node's triples in one chunk, written as
  ``INSERT { … } WHERE {}`` when the chunk has blank nodes.
* ASK answered in JSON comes back as a one-column SELECT (``__ASK_RETVAL``); see
  :func:`bqw.store.remote_results.read_ask`.
* DESCRIBE adds the triples pointing at the resource: Virtuoso is asked for the concise
  bounded description instead, which is what Oxigraph answers.
* Virtuoso lists its own system graphs among the named graphs: :meth:`RemoteStore.graphs`
  leaves them out.

Atomic writes: the new triples go into a fresh staging graph first, and one ``MOVE``
(replace) or ``ADD`` (extend) puts them in place, so a failure midway leaves the old graph
and at worst a stray ``urn:bqw:staging:…`` graph.

Query parameter bindings become a ``VALUES`` block (:func:`bqw.store.sparql_rewrite.bind`);
servers do not take SEP-0007 substitutions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

from bqw.errors import QueryError, QuerySyntaxError, QueryTimeout, StoreError
from bqw.store import remote_results as results
from bqw.store.base import QueryResult, Term
from bqw.store.remote_spec import VIRTUOSO_MAX_ROWS, RemoteSpec
from bqw.store.sparql_rewrite import bind, describe_outgoing, paged, split_prologue
from bqw.store.sparql_text import query_form
from bqw.store.terms import iri, literal

#: Triples per INSERT DATA: Virtuoso 7.2 refuses 2,000 or more in one.
CHUNK_TRIPLES = 1_000
_JSON_RESULTS = "application/sparql-results+json"
_FORM = "application/x-www-form-urlencoded"
# N-Triples first (line-based, easy to cap); Turtle parses the same triples otherwise.
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
# Virtuoso's own graphs (its schema, LDP and the URIQA server's graph), not data.
_VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/2002/07/owl#",
)
_GSP_UNSUPPORTED = {404, 405, 415, 501}
_ERROR_TEXT = 2_000


class RemoteStore:
    """A :class:`~bqw.store.base.Store` on a SPARQL 1.1 server.

    Args:
        spec: the endpoints, dialect, limits and credentials.
        transport: an httpx transport to use instead of the network (tests).
    """

    def __init__(self, spec: RemoteSpec, *, transport: httpx.BaseTransport | None = None) -> None:
        self.spec = spec
        auth: httpx.Auth | None = None
        if spec.user is not None:
            password = spec.password or ""
            kind = httpx.DigestAuth if spec.auth == "digest" else httpx.BasicAuth
            auth = kind(spec.user, password)
        self._client: httpx.Client | None = httpx.Client(
            auth=auth, timeout=spec.timeout, transport=transport, headers={"User-Agent": "bqw"}
        )
        self._dialect: str | None = None if spec.dialect == "auto" else spec.dialect
        self._gsp_url = spec.gsp_url

    @classmethod
    def open(cls, location: str, environ: Mapping[str, str]) -> RemoteStore:
        """A store for a ``sparql+http(s)://`` location, with credentials from ``environ``."""
        return cls(RemoteSpec.parse(location, environ))

    # -- HTTP ------------------------------------------------------------------------------

    @property
    def generation(self) -> None:
        """None: other clients of the server may write at any time."""
        return None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            raise StoreError("the store is closed")
        return self._client

    @property
    def dialect(self) -> str:
        """``virtuoso`` or ``standard``; asks the server once when the location did not say."""
        if self._dialect is None:
            self._send("GET", self.spec.query_url, params={"query": "ASK {}"}, headers={"Accept": _JSON_RESULTS})
        return self._dialect or "standard"

    def _send(self, method: str, url: str, *, timeout: float | None = None, **options: Any) -> httpx.Response:
        """One request; transport failures and error statuses become bqw errors."""
        extra = {} if timeout is None else {"timeout": timeout}
        try:
            response = self.client.request(method, url, **options, **extra)
        except httpx.TimeoutException as error:
            raise QueryTimeout(f"the SPARQL server at {url} did not answer in time") from error
        except httpx.TransportError as error:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {error}") from error
        if self._dialect is None:
            self._dialect = "virtuoso" if "virtuoso" in response.headers.get("server", "").lower() else "standard"
        return response

    @staticmethod
    def _check(response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if response.headers.get("x-sql-state") == "S1TAT":
            # Virtuoso's "anytime query": past MaxQueryExecutionTime it sends what it has so far.
            raise QueryTimeout("the SPARQL server stopped the query at its time limit and sent partial results")
        if status < 300:
            return response
        message = f"the SPARQL server answered {status}: {response.text[:_ERROR_TEXT].strip()}"
        if status == 400:
            raise QuerySyntaxError(message)
        if status in (401, 403):
            raise StoreError(message + " (check BQW_STORE_USER, BQW_STORE_PASSWORD and BQW_STORE_AUTH)")
        if status in (408, 504):
            raise QueryTimeout(message)
        if status == 500:
            # Virtuoso and Oxigraph report evaluation errors of a valid query this way.
            raise QueryError(message)
        raise StoreError(message)

    def _query(
        self, text: str, accept: str, *, dataset: list[tuple[str, str]] | None = None, timeout: float | None = None
    ) -> httpx.Response:
        form = [("query", text), *(dataset or [])]
        response = self._send(
            "POST",
            self.spec.query_url,
            content=_form(form),
            headers={"Accept": accept, "Content-Type": _FORM},
            timeout=timeout,
        )
        return self._check(response)

    # -- reads -----------------------------------------------------------------------------

    def _max_rows(self) -> int | None:
        if self.spec.max_rows is not None:
            return self.spec.max_rows
        return VIRTUOSO_MAX_ROWS if self.dialect == "virtuoso" else None

    def _rows(self, text: str) -> Iterator[tuple[list[str], dict[str, dict[str, Any]]]]:
        """Every row of a SELECT with its variables, lazily.

        When the first answer reaches the server's row cap it may have been cut, so it is
        dropped and the rows are fetched again in ordered pages, one request per page as
        the caller reads on (callers that stop early, with ``islice``, send no more).
        """
        variables, rows = results.read_select(self._query(text, _JSON_RESULTS).content)
        cap = self._max_rows()
        if cap is None or len(rows) < cap:
            for row in rows:
                yield variables, row
            return
        offset = 0
        while True:
            _, page = results.read_select(self._query(paged(text, variables, cap, offset), _JSON_RESULTS).content)
            for row in page:
                yield variables, row
            if len(page) < cap:
                return
            offset += len(page)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        """Run a SELECT with ``bindings``; every row, as N-Triples terms, whatever the server's row cap."""
        for variables, row in self._rows(bind(query, bindings)):
            yield {name: results.term_from_json(row[name]) for name in variables if name in row}

    def ask(self, query: str, bindings: dict[str, Term] | None = None) -> bool:
        """Run an ASK with ``bindings``."""
        return results.read_ask(self._query(bind(query, bindings), _JSON_RESULTS).content)

    def query(
        self,
        query: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Forward a query from the endpoint; the answer is re-serialised as ``media_type``.

        Results travel as JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE), so the row
        cap is applied here and answers look the same whichever server sent them. An answer
        that reached the server's own row cap is marked truncated.
        """
        from bqw.store import remote_formats  # pyoxigraph, for the other formats

        kind = query_form(query) or "select"
        remote_formats.check(kind, media_type)
        text = query if base_iri is None else f"BASE {iri(base_iri)}\n{query}"
        if kind == "graph" and self.dialect == "virtuoso" and _is_describe(query):
            text = describe_outgoing(text)
        dataset = [("default-graph-uri", g) for g in default_graphs or []]
        dataset += [("named-graph-uri", g) for g in named_graphs or []]
        if (default_graphs is not None or named_graphs is not None) and not dataset:
            # An empty protocol dataset: nothing to read, but the query must still parse.
            dataset = [("default-graph-uri", "urn:bqw:empty")]
        if kind == "graph":
            response = self._query(text, _GRAPH_ACCEPT, dataset=dataset, timeout=timeout)
            triples = remote_formats.parse_graph(response.content, response.headers.get("content-type", ""))
            server_cap = self._max_rows()
            truncated = max_rows is not None and len(triples) > max_rows
            truncated |= server_cap is not None and len(triples) >= server_cap
            if max_rows is not None:
                triples = triples[:max_rows]
            return QueryResult("graph", media_type, remote_formats.write_graph(triples, media_type), truncated)
        response = self._query(text, _JSON_RESULTS, dataset=dataset, timeout=timeout)
        if kind == "ask":
            body = results.write_ask(results.read_ask(response.content))
            return QueryResult("ask", media_type, remote_formats.convert_results(body, media_type))
        variables, rows = results.read_select(response.content)
        server_cap = self._max_rows()
        truncated = (max_rows is not None and len(rows) > max_rows) or (
            server_cap is not None and len(rows) >= server_cap
        )
        if max_rows is not None:
            rows = rows[:max_rows]
        body = results.write_select(variables, rows)
        return QueryResult("select", media_type, remote_formats.convert_results(body, media_type), truncated)

    def search_labels(self, needle: str, limit: int = 2000) -> list[tuple[Term, Term]]:
        """Labels containing ``needle``, by SPARQL on the server.

        The needle goes into the query as a constant: Virtuoso answers CONTAINS on Chinese
        text with no rows when the needle comes from a bound variable.
        """
        query = (
            "SELECT ?entity ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label>"
            "|<http://www.w3.org/2004/02/skos/core#altLabel> ?label "
            f"FILTER(CONTAINS(LCASE(STR(?label)), {literal(needle.casefold())})) }} LIMIT {int(limit)}"
        )
        return [(row["entity"], row["label"]) for row in self.select(query)]

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted (Virtuoso's system graphs left out)."""
        # An empty group lists graphs without reading their triples (fast, and empty graphs
        # count, as in the embedded store); Virtuoso answers it with no column at all.
        pattern = "{ ?s ?p ?o }" if self.dialect == "virtuoso" else "{}"
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}")
        names = {row["g"][1:-1] for row in rows if row["g"].startswith("<")}
        if self.dialect == "virtuoso":
            names.difference_update(_VIRTUOSO_SYSTEM_GRAPHS)
        return sorted(name for name in names if not name.startswith(_STAGING))

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (on Virtuoso, a quad store without empty graphs: holds a triple)."""
        pattern = "{ ?s ?p ?o }" if self.dialect == "virtuoso" else "{}"
        return self.ask(f"ASK {{ GRAPH {iri(graph)} {pattern} }}")

    def get_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph; read through paged SELECTs so no server row cap cuts it."""
        from bqw.store import remote_formats

        remote_formats.check("graph", media_type)
        if graph is None:
            if self._gsp_url is None:
                raise StoreError("reading the default graph needs the server's Graph Store endpoint (gsp=)")
            response = self._check(
                self._send("GET", self._gsp_url, params={"default": ""}, headers={"Accept": _GRAPH_ACCEPT})
            )
            triples = remote_formats.parse_graph(response.content, response.headers.get("content-type", ""))
            return remote_formats.write_graph(triples, media_type)
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(graph)} {{ ?s ?p ?o }} }}")
        lines = [f"{row['s']} {row['p']} {row['o']} ." for row in rows]
        return remote_formats.write_graph(remote_formats.parse_lines(lines), media_type)

    # -- writes ----------------------------------------------------------------------------

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update (one request; the server decides how atomic it is)."""
        text = update if base_iri is None else f"BASE {iri(base_iri)}\n{update}"
        response = self._send(
            "POST",
            self.spec.update_url,
            content=_form([("update", text)]),
            headers={"Accept": _JSON_RESULTS, "Content-Type": _FORM},
        )
        self._check(response)

    def replace_graph(self, graph: str | None, ntriples: Iterable[str]) -> None:
        """Replace ``graph`` with the N-Triples lines; a bad line raises InputError and changes nothing."""
        from bqw.store import remote_formats

        self._write(graph, remote_formats.parse_lines(ntriples), replace=True)

    def put_graph(self, graph: str | None, data: bytes, media_type: str, *, replace: bool = True) -> None:
        """Parse ``data`` and replace (PUT) or extend (POST) ``graph``."""
        from bqw.store import remote_formats

        self._write(graph, remote_formats.parse_document(data, media_type, graph), replace=replace)

    def drop_graph(self, graph: str | None) -> None:
        """Remove ``graph`` (``None``: empty the default graph); a missing graph is fine."""
        self.update("DROP SILENT " + ("DEFAULT" if graph is None else f"GRAPH {iri(graph)}"))

    def _write(self, graph: str | None, triples: list[Any], *, replace: bool) -> None:
        if graph is not None:
            iri(graph)
        if self._gsp_url is not None and self._gsp_write(graph, triples, replace=replace):
            return
        self._update_write(graph, triples, replace=replace)

    def _gsp_write(self, graph: str | None, triples: list[Any], *, replace: bool) -> bool:
        """One Graph Store request; False when the server has no usable Graph Store endpoint."""
        from bqw.store import remote_formats

        assert self._gsp_url is not None
        params = {"default": ""} if graph is None else {"graph": graph}
        body = remote_formats.write_graph(triples, "application/n-triples")
        response = self._send(
            "PUT" if replace else "POST",
            self._gsp_url,
            params=params,
            content=body,
            # N-Triples is Turtle, and every Graph Store server reads Turtle.
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        if response.status_code in _GSP_UNSUPPORTED:
            self._gsp_url = None
            return False
        self._check(response)
        return True

    def _update_write(self, graph: str | None, triples: list[Any], *, replace: bool) -> None:
        target = "DEFAULT" if graph is None else f"GRAPH {iri(graph)}"
        if not triples:
            if replace:
                self.update(f"DROP SILENT {target}")
            return
        staging = f"{_STAGING}{uuid.uuid4()}"
        try:
            for chunk in chunks(triples, CHUNK_TRIPLES):
                body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
                if any(_has_blank(t) for t in chunk):
                    # Virtuoso refuses blank nodes in INSERT DATA; a template with one
                    # empty solution makes them once, linked as in the chunk.
                    self.update(f"INSERT {{ GRAPH <{staging}> {{\n{body}\n}} }} WHERE {{}}")
                else:
                    self.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
            verb = "MOVE" if replace else "ADD"
            self.update(f"{verb} SILENT GRAPH <{staging}> TO {target}")
        finally:
            self.update(f"DROP SILENT GRAPH <{staging}>")

    def close(self) -> None:
        """Close the HTTP connections; later calls raise StoreError."""
        if self._client is not None:
            self._client.close()
            self._client = None


_STAGING = "urn:bqw:staging:"


def _form(pairs: list[tuple[str, str]]) -> bytes:
    """A form body; the protocol's parameters are UTF-8, percent-encoded."""
    return urlencode(pairs, encoding="utf-8").encode("ascii")


def _is_describe(query: str) -> bool:
    try:
        return split_prologue(query)[1][:8].upper() == "DESCRIBE"
    except QuerySyntaxError:
        return False


def _has_blank(triple: Any) -> bool:
    return str(triple.subject).startswith("_:") or str(triple.object).startswith("_:")


def chunks(triples: list[Any], size: int) -> Iterator[list[Any]]:
    """``triples`` in groups of at most ``size``, each blank node's triples in one group.

    Blank node labels are scoped to one update request, so a blank node split across two
    INSERT DATA requests would become two nodes. A group of linked blank nodes larger than
    ``size`` goes whole, and the server may refuse it.
    """
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def blanks(triple: Any) -> list[str]:
        return [str(term) for term in (triple.subject, triple.object) if str(term).startswith("_:")]

    for triple in triples:
        labels = blanks(triple)
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    groups: dict[str, list[Any]] = {}
    plain: list[list[Any]] = []
    for triple in triples:
        labels = blanks(triple)
        if labels:
            groups.setdefault(root(labels[0]), []).append(triple)
        else:
            plain.append([triple])
    current: list[Any] = []
    for group in [*groups.values(), *plain]:
        if current and len(current) + len(group) > size:
            yield current
            current = []
        current.extend(group)
    if current:
        yield current


__all__ = ["CHUNK_TRIPLES", "RemoteStore", "chunks"]
