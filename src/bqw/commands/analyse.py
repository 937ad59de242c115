"""``bqw analyse``: graph measures of the store as ranked tables, optionally written back."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

import networkx as nx

from bqw.analytics import measures, results, summary
from bqw.analytics.projection import project
from bqw.analytics.vocabulary import subtypes
from bqw.commands import storeopts
from bqw.errors import BqwError, InputError, QuerySyntaxError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    storeopts.add_arguments(parser)
    parser.add_argument(
        "--measure",
        action="append",
        choices=sorted(measures.MEASURES),
        help="measure to compute (repeatable; default: all)",
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="rows per table (default 10)")
    parser.add_argument(
        "--type", action="append", metavar="T", help="list only entities of this type and its subtypes (repeatable)"
    )
    parser.add_argument("--report", action="append", metavar="NAME", help="project only this report (repeatable)")
    parser.add_argument(
        "--area", action="append", metavar="IRI", help="project only this area and what lies in it (repeatable)"
    )
    parser.add_argument("--co-mentions", action="store_true", help="also link entities named in the same sentence")
    parser.add_argument(
        "--write", action="store_true", help="store the measures in the analytics graph, replacing the last run"
    )


def run(args: argparse.Namespace) -> int:
    names = args.measure or list(measures.MEASURES)
    try:
        shown = None if args.type is None else subtypes(args.type)
        with storeopts.opened(args) as (store, minter):
            graphs = None if args.report is None else [str(minter.report_graph(name)) for name in args.report]
            graph = project(store, graphs=graphs, areas=args.area, co_mentions=args.co_mentions)
            computed = measures.compute(graph, names)
            print(f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} edges")
            for name in names:
                print()
                print(_table(graph, name, computed[name], args.top, shown))
            if args.write:
                written = results.write(store, computed, graph=results.analytics_graph(minter.base))
                print(f"\nwrote {written} triples to <{results.analytics_graph(minter.base)}>")
                summary.refresh(store, base=minter.base)  # the kept triple count includes the measures
    except (InputError, QuerySyntaxError) as error:
        print(f"bqw analyse: {error}", file=sys.stderr)
        return storeopts.EXIT_BAD_INPUT
    except BqwError as error:
        print(f"bqw analyse: {error}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    return 0


def _table(graph: nx.Graph, name: str, values: Mapping[Any, float], top: int, shown: frozenset[str] | None) -> str:
    if name in measures.PARTITIONS:
        return _groups(graph, name, values, top, shown)
    rows = measures.ranked(graph, values, top=top, types=shown)
    body = [[str(i), row.label, row.type, _number(row.score)] for i, row in enumerate(rows, 1)]
    return _format(name, ["#", "label", "type", name], body)


def _groups(graph: nx.Graph, name: str, values: Mapping[Any, float], top: int, shown: frozenset[str] | None) -> str:
    """One row per group: its number, size and its best-connected members (of the shown types)."""
    members: dict[int, list[Any]] = {}
    for node, group in values.items():
        members.setdefault(int(group), []).append(node)
    degree = measures.degree(graph)
    body = []
    for group in sorted(members)[:top]:
        nodes = [n for n in members[group] if shown is None or graph.nodes[n].get("type") in shown]
        nodes.sort(key=lambda n: (-degree[n], str(graph.nodes[n].get("label", n))))
        sample = "、".join(str(graph.nodes[n].get("label", n)) for n in nodes[:5])
        body.append([str(group), str(len(members[group])), sample])
    return _format(f"{name} ({len(members)})", ["#", "size", "members"], body)


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.4f}"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _format(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([f"== {title}", line(header), line(["-" * w for w in widths]), *map(line, rows)])
