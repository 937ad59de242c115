"""Dereferenceable IRIs: entity, report, sentence and ontology IRIs answer here, in HTML or RDF.

``/id/…`` (entities), ``/report/<name>`` (a report: the report view) and
``/report/<name>/<kind>/<key>`` (its sentences, mentions, facts, figures) are the paths of
the IRIs bqw mints under its base. Each answers by ``Accept`` (or ``?format=``) with HTML,
Turtle, JSON-LD or N-Triples and says ``Vary: Accept``; suffix twins (``.ttl``,
``.jsonld``, ``.nt``, ``.json``) give one format whatever the header. ``.json`` is the
dict the HTML page is built from. ``/resource?iri=`` shows any other IRI in the store
(ontology terms), ``/graph/report/<name>`` serves a report's named graph whole and
``/ontology`` the ontology.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph

from bqw.errors import InputError, NotFound
from bqw.rdf.iris import Minter
from bqw.rdf.turtle import PREFIXES, turtle
from bqw.store import Store
from bqw.store import terms as nt
from bqw.web import catalogue, describe, i18n
from bqw.web.app import StoreDep, TemplatesDep, UrlsDep
from bqw.web.errors import NotAcceptable
from bqw.web.negotiation import choose
from bqw.web.urls import SUFFIXES, Urls, check_iri, check_path

router = APIRouter(include_in_schema=False)

HTML = "text/html"
#: Offers in preference order: browsers get HTML, RDF clients what they name.
_OFFERS = [HTML, "text/turtle", "application/ld+json", "application/n-triples", "application/json"]
_RDF_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
_FORMAT_NAMES = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "json": "application/json",
}
_OUT = "SELECT ?entity ?p ?o WHERE { ?entity ?p ?o }"
_IN = "SELECT ?s ?p ?entity WHERE { ?s ?p ?entity }"
MAX_TRIPLES = 5000


def media_type_for(request: Request, suffix: str | None) -> str:
    """What to send: the suffix's type, else ``?format=``, else the Accept header (406 if nothing fits)."""
    if suffix:
        return SUFFIXES[suffix]
    wanted = request.query_params.get("format")
    if wanted:
        if wanted.lower() not in _FORMAT_NAMES:
            raise InputError(f"unknown format {wanted!r}; use one of {', '.join(sorted(_FORMAT_NAMES))}")
        return _FORMAT_NAMES[wanted.lower()]
    chosen = choose(request.headers.get("accept"), _OFFERS)
    if chosen is None:
        raise NotAcceptable("this resource is available as " + ", ".join(_OFFERS))
    return chosen


def split_suffix(path: str) -> tuple[str, str | None]:
    """``/id/x.ttl`` → (``/id/x``, ``.ttl``); a path without a known suffix is returned whole."""
    for suffix in SUFFIXES:
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], suffix
    return path, None


def rdf_about(store: Store, iri: str, media_type: str) -> bytes:
    """The triples with ``iri`` as subject or object, serialised as ``media_type``."""
    bound = {"entity": nt.iri(iri)}
    triples = {(nt.iri(iri), row["p"], row["o"]) for row in islice(store.select(_OUT, bound), MAX_TRIPLES)}
    triples |= {
        (row["s"], row["p"], nt.iri(iri))
        for row in islice(store.select(_IN, bound), MAX_TRIPLES)
        if not row["s"].startswith("_:")
    }
    if not triples:
        raise NotFound(f"nothing is known about <{iri}>")
    return serialise(sorted(triples), media_type)


def serialise(triples: list[tuple[str, str, str]], media_type: str) -> bytes:
    """Triples of N-Triples terms as Turtle, JSON-LD or N-Triples.

    Turtle is written here, not by rdflib, whose Turtle writer shortens ``xsd:double``
    values (``1.279783e-02``) and so changes the measures.
    """
    if media_type == "application/n-triples":
        return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
    if media_type == "text/turtle":
        return turtle(triples).encode("utf-8")
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
    return graph.serialize(format=_RDF_FORMATS[media_type], encoding="utf-8")


def _rdf_response(body: bytes, media_type: str) -> Response:
    charset = "; charset=utf-8" if media_type != "application/ld+json" else ""
    return Response(body, media_type=media_type + charset, headers={"Vary": "Accept"})


def alternates(urls: Urls, page: str) -> list[tuple[str, str]]:
    """The ``rel="alternate"`` twins of a resource page."""
    return [(SUFFIXES[s], urls.twin(page, s)) for s in (".ttl", ".jsonld", ".nt", ".json")]


