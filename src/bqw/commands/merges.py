"""``bqw merges [--store DIR] [--type T] [--min-reports N] [--format table|tsv|json]``: review merges.

Lists every entity that several reports name, with the identity rule that merged them and
the reports. A wrong merge is undone by a ``[[split]]`` entry in ``resolution.toml``
beside the store (see the README's "Many reports, one graph") and a re-ingest.
"""

from __future__ import annotations

import argparse
import json
import sys

from bqw.commands import storeopts
from bqw.commands.query import table
from bqw.errors import BqwError
from bqw.queries.merges import Merge, merges, rule_counts

COLUMNS = ("entity", "type", "rule", "reports", "names")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", dest="type_", metavar="CLASS", help="only entities of this class (e.g. Village)")
    parser.add_argument(
        "--min-reports", type=int, default=2, metavar="N", help="only entities named by at least N reports (default 2)"
    )
    parser.add_argument("--format", choices=("table", "tsv", "json"), default="table")
    storeopts.add_arguments(parser)


def _row(merge: Merge) -> dict[str, str]:
    return {
        "entity": merge.label,
        "type": merge.type,
        "rule": ",".join(merge.rules),
        "reports": str(len(merge.reports)),
        "names": " ".join(merge.reports),
        "iri": merge.entity,
    }


def run(args: argparse.Namespace) -> int:
    try:
        with storeopts.opened(args) as (store, _minter):
            found = merges(store, min_reports=args.min_reports, type_=args.type_)
    except BqwError as exc:
        print(f"bqw: merges: {exc}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    rows = [_row(m) for m in found]
    if args.format == "json":
        print(json.dumps({"merges": rows, "by_rule": rule_counts(found)}, ensure_ascii=False, indent=2))
    elif args.format == "tsv":
        print("\t".join((*COLUMNS, "iri")))
        for row in rows:
            print("\t".join(row[c] for c in (*COLUMNS, "iri")))
    else:
        cells = [{c: {"type": "literal", "value": row[c]} for c in COLUMNS} for row in rows]
        sys.stdout.write(table(list(COLUMNS), cells))
        counts = ", ".join(f"{rule} {n}" for rule, n in rule_counts(found).items())
        print(f"merges by rule: {counts or 'none'}")
    return 0
