"""``/sparql``: the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

* Query by GET ``?query=``, POST form-encoded (``query=``) or POST
  ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` set the
  dataset (otherwise the default graph is the union of all graphs).
* Update by POST form-encoded (``update=``) or POST ``application/sparql-update``, only
  when :mod:`bqw.web.access` allows it.
* GET with neither: the service description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from bqw.analytics import summary
from bqw.config import Settings
from bqw.errors import InputError, UnsupportedFormat
from bqw.store import QueryResult, Store
from bqw.store.base import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from bqw.store.sparql_text import query_form, uses_remote_access, with_using
from bqw.web.access import authorize_write
from bqw.web.app import RunnerDep, SettingsDep, StoreDep
from bqw.web.errors import NotAcceptable, RemoteAccessRefused
from bqw.web.negotiation import choose
from bqw.web.runner import QueryRunner
from bqw.web.service_description import service_description
from bqw.web.urls import check_iri

router = APIRouter(tags=["SPARQL"])

#: Accept-able spellings → the canonical media type the store writes.
_SELECT_OFFERS: dict[str, str] = {
    **{media_type: media_type for media_type in RESULT_MEDIA_TYPES},
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
_GRAPH_OFFERS: dict[str, str] = {
    **{media_type: media_type for media_type in GRAPH_MEDIA_TYPES},
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/xml": "application/rdf+xml",
}
_TEXT_TYPES = ("text/", "application/n-triples")


@dataclass
class Operation:
    """One protocol request, decoded."""

    query: str | None = None
    update: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)


def content_type_with_charset(media_type: str) -> str:
    """``media_type`` with ``charset=utf-8`` where the type is textual."""
    return f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else media_type


def _content_type(header: str) -> tuple[str, str]:
    """The media type and charset (``utf-8`` when unsaid) of a Content-Type header."""
    media_type, *parameters = header.split(";")
    charset = "utf-8"
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"the {what} is not UTF-8: {error}") from None


def _operation(params: list[tuple[str, str]]) -> Operation:
    operation = Operation()
    for name, value in params:
        if name in ("query", "update"):
            if operation.query is not None or operation.update is not None:
                raise InputError("give exactly one 'query' or one 'update' parameter")
            setattr(operation, name, value)
        # Dataset IRIs go to the store as terms: a bad one is the client's 400, not our 500.
        elif name == "default-graph-uri":
            operation.default_graphs.append(check_iri(value))
        elif name == "named-graph-uri":
            operation.named_graphs.append(check_iri(value))
        elif name == "using-graph-uri":
            operation.using_graphs.append(check_iri(value))
        elif name == "using-named-graph-uri":
            operation.using_named_graphs.append(check_iri(value))
    return operation


async def read_operation(request: Request) -> Operation:
    """Decode the query or update and the dataset parameters of a protocol request."""
    url_params = list(request.query_params.multi_items())
    if request.method == "GET":
        operation = _operation(url_params)
        if operation.update is not None:
            raise InputError("SPARQL Update must be sent with POST")
        return operation
    content_type, charset = _content_type(request.headers.get("content-type", ""))
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedFormat(f"requests must be UTF-8, not {charset}")
    body = await request.body()
    if content_type == "application/x-www-form-urlencoded":
        text = _decode(body, "form body")
        try:
            form = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as error:
            raise InputError(f"the form body is not UTF-8: {error}") from None
        return _operation(url_params + form)
    if content_type in ("application/sparql-query", "application/sparql-update"):
        operation = _operation(url_params)
        if operation.query is not None or operation.update is not None:
            raise InputError("with a direct POST the query or update is the body, not a parameter")
        kind = "query" if content_type == "application/sparql-query" else "update"
        setattr(operation, kind, _decode(body, kind))
        return operation
    raise UnsupportedFormat(
        "POST a query as application/x-www-form-urlencoded, application/sparql-query or "
        "application/sparql-update, not " + repr(content_type or "no Content-Type")
    )


async def sparql(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    runner: RunnerDep,
) -> Response:
    """Answer one SPARQL Protocol request."""
    operation = await read_operation(request)
    if operation.update is not None:
        return await _update(request, settings, store, operation)
    if operation.query is None:
        if request.method == "POST":
            raise InputError("no 'query' or 'update' in the request")
        return _service_description(request, settings)
    return await _query(request, settings, store, runner, operation, operation.query)


_DESCRIPTION = (
    "SPARQL 1.1 Protocol: query by GET ?query=, POST form or application/sparql-query; "
    "update (when enabled) by POST form update= or application/sparql-update. Without a "
    "query, GET answers with the service description."
)
#: The formats an answer may come in, so the OpenAPI schema documents what clients get
#: (a schema fuzzer checks every answer against it).
ANSWER_TYPES = {
    200: {
        "description": "Query results, a graph, or the service description, by Accept",
        "content": {media_type: {} for media_type in (*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)},
    },
    204: {"description": "The update was applied"},
}
# One function, one OpenAPI operation per method (a shared id would be ambiguous).
router.add_api_route(
    "/sparql",
    sparql,
    methods=["GET"],
    operation_id="sparql_get",
    summary="SPARQL query, or the service description",
    description=_DESCRIPTION,
    response_class=Response,
    responses=ANSWER_TYPES,
)
router.add_api_route(
    "/sparql",
    sparql,
    methods=["POST"],
    operation_id="sparql_post",
    summary="SPARQL query or update",
    description=_DESCRIPTION,
    response_class=Response,
    responses=ANSWER_TYPES,
)


async def _query(
    request: Request, settings: Settings, store: Store, runner: QueryRunner, operation: Operation, query: str
) -> Response:
    if not settings.allow_service and uses_remote_access(query):
        raise RemoteAccessRefused("SERVICE is disabled on this endpoint (see --allow-service)")
    # The service-defined base IRI, which the protocol says MAY be the endpoint's.
    base_iri = str(request.url.replace(query=""))
    # Found lexically: parsing with the store would already evaluate an ASK, outside the
    # time limit. A malformed query still gets its 400 from the store, inside the runner.
    kind = query_form(query) or "select"
    offers = _GRAPH_OFFERS if kind == "graph" else _SELECT_OFFERS
    chosen = choose(request.headers.get("accept"), list(offers))
    if chosen is None:
        raise NotAcceptable(f"this {kind} query can be answered as: " + ", ".join(offers))
    timeout = settings.query_timeout or None
    has_dataset = bool(operation.default_graphs or operation.named_graphs)

    def task() -> QueryResult:
        return store.query(
            query,
            offers[chosen],
            default_graphs=operation.default_graphs if has_dataset else None,
            named_graphs=operation.named_graphs if has_dataset else None,
            timeout=timeout,
            max_rows=settings.max_rows or None,
            base_iri=base_iri,
        )

    result = await runner.run(task, timeout)
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-BQW-Truncated"] = "true"
    return Response(
        content=result.body,
        media_type=content_type_with_charset(chosen),
        headers=headers,
    )


async def _update(request: Request, settings: Settings, store: Store, operation: Operation) -> Response:
    authorize_write(request, settings)
    assert operation.update is not None
    if not settings.allow_service and uses_remote_access(operation.update):
        raise RemoteAccessRefused("LOAD of remote IRIs is disabled on this endpoint (see --allow-service)")
    update = with_using(operation.update, operation.using_graphs, operation.using_named_graphs)
    base_iri = str(request.url.replace(query=""))
    await run_in_threadpool(lambda: store.update(update, base_iri=base_iri))
    await run_in_threadpool(summary.forget, store, settings.base_iri)
    return Response(status_code=204)


def _service_description(request: Request, settings: Settings) -> Response:
    offers = list(_GRAPH_OFFERS)
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        raise NotAcceptable("the service description can be sent as: " + ", ".join(offers))
    endpoint = str(request.url.replace(query=""))
    body = service_description(
        endpoint,
        _GRAPH_OFFERS[chosen],
        allow_update=settings.allow_update,
        allow_service=settings.allow_service,
    )
    return Response(body, media_type=content_type_with_charset(chosen), headers={"Vary": "Accept"})
