"""``/docs``: the OpenAPI explorer, served from this server, never from a CDN.

FastAPI's default page loads Swagger UI from a CDN; the files come instead from the
``swagger-ui-bundle-v2`` package (Swagger UI 5: version 4 cannot read FastAPI's OpenAPI
3.1), a declared dependency, mounted at ``/docs/assets``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"


def install(app: FastAPI) -> None:
    """Serve the Swagger UI for ``app``'s OpenAPI document at ``/docs``.

    ``app`` must be built with ``docs_url=None`` so FastAPI's CDN page is not added.
    """
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
