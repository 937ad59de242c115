"""Who may write: the rules for SPARQL Update and Graph Store writes.

1. Nothing is written unless the server runs with ``--allow-update``.
2. A write whose ``Origin`` header names another site is refused: a web page elsewhere
   must not be able to make a visitor's browser change a store on their own machine
   (a form POST needs no CORS preflight).
3. With an update token set, every write must carry ``Authorization: Bearer <token>``.
4. Without a token, writes are accepted only when the server listens on loopback.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from bqw.config import Settings
from bqw.errors import UpdateForbidden
from bqw.web.errors import Unauthorized


def authorize_write(request: Request, settings: Settings) -> None:
    """Raise UpdateForbidden (403) or Unauthorized (401) unless this request may write."""
    if not settings.allow_update:
        raise UpdateForbidden("this endpoint is read-only (start `bqw serve --allow-update` to write)")
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise UpdateForbidden("writes from another site's pages are refused")
    if settings.update_token:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expected = settings.update_token.encode("utf-8")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode("utf-8"), expected):
            raise Unauthorized("writes need `Authorization: Bearer <BQW_UPDATE_TOKEN>`")
    elif not settings.is_loopback:
        raise UpdateForbidden("writes on a non-loopback host need an update token (BQW_UPDATE_TOKEN)")
