"""Translate bqw's exceptions into HTTP answers, in this one place.

The web layer adds a few errors of its own to the tree in :mod:`bqw.errors`::

    QueryError
    ├── QuerySyntaxError      400, with the parser's message
    ├── QueryTimeout          503 (the time limit)
    │   └── ServerBusy        503 (every query worker is taken)
    ├── UpdateForbidden       403 (read-only endpoint)
    │   └── Unauthorized      401 (missing or wrong bearer token)
    ├── RemoteAccessRefused   403 (SERVICE or LOAD while disabled)
    └── (other)               400
    InputError                400 (malformed request body or parameters)
    ├── UnsupportedFormat     415
    └── InputTooLarge         413
    NotAcceptable             406
    NotFound                  404
    StoreError                500 (our fault, not the client's)

The body is plain text, or JSON ``{"error": status, "message": …}`` when the client
prefers JSON (always under ``/api/``), or the app's HTML error page when a browser asks
(``app.state.error_page``, set by :mod:`bqw.web.pages`).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from bqw.errors import (
    BqwError,
    InputError,
    InputTooLarge,
    NotFound,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    UnsupportedFormat,
    UpdateForbidden,
)
from bqw.web import i18n
from bqw.web.negotiation import choose


class Unauthorized(UpdateForbidden):
    """A write without the right bearer token."""


class ServerBusy(QueryTimeout):
    """Every query worker is busy; the client should retry later."""


class RemoteAccessRefused(QueryError):
    """A query or update asked the server to fetch a remote IRI while that is disabled."""


class NotAcceptable(BqwError):
    """The client accepts none of the formats the answer can be written in."""


# Most specific first: the first class the exception is an instance of wins.
_STATUS: list[tuple[type[BqwError], int]] = [
    (QuerySyntaxError, 400),
    (ServerBusy, 503),
    (QueryTimeout, 503),
    (Unauthorized, 401),
    (UpdateForbidden, 403),
    (RemoteAccessRefused, 403),
    (QueryError, 400),
    (UnsupportedFormat, 415),
    (InputTooLarge, 413),
    (InputError, 400),
    (NotAcceptable, 406),
    (NotFound, 404),
    (StoreError, 500),
]


def status_for(error: BqwError) -> int:
    """The HTTP status that answers ``error``."""
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 500


#: Renders an HTML error page: (request, status, message) → response.
ErrorPage = Callable[[Request, int, str], Response]


def _error_page(request: Request) -> ErrorPage | None:
    """The app's HTML error page when the client is a browser asking for HTML, else None."""
    page: ErrorPage | None = getattr(request.app.state, "error_page", None)
    if page is None or request.url.path.startswith("/api/"):
        return None
    offers = ["text/plain", "application/json", "text/html"]
    return page if choose(request.headers.get("accept"), offers) == "text/html" else None


def error_response(request: Request, error: BqwError) -> Response:
    """The answer to ``error``, in plain text, JSON or HTML by the request's Accept header."""
    status = status_for(error)
    message = str(error) or type(error).__name__
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="bqw"'
    if status == 503:
        headers["Retry-After"] = "5"
    page = _error_page(request)
    if page is not None:
        response = page(request, status, message)
        response.headers.update(headers)
        return response
    wants_json = choose(request.headers.get("accept"), ["text/plain", "application/json"]) == "application/json"
    if wants_json or request.url.path.startswith("/api/"):
        return JSONResponse({"error": status, "message": message}, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handler for every bqw error on ``app``."""

    async def handle(request: Request, error: Exception) -> Response:
        assert isinstance(error, BqwError)
        return error_response(request, error)

    async def handle_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        page = _error_page(request)
        if page is not None and error.status_code == 404:
            return page(request, 404, i18n.messages(i18n.language(request))("error.no_such_page"))
        return await http_exception_handler(request, error)

    app.add_exception_handler(BqwError, handle)
    app.add_exception_handler(HTTPException, handle_http)
