"""``/vendor``: the front-end libraries the pages use, served from ``web/node_modules``.

vis-network, YASGUI and Chart.js are pinned in ``web/package.json`` and its lock file and
installed by ``npm ci`` in ``web/`` (``make demo``, ``make test``); nothing is copied into
the repository and nothing loads from a CDN. Only the files named in :data:`FILES` are
served: a URL is looked up in that table, never joined onto a directory, so no request
can reach another file of ``node_modules`` or climb out of it.

>>> sorted(FILES)[0]
'/vendor/@zazuko/yasgui/build/yasgui.min.css'
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from bqw.errors import BqwError
from bqw.web.negotiation import choose
from bqw.web.templating import web_dir


def _web_dir() -> Path:
    """The ``web/`` folder the templates come from (packaged or the checkout's)."""
    try:
        return web_dir()
    except BqwError:
        # Neither exists: every /vendor URL then answers 503 with the install hint.
        return Path(__file__).resolve().parents[3] / "web"


WEB_DIR = _web_dir()
NODE_MODULES = WEB_DIR / "node_modules"

#: URL path → file under ``node_modules``. The URL repeats the package path, so a reader
#: of a template sees at once which package and build it loads.
FILES: dict[str, str] = {
    f"/vendor/{path}": path
    for path in (
        # The "peer" builds, not the standalone one: the standalone bundle injects its CSS
        # as <style> elements, which the pages' CSP (no inline style) refuses. The peer
        # build takes vis-data from the global the first file sets, and its CSS as a file.
        "vis-data/peer/umd/vis-data.min.js",
        "vis-network/peer/umd/vis-network.min.js",
        "vis-network/styles/vis-network.min.css",
        # The UMD bundle carries YASQE, YASR and their dependencies; the CSS covers all three.
        "@zazuko/yasgui/build/yasgui.min.js",
        "@zazuko/yasgui/build/yasgui.min.css",
        "chart.js/dist/chart.umd.js",
    )
}

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# A week, then a cheap revalidation by ETag: the URLs carry no version, so an upgraded
# package must reach browsers without anyone clearing a cache.
_CACHE_CONTROL = "public, max-age=604800"
_MISSING = "The front-end libraries are not installed: run `make demo`, or `npm ci` in web/."


def build_router(node_modules: Path) -> APIRouter:
    """A router that serves the whitelisted files of ``node_modules`` under ``/vendor``.

    Args:
        node_modules: the ``node_modules`` folder that ``npm ci`` filled.
    """
    router = APIRouter(tags=["front-end libraries"], include_in_schema=False)

    @router.api_route("/vendor/{path:path}", methods=["GET", "HEAD"])
    def vendor(request: Request, path: str) -> Response:
        relative = FILES.get(f"/vendor/{path}")
        if relative is None:
            return _answer(request, 404, f"/vendor/{path} is not one of the files bqw serves.")
        file = node_modules / relative
        if not file.is_file():
            return _answer(request, 503, f"{_MISSING} ({relative} is missing)")
        return FileResponse(
            file,
            media_type=_MEDIA_TYPES[file.suffix],
            headers={"Cache-Control": _CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
        )

    return router


def _answer(request: Request, status: int, message: str) -> Response:
    """An error as a small HTML page for a person, or JSON for a program."""
    headers = {"Cache-Control": "no-store"}
    if choose(request.headers.get("accept"), ["application/json", "text/html"]) == "text/html":
        return HTMLResponse(_html(status, message), status_code=status, headers=headers)
    return JSONResponse({"error": status, "message": message}, status_code=status, headers=headers)


def _html(status: int, message: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
        f"<title>{status}</title><h1>{status}</h1><p>{escape(message)}</p></html>"
    )


router = build_router(NODE_MODULES)
