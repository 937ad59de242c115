"""The explorer's HTML pages: home, reports list, classes, search, graph explorer, SPARQL editor.

Every page is built from one dict that is also served as its ``.json`` twin
(``/reports`` and ``/reports.json``), and lists its twins as ``rel="alternate"`` links.
Entity and report pages, which also speak RDF, are in :mod:`bqw.web.linked_data`.
Titles and ontology labels are in the request's interface language (:mod:`bqw.web.i18n`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from bqw import queries
from bqw.analytics.vocabulary import BQW
from bqw.queries import series as timeline
from bqw.store import terms as nt
from bqw.web import catalogue, i18n
from bqw.web.api import search as search_api
from bqw.web.app import StoreDep, TemplatesDep, UrlsDep
from bqw.web.describe import term_label, term_labels
from bqw.web.urls import Urls, check_iri

router = APIRouter(include_in_schema=False)

#: The named queries behind the home page's example questions (each asked by ``home.example.<name>``).
_EXAMPLES: tuple[str, ...] = (
    "village-honours",
    "projects-by-area",
    "ranked-first",
    "policies-by-areas",
    "indicator-periods",
    "fastest-growth",
    "redacted-figures",
)


def render(
    request: Request,
    templates: Any,
    name: str,
    data: dict[str, Any],
    *,
    title: str,
    json_twin: bool,
    alternates: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    """The page ``name`` built from ``data``, or ``data`` itself as JSON for the ``.json`` twin."""
    if json_twin:
        return JSONResponse(data, status_code=status_code)
    context = {"title": title, "alternates": alternates or [], "data": data, **data}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def json_alternate(urls: Urls, path: str) -> list[tuple[str, str]]:
    """The ``rel="alternate"`` list of a page whose only twin is JSON."""
    return [("application/json", urls.twin(path, ".json"))]


def _home(store: StoreDep, urls: Urls, lang: str) -> dict[str, Any]:
    names = set(queries.names())
    words = i18n.messages(lang)
    examples = [
        {"question": words(f"home.example.{name}"), "href": urls.sparql_editor(queries.load(name))}
        for name in _EXAMPLES
        if name in names
    ]
    graphs = catalogue.central(store, urls)
    stats = catalogue.stats(store, urls)
    classes = {c["name"]: c for c in catalogue.classes(store, urls, lang)}
    by_type = [
        {
            "type": name,
            "label": classes[name]["label"] if name in classes else name,
            "count": count,
            "href": classes[name]["href"] if name in classes else None,
        }
        for name, count in stats["entities_by_type"].items()
    ]
    return {
        "stats": stats,
        "entities_by_type": by_type,
        "examples": examples,
        "graphs": graphs,
        "reports": catalogue.reports(store, urls, lang),
    }


def listing(
    request: Request, templates: Any, urls: Urls, name: str, data: dict[str, Any], *, title: str, page: str
) -> Response:
    """A page whose only twin is JSON: ``page`` is its own URL, ``.json`` in the request asks for the twin."""
    twin = request.url.path.endswith(".json")
    return render(request, templates, name, data, title=title, json_twin=twin, alternates=json_alternate(urls, page))


@router.get("/")
@router.get("/index.json")
def home(request: Request, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """What is in the graph, a search box, example questions and the reports."""
    lang = i18n.language(request)
    data = _home(store, urls, lang)
    return listing(request, templates, urls, "home.html", data, title=i18n.messages(lang)("title.home"), page="/")


@router.get("/reports")
@router.get("/reports.json")
def reports(request: Request, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """Every report with its area, level, year and counts."""
    lang = i18n.language(request)
    data = {"reports": catalogue.reports(store, urls, lang)}
    title = i18n.messages(lang)("title.reports")
    return listing(request, templates, urls, "reports.html", data, title=title, page="/reports")


@router.get("/changes")
@router.get("/changes.json")
def changes(
    request: Request,
    store: StoreDep,
    urls: UrlsDep,
    templates: TemplatesDep,
    a: Annotated[str | None, Query(description="the earlier report's file name")] = None,
    b: Annotated[str | None, Query(description="the later report's file name")] = None,
) -> Response:
    """What changed between two reports (normally of one area): projects and figures."""
    lang = i18n.language(request)
    data: dict[str, Any] = {"reports": catalogue.reports(store, urls, lang), "a": None, "b": None}
    if a and b:
        data.update(timeline.changes(store, a, b))
        for key in ("new_projects", "finished_projects", "dropped_projects"):
            data[key] = [{**item, "href": urls.href(item["iri"])} for item in data[key]]
    title = i18n.messages(lang)("title.changes")
    return listing(request, templates, urls, "changes.html", data, title=title, page="/changes")


@router.get("/classes")
@router.get("/classes.json")
def classes(request: Request, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """The ontology's classes with instance counts and the properties their instances use."""
    lang = i18n.language(request)
    data = {"classes": catalogue.classes(store, urls, lang)}
    title = i18n.messages(lang)("title.classes")
    return listing(request, templates, urls, "classes.html", data, title=title, page="/classes")


