"""The app factory: ``create_app(settings)`` builds one FastAPI app with its own store.

There is no module-level app and no global state: the lifespan opens the store and the
query runner once per app, and routes reach them through the dependencies below, which
tests may override.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bqw.config import Settings
from bqw.store import Store, open_store
from bqw.web import errors, i18n
from bqw.web.limits import BodyLimit
from bqw.web.runner import QueryRunner
from bqw.web.templating import SecurityHeaders, templates, web_dir
from bqw.web.urls import Urls


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the web app for ``settings``.

    Args:
        settings: the server's settings (store location, limits, write policy).
        store: an already open store to serve instead of opening ``settings.store``;
            the caller keeps ownership and closes it.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(settings.store)
        app.state.store = opened
        app.state.runner = QueryRunner(settings.query_workers)
        # Sync routes run on AnyIO's default thread pool (Starlette's 40 threads); rendering
        # holds the GIL, and past a thread per core the switching cost more than it gave.
        to_thread.current_default_thread_limiter().total_tokens = settings.render_thread_count
        try:
            yield
        finally:
            app.state.runner.close()
            if store is None:
                opened.close()

    app = FastAPI(
        title="bqw",
        summary="SPARQL 1.1 endpoint and JSON API over the 百千万工程 knowledge graph",
        lifespan=lifespan,
        docs_url=None,  # bqw.web.docs serves it without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.urls = Urls(settings.base_iri)
    app.state.templates = templates([i18n.template_context])
    errors.install(app)
    # Reads are open to pages on any site; writes are guarded in bqw.web.access, and the
    # Authorization header is not allowed cross-origin, so no page can replay a token.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["X-BQW-Truncated"],
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(i18n.LanguageCookie)

    from bqw.web import api, docs, graph_api, graph_store, linked_data, pages, series, sparql

    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(api.router)
    app.include_router(graph_api.router)
    app.include_router(pages.router)
    app.include_router(linked_data.router)
    app.include_router(series.router)
    pages.install(app)
    _include_vendor(app)
    app.mount("/static", StaticFiles(directory=web_dir() / "static"), name="static")
    docs.install(app)
    return app


def _include_vendor(app: FastAPI) -> None:
    """Serve the front-end libraries (``bqw.web.vendor``) when that module is there.

    The vendor module comes with the browser-side code; until it does, pages still work
    without their charts and graph drawing.
    """
    try:
        vendor = importlib.import_module("bqw.web.vendor")
    except ModuleNotFoundError as error:
        if error.name != "bqw.web.vendor":
            raise
        return
    app.include_router(vendor.router)


def get_settings(request: Request) -> Settings:
    """Dependency: the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    """Dependency: the store the lifespan opened."""
    store: Store = request.app.state.store
    return store


def get_urls(request: Request) -> Urls:
    """Dependency: the URL builder for the configured base IRI."""
    urls: Urls = request.app.state.urls
    return urls


def get_templates(request: Request) -> Jinja2Templates:
    """Dependency: the page templates."""
    found: Jinja2Templates = request.app.state.templates
    return found


def get_runner(request: Request) -> QueryRunner:
    """Dependency: the bounded query runner."""
    runner: QueryRunner = request.app.state.runner
    return runner


# Route parameters: ``store: StoreDep`` and so on.
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
UrlsDep = Annotated[Urls, Depends(get_urls)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
