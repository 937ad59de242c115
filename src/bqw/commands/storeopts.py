"""The ``--store`` and ``--base-iri`` options shared by the graph commands, and opening the store."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from bqw import config
from bqw.rdf.iris import Minter
from bqw.store import Store, open_store

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--store`` (a directory, ``:memory:`` or ``sparql+http(s)://…``; default ``data/store`` or
    ``BQW_STORE``) and ``--base-iri``."""
    config.add_arguments(parser, ["store", "base_iri"])


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[tuple[Store, Minter]]:
    """The store and IRI minter the settings name; the store is closed on the way out."""
    settings = config.Settings.from_sources(args, os.environ)
    store = open_store(settings.store)
    try:
        yield store, Minter(settings.base_iri)
    finally:
        store.close()
