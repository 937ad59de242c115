"""Where the graph lives: the embedded on-disk store, or a remote SPARQL server."""

from __future__ import annotations

from pathlib import Path

from bqw.store.base import QueryResult, Store, Term

__all__ = ["MEMORY", "QueryResult", "Store", "Term", "open_store"]

#: The location that keeps the graph in memory (tests, demos); same as ``bqw.config.MEMORY_STORE``.
MEMORY = ":memory:"


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: a directory for the embedded store, or :data:`MEMORY`.

    >>> open_store(MEMORY).graphs()
    []
    """
    # Imported here so that a remote backend, when it comes, does not load pyoxigraph.
    from bqw.store.embedded import EmbeddedStore

    if str(location) == MEMORY:
        return EmbeddedStore(None)
    return EmbeddedStore(Path(location))
