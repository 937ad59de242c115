"""``bqw remove REPORT... [--store DIR]``: drop reports' graphs (by file name, path or graph IRI).

The summary figures kept in the store (:mod:`bqw.analytics.summary`) are refreshed after.
"""

from __future__ import annotations

import argparse
import sys

from bqw.analytics import summary
from bqw.commands import storeopts
from bqw.errors import BqwError
from bqw.ingest import remove


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="report file name, path or graph IRI")
    storeopts.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    status = 0
    removed = False
    with storeopts.opened(args) as (store, minter):
        for report in args.reports:
            try:
                graph = remove(store, minter, report)
            except BqwError as exc:
                print(f"bqw: remove: {exc}", file=sys.stderr)
                status = storeopts.EXIT_FAILED
                continue
            removed = True
            print(f"removed   {minter.report_name(graph)}")
        if removed:
            summary.refresh(store, base=minter.base)
    return status
