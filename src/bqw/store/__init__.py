"""Where the graph lives: the embedded on-disk store, or a remote SPARQL server."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bqw.store.base import QueryResult, Store, Term
from bqw.store.remote_spec import is_remote

__all__ = ["MEMORY", "QueryResult", "Store", "Term", "is_remote", "open_store"]

#: The location that keeps the graph in memory (tests, demos); same as ``bqw.config.MEMORY_STORE``.
MEMORY = ":memory:"


def open_store(location: str | Path, environ: Mapping[str, str] | None = None) -> Store:
    """Open the store at ``location``.

    Args:
        location: a directory for the embedded store, :data:`MEMORY`, or a SPARQL server
            as ``sparql+http://host:port/path`` (or ``sparql+https://``; options in
            :mod:`bqw.store.remote_spec`).
        environ: where a remote store's ``BQW_STORE_USER`` / ``BQW_STORE_PASSWORD`` /
            ``BQW_STORE_AUTH`` are read (default: the process environment).

    >>> open_store(MEMORY).graphs()
    []
    """
    # Imported here so that each backend loads only its own client library.
    if is_remote(str(location)):
        from bqw.store.remote import RemoteStore

        return RemoteStore.open(str(location), os.environ if environ is None else environ)
    from bqw.store.embedded import EmbeddedStore

    if str(location) == MEMORY:
        return EmbeddedStore(None)
    return EmbeddedStore(Path(location))
