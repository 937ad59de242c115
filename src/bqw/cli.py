"""The ``bqw`` command: each subcommand parses its arguments, calls the library, prints.

Subcommands register themselves through :data:`COMMANDS` (name → module path); each
module has ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("bqw.commands.extract", "read reports and print their entities, facts and figures"),
    "ingest": ("bqw.commands.ingest", "extract reports and write each into its named graph in the store"),
    "query": ("bqw.commands.query", "run a SPARQL query (text, @file.rq or a named query) against the store"),
    "export": ("bqw.commands.export", "write the store (or one graph) as Turtle, N-Triples, N-Quads, TriG or JSON-LD"),
    "validate": ("bqw.commands.validate", "check every report graph in the store against the SHACL shapes"),
    "remove": ("bqw.commands.remove", "drop reports' graphs from the store"),
    "stats": ("bqw.commands.stats", "count what the store holds, by class and by report"),
    "merges": (
        "bqw.commands.merges",
        "list entities that several reports name, with the identity rule that merged them",
    ),
    "analyse": ("bqw.commands.analyse", "rank entities by graph measures (degree, PageRank, communities …)"),
    "serve": ("bqw.commands.serve", "serve the SPARQL endpoint, Graph Store and JSON API over HTTP"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bqw", description="Knowledge graphs from 百千万工程 work reports.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
