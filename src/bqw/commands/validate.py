"""``bqw validate [--store DIR]``: SHACL-validate every report graph in the store.

Prints each violation; exit status 1 if there is any.
"""

from __future__ import annotations

import argparse
import sys

from bqw.commands import storeopts
from bqw.errors import BqwError
from bqw.ingest import load_graph, report_graphs
from bqw.rdf.shacl import validate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    storeopts.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    failed = 0
    try:
        with storeopts.opened(args) as (store, minter):
            graphs = report_graphs(store, minter)
            for graph in graphs:
                report = validate(load_graph(store, graph))
                if report.conforms:
                    continue
                failed += 1
                print(f"{minter.report_name(graph)}: {len(report.violations)} violation(s)")
                for violation in report.violations:
                    print(f"  {violation}")
    except BqwError as exc:
        print(f"bqw: validate: {exc}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    print(f"{len(graphs) - failed} of {len(graphs)} report graphs conform")
    return storeopts.EXIT_FAILED if failed else 0