def _resource_answer(
    request: Request,
    store: Store,
    urls: Urls,
    templates: Any,
    iri: str,
    suffix: str | None,
    build: Callable[[], dict[str, Any]],
    template: str = "entity.html",
) -> Response:
    media_type = media_type_for(request, suffix)
    if media_type in _RDF_FORMATS:
        return _rdf_response(rdf_about(store, iri, media_type), media_type)
    data = build()
    if media_type == "application/json":
        return JSONResponse(data, headers={"Vary": "Accept"})
    page = urls.href(iri)
    title = data.get("title") or data.get("label") or data.get("name") or iri
    context = {**data, "title": title, "alternates": alternates(urls, page), "data": data}
    response = templates.TemplateResponse(request, template, context)
    response.headers["Vary"] = "Accept"
    return response


def _describer(request: Request, store: Store, urls: Urls, iri: str) -> Callable[[], dict[str, Any]]:
    """What the page of ``iri`` shows, in the request's language and from its ``?sources=``."""
    lang = i18n.language(request)
    raw = request.query_params.get(describe.SOURCES_PARAMETER, "0")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise InputError(f"?{describe.SOURCES_PARAMETER}= takes the number of sources to skip, not {raw!r}")
    return lambda: describe.describe(store, iri, urls, lang, int(raw))


def _raw_path(request: Request) -> str:
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    return raw.decode("ascii", errors="strict") if raw.isascii() else raw.decode("utf-8")


@router.get("/id/{path:path}")
def entity(request: Request, path: str, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """An entity IRI under the base: its page, its RDF, or its JSON twin."""
    check_path(path)
    page, suffix = split_suffix(_raw_path(request))
    iri = urls.iri_of_path(page)
    return _resource_answer(request, store, urls, templates, iri, suffix, _describer(request, store, urls, iri))


@router.get("/resource")
@router.get("/resource.{suffix}")
def resource(
    request: Request,
    store: StoreDep,
    urls: UrlsDep,
    templates: TemplatesDep,
    iri: Annotated[str, Query(description="any IRI the store mentions")],
    suffix: str | None = None,
) -> Response:
    """Any IRI the store mentions, also outside the base (ontology terms)."""
    nt.iri(check_iri(iri))
    dotted = f".{suffix}" if suffix else None
    if dotted is not None and dotted not in SUFFIXES:
        raise NotFound(f"no twin {dotted!r}")
    return _resource_answer(request, store, urls, templates, iri, dotted, _describer(request, store, urls, iri))


@router.get("/report/{name}")
def report(request: Request, name: str, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """A report: its text with every entity and figure marked, or the document's RDF."""
    check_path(name)
    name, suffix = split_suffix(name)
    iri = str(Minter(urls.base).document(name))
    lang = i18n.language(request)
    return _resource_answer(
        request, store, urls, templates, iri, suffix, lambda: catalogue.report(store, name, urls, lang), "report.html"
    )


@router.get("/report/{name}/{rest:path}")
def report_part(
    request: Request, name: str, rest: str, store: StoreDep, urls: UrlsDep, templates: TemplatesDep
) -> Response:
    """A piece of evidence inside a report (sentence, mention, fact, observation, section)."""
    check_path(name)
    check_path(rest)
    page, suffix = split_suffix(_raw_path(request))
    iri = urls.iri_of_path(page)
    return _resource_answer(request, store, urls, templates, iri, suffix, _describer(request, store, urls, iri))


@router.get("/graph/report/{name}")
def report_graph(request: Request, name: str, store: StoreDep, urls: UrlsDep) -> Response:
    """Everything one report says: its named graph, whole, in Turtle, JSON-LD or N-Triples."""
    check_path(name)
    name, suffix = split_suffix(name)
    graph = str(Minter(urls.base).report_graph(name))
    if not store.has_graph(graph):
        raise NotFound(f"no report {name!r} in the store")
    media_type = SUFFIXES.get(suffix or "", "") if suffix else None
    if media_type is None:
        media_type = choose(request.headers.get("accept"), list(_RDF_FORMATS)) or ""
    if media_type not in _RDF_FORMATS:
        raise NotAcceptable("a graph is available as " + ", ".join(_RDF_FORMATS))
    return _rdf_response(store.get_graph(graph, media_type), media_type)


@router.get("/ontology")
def ontology(request: Request, store: StoreDep, urls: UrlsDep) -> Response:
    """The ontology at its namespace IRI: Turtle and friends, or the classes page for browsers."""
    media_type = media_type_for(request, None)
    if media_type not in _RDF_FORMATS:
        return Response(status_code=303, headers={"Location": urls.classes(), "Vary": "Accept"})
    graph = str(Minter(urls.base).ontology_graph())
    if not store.has_graph(graph):
        raise NotFound("the store holds no copy of the ontology (run `bqw ingest`)")
    return _rdf_response(store.get_graph(graph, media_type), media_type)