@router.get("/indicators")
@router.get("/indicators.json")
def indicators(request: Request, store: StoreDep, urls: UrlsDep, templates: TemplatesDep) -> Response:
    """Every indicator with its numbers of figures, areas and periods; each links to its table and chart."""
    data = {"indicators": catalogue.indicators(store, urls)}
    title = i18n.messages(i18n.language(request))("title.indicators")
    return listing(request, templates, urls, "indicators.html", data, title=title, page="/indicators")


@router.get("/classes/instances")
@router.get("/classes/instances.json")
def instances(
    request: Request,
    store: StoreDep,
    urls: UrlsDep,
    templates: TemplatesDep,
    class_: Annotated[str, Query(alias="class", description="the class IRI")],
) -> Response:
    """The instances of one class (``label`` is its local name, ``class_label`` its label in the interface language)."""
    nt.iri(check_iri(class_))
    label = class_[len(BQW) :] if class_.startswith(BQW) else class_
    class_label = term_label(class_, i18n.language(request)) if class_.startswith(BQW) else label
    data = {
        "class": class_,
        "label": label,
        "class_label": class_label,
        "instances": catalogue.instances(store, class_, urls),
    }
    return listing(request, templates, urls, "instances.html", data, title=class_label, page=urls.instances(class_))


@router.get("/search")
@router.get("/search.json")
def search(
    request: Request,
    store: StoreDep,
    urls: UrlsDep,
    templates: TemplatesDep,
    q: Annotated[str, Query(max_length=200)] = "",
    type_: Annotated[str | None, Query(alias="type")] = None,
) -> Response:
    """Search results as a page (the same ranking as ``/api/search``)."""
    results: list[dict[str, Any]] = []
    if q.strip():
        found = search_api(store, urls, q.strip(), limit=100, type_=type_ or None)["results"]
        results = [{**r, "graph_href": urls.graph(r["iri"])} for r in found]
    data = {"query": q, "results": results}
    title = i18n.messages(i18n.language(request))("title.search", query=q)
    return listing(request, templates, urls, "search.html", data, title=title, page=urls.search(q))


@router.get("/graph")
def graph_page(
    request: Request, templates: TemplatesDep, urls: UrlsDep, iri: Annotated[str | None, Query()] = None
) -> Response:
    """The graph explorer (drawn in the browser from ``/api/graph``), optionally centred on ``iri``.

    The page hands graph.js the ontology's names of types and links in the interface language.
    """
    if iri is not None:
        urls.require_local(iri)  # 400 for anything but an IRI of this graph
    lang = i18n.language(request)
    names = term_labels(lang)
    context = {
        "title": i18n.messages(lang)("title.graph"),
        "alternates": [],
        "start": iri,
        "type_names": names["classes"],
        "property_labels": names["properties"],
    }
    return templates.TemplateResponse(request, "graph.html", context)


@router.get("/sparql-editor")
def sparql_page(request: Request, templates: TemplatesDep) -> Response:
    """The SPARQL editor (YASGUI in the browser, pointed at ``/sparql``)."""
    context = {"title": i18n.messages(i18n.language(request))("title.sparql"), "alternates": []}
    return templates.TemplateResponse(request, "sparql.html", context)


def install(app: FastAPI) -> None:
    """Give the error handlers of :mod:`bqw.web.errors` an HTML page for browsers."""

    def error_page(request: Request, status: int, message: str) -> Response:
        found = request.app.state.templates
        context = {"title": f"{status}", "alternates": [], "status": status, "message": message}
        return found.TemplateResponse(request, "error.html", context, status_code=status)

    app.state.error_page = error_page
