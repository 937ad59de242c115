"""``bqw serve``: the SPARQL endpoint, Graph Store and JSON API on uvicorn."""

from __future__ import annotations

import argparse
import os
import sys

from bqw import config

# The settings that make sense on the command line of `bqw serve` (all of them today).
_FLAGS = [spec.name for spec in config.settings_fields()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags for every setting; each falls back to its BQW_* variable, then its default."""
    config.add_arguments(parser, _FLAGS)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    # Imported here so that other commands do not pay for FastAPI and uvicorn.
    import uvicorn

    from bqw.web.app import create_app

    try:
        settings = config.Settings.from_sources(args, os.environ)
    except ValueError as error:
        print(f"bqw serve: {error}", file=sys.stderr)
        return 2
    if settings.allow_update and not settings.is_loopback and not settings.update_token:
        print(
            "bqw serve: writes stay refused on a non-loopback host until BQW_UPDATE_TOKEN is set",
            file=sys.stderr,
        )
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    return 0
