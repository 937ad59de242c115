"""Where a remote SPARQL server answers: the ``sparql+http(s)://`` store location, read once.

A location names the query endpoint; query-string options name the rest when the server
keeps them elsewhere, and are removed from the query URL:

``update=``
    the SPARQL Update endpoint (a path on the same host, or a full URL). Default: the query
    URL, except that a final ``/query`` becomes ``/update`` (Oxigraph server, Fuseki).
``gsp=``
    the Graph Store HTTP Protocol endpoint, or ``none`` to write with SPARQL Update only.
    Default: ``/sparql`` → ``/sparql-graph-crud`` and ``/sparql-auth`` →
    ``/sparql-graph-crud-auth`` (Virtuoso), a final ``/query`` → ``/store`` (Oxigraph
    server), otherwise none.
``dialect=``
    ``virtuoso`` or ``standard``; default: read from the server's ``Server`` header.
``max-rows=``
    the most rows the server returns for one query (Virtuoso's ``ResultSetMaxRows``);
    reads that reach it are fetched again page by page. Default: 10000 for Virtuoso, no cap
    otherwise.
``timeout=``
    seconds one HTTP request may take (default 60).

Credentials never go in the location (it shows in ``ps`` and logs); they come from the
environment: ``BQW_STORE_USER``, ``BQW_STORE_PASSWORD`` and ``BQW_STORE_AUTH`` (``basic``,
the default, or ``digest``, which Virtuoso's ``/sparql-auth`` needs).

>>> spec = RemoteSpec.parse("sparql+http://127.0.0.1:7878/query", {})
>>> spec.query_url, spec.update_url, spec.gsp_url
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bqw.errors import StoreError

SCHEMES = ("sparql+http://", "sparql+https://")
DIALECTS = ("auto", "standard", "virtuoso")
_OPTIONS = {"update", "gsp", "dialect", "max-rows", "timeout"}
#: Virtuoso's ResultSetMaxRows as shipped (Debian's virtuoso.ini and the upstream default).
VIRTUOSO_MAX_ROWS = 10_000


def is_remote(location: str) -> bool:
    """Whether a store location names a SPARQL server.

    >>> is_remote("sparql+https://example.org/sparql"), is_remote("data/store")
    (True, False)
    """
    return location.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class RemoteSpec:
    """The endpoints, dialect, limits and credentials of one remote store."""

    query_url: str
    update_url: str
    gsp_url: str | None
    dialect: str = "auto"
    max_rows: int | None = None
    timeout: float = 60.0
    user: str | None = None
    password: str | None = None
    auth: str = "basic"

    @classmethod
    def parse(cls, location: str, environ: Mapping[str, str]) -> RemoteSpec:
        """Read a ``sparql+http(s)://`` location and the ``BQW_STORE_*`` credentials.

        Raises:
            bqw.errors.StoreError: the location or an option is malformed.
        """
        if not is_remote(location):
            raise StoreError(f"not a SPARQL server location (sparql+http:// or sparql+https://): {location!r}")
        parts = urlsplit(location[len("sparql+") :])
        if not parts.hostname:
            raise StoreError(f"no host in the store location {location!r}")
        if parts.username or parts.password:
            raise StoreError("put credentials in BQW_STORE_USER / BQW_STORE_PASSWORD, not in the store location")
        options: dict[str, str] = {}
        kept: list[tuple[str, str]] = []
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name in _OPTIONS:
                options[name] = value
            else:
                kept.append((name, value))
        query_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(kept), ""))
        path = parts.path.rstrip("/")
        update_url = _resolve(query_url, options.get("update")) or _default_update(query_url, path)
        gsp_option = options.get("gsp")
        if gsp_option is not None and gsp_option.lower() == "none":
            gsp_url = None
        else:
            gsp_url = _resolve(query_url, gsp_option) or _default_gsp(query_url, path)
        dialect = options.get("dialect", "auto").lower()
        if dialect not in DIALECTS:
            raise StoreError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
        auth = environ.get("BQW_STORE_AUTH", "basic").strip().lower() or "basic"
        if auth not in ("basic", "digest"):
            raise StoreError(f"BQW_STORE_AUTH must be basic or digest, not {auth!r}")
        return cls(
            query_url=query_url,
            update_url=update_url,
            gsp_url=gsp_url,
            dialect=dialect,
            max_rows=_number(options, "max-rows", int),
            timeout=_number(options, "timeout", float) or 60.0,
            user=environ.get("BQW_STORE_USER") or None,
            password=environ.get("BQW_STORE_PASSWORD"),
            auth=auth,
        )

    def __repr__(self) -> str:
        # Never print the password, e.g. in a traceback.
        return f"RemoteSpec(query_url={self.query_url!r}, update_url={self.update_url!r}, gsp_url={self.gsp_url!r})"


def _resolve(base: str, value: str | None) -> str | None:
    if not value:
        return None
    return urljoin(base, value)


def _default_update(query_url: str, path: str) -> str:
    if path.endswith("/query"):
        return urljoin(query_url, path[: -len("query")] + "update")
    return query_url


def _default_gsp(query_url: str, path: str) -> str | None:
    head, _, last = path.rpartition("/")
    if last in ("sparql", "sparql-auth"):
        return urljoin(query_url, f"{head}/{last.replace('sparql', 'sparql-graph-crud', 1)}")
    if path.endswith("/query"):
        return urljoin(query_url, path[: -len("query")] + "store")
    return None


def _number(options: dict[str, str], name: str, kind: type[int] | type[float]) -> int | None:
    raw = options.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise StoreError(f"the store option {name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise StoreError(f"the store option {name} must be positive, not {raw!r}")
    return value  # type: ignore[return-value]
