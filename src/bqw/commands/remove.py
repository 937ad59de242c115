"""``bqw remove REPORT... [--store DIR]``: drop reports' graphs (by file name, path or graph IRI)."""

from __future__ import annotations

import argparse
import sys

from bqw.commands import storeopts
from bqw.errors import BqwError
from bqw.ingest import remove


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="report file name, path or graph IRI")
    storeopts.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    status = 0
    with storeopts.opened(args) as (store, minter):
        for report in args.reports:
            try:
                graph = remove(store, minter, report)
            except BqwError as exc:
                print(f"bqw: remove: {exc}", file=sys.stderr)
                status = storeopts.EXIT_FAILED
                continue
            print(f"removed   {minter.report_name(graph)}")
    return status
