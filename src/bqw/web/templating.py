"""Jinja2 templates and static files under ``web/``, and the page headers every answer carries.

Templates autoescape (``.html``), so text from reports is always rendered as text. The
Content-Security-Policy forbids inline scripts and event handlers: pages pass data to
their scripts through ``data-*`` attributes and the JSON API only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bqw.errors import BqwError

_CHECKOUT = Path(__file__).resolve().parents[3] / "web"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
#: The SPARQL editor's YASGUI injects ``<style>`` elements at run time, which ``default-src``
#: would block; that page alone also allows inline *styles* (never inline scripts).
EDITOR_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'"
_RELAXED_STYLE = frozenset({"/sparql-editor"})
#: Paths whose pages are not ours: FastAPI's Swagger UI starts itself with an inline script.
_CSP_EXEMPT = ("/docs",)


def policy_for(path: str) -> str:
    """The Content-Security-Policy of the page at ``path``."""
    return EDITOR_CONTENT_SECURITY_POLICY if path in _RELAXED_STYLE else CONTENT_SECURITY_POLICY


def web_dir() -> Path:
    """The ``web/`` folder: inside the installed package (``bqw/web_assets``) or the checkout.

    Raises:
        bqw.errors.BqwError: neither exists.
    """
    packaged = resources.files("bqw").joinpath("web_assets")
    if packaged.is_dir():
        return Path(str(packaged))
    if _CHECKOUT.is_dir():
        return _CHECKOUT
    raise BqwError(f"web assets not found (looked in the bqw package and {_CHECKOUT})")


#: Adds to the context of every page: (request) → names and values.
ContextProcessor = Callable[[Request], dict[str, Any]]


def templates(context_processors: Sequence[ContextProcessor] = ()) -> Jinja2Templates:
    """A template set over ``web/templates`` with autoescaping on for every template.

    Args:
        context_processors: what every page gets besides its own data (the app passes
            :func:`bqw.web.i18n.template_context`: the interface language and its words).
    """
    found = Jinja2Templates(directory=str(web_dir() / "templates"), context_processors=list(context_processors))
    found.env.autoescape = True
    found.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return found


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and friends on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(_CSP_EXEMPT):
            await self.app(scope, receive, send)
            return

        policy = policy_for(str(scope.get("path", ""))).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                for name, value in (
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ):
                    if name not in names:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
