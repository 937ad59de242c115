"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, indirect graph identification.

``?graph=IRI`` names a graph, ``?default`` the store's default graph. GET and HEAD read;
PUT replaces, POST adds to and DELETE removes a graph, each in one transaction and only
when :mod:`bqw.web.access` allows writes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from bqw.analytics import summary
from bqw.config import Settings
from bqw.errors import InputError, NotFound, UnsupportedFormat
from bqw.store import Store
from bqw.store.base import GRAPH_MEDIA_TYPES
from bqw.web.access import authorize_write
from bqw.web.app import SettingsDep, StoreDep
from bqw.web.errors import NotAcceptable
from bqw.web.negotiation import choose
from bqw.web.sparql import content_type_with_charset
from bqw.web.urls import check_iri

router = APIRouter(tags=["Graph Store"])


def _target(request: Request) -> str | None:
    """The graph a request names: an IRI, or None for ``?default``."""
    graphs = request.query_params.getlist("graph")
    has_default = "default" in request.query_params
    if has_default and not graphs:
        return None
    if len(graphs) == 1 and not has_default and graphs[0]:
        return check_iri(graphs[0])
    raise InputError("name exactly one graph: ?graph=IRI or ?default")


def _require(store: Store, graph: str | None) -> None:
    if graph is not None and not store.has_graph(graph):
        raise NotFound(f"no graph {graph}")


def read_graph(request: Request, store: StoreDep) -> Response:
    """The graph as Turtle, N-Triples, JSON-LD or RDF/XML, by Accept."""
    graph = _target(request)
    chosen = choose(request.headers.get("accept"), list(GRAPH_MEDIA_TYPES))
    if chosen is None:
        raise NotAcceptable("graphs can be sent as: " + ", ".join(GRAPH_MEDIA_TYPES))
    _require(store, graph)
    body = store.get_graph(graph, chosen)
    return Response(body, media_type=content_type_with_charset(chosen), headers={"Vary": "Accept"})


_GRAPH_ANSWER = {200: {"description": "The graph, by Accept", "content": {t: {} for t in GRAPH_MEDIA_TYPES}}}
_WRITTEN = {201: {"description": "A new graph was created"}, 204: {"description": "Done"}}
router.add_api_route(
    "/store", read_graph, methods=["GET"], summary="Read a graph", response_class=Response, responses=_GRAPH_ANSWER
)
router.add_api_route("/store", read_graph, methods=["HEAD"], include_in_schema=False)


async def _write(request: Request, settings: Settings, store: Store, *, replace: bool) -> Response:
    authorize_write(request, settings)
    graph = _target(request)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not media_type:
        raise UnsupportedFormat("send the graph with a Content-Type (e.g. text/turtle)")
    body = await request.body()
    existed = graph is None or await run_in_threadpool(store.has_graph, graph)
    await run_in_threadpool(lambda: store.put_graph(graph, body, media_type, replace=replace))
    await run_in_threadpool(summary.forget, store, settings.base_iri)
    return Response(status_code=204 if existed else 201)


@router.put("/store", response_class=Response, responses=_WRITTEN, summary="Replace a graph", status_code=204)
async def put_graph(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Replace the graph with the request body (201 when it is new)."""
    return await _write(request, settings, store, replace=True)


@router.post("/store", response_class=Response, responses=_WRITTEN, summary="Add to a graph", status_code=204)
async def post_graph(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Add the request body's triples to the graph (201 when it is new)."""
    return await _write(request, settings, store, replace=False)


@router.delete("/store", summary="Delete a graph", status_code=204, response_class=Response)
def delete_graph(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    """Remove the graph (404 when there is none; ``?default`` empties the default graph)."""
    authorize_write(request, settings)
    graph = _target(request)
    _require(store, graph)
    store.drop_graph(graph)
    summary.forget(store, settings.base_iri)
    return Response(status_code=204)
