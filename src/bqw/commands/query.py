"""``bqw query SPARQL|@file.rq|@name [--bind VAR=TERM]... [--format table|csv|tsv|json]``.

``@name`` runs a query shipped with bqw (``bqw query --list`` shows them). ``--bind``
values are N-Triples terms (``'label="石角村"@zh'``, ``'entity=<https://…>'``) substituted
by the store, never pasted into the query text.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from rdflib.term import Literal, URIRef
from rdflib.util import from_n3

from bqw import queries
from bqw.commands import storeopts
from bqw.errors import BqwError, NotFound, QueryError, UnsupportedFormat
from bqw.store import Store

MEDIA_TYPES = {"json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values"}
PREFIXES = {
    "https://w3id.org/bqw/ontology#": "bqw:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
}
MAX_CELL = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="SPARQL|@FILE|@NAME", help="query text, @file.rq or @name")
    parser.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="VAR=TERM",
        help="substitute an N-Triples term for ?VAR (repeatable)",
    )
    parser.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    parser.add_argument("--list", action="store_true", help="list the named queries shipped with bqw")
    storeopts.add_arguments(parser)


def query_text(argument: str) -> str:
    """The query an argument names: literal text, ``@path`` to a file, or ``@name`` of a shipped query."""
    if not argument.startswith("@"):
        return argument
    target = argument[1:]
    path = Path(target)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if target in queries.names():
        return queries.load(target)
    raise NotFound(f"no query file or named query {target!r}")


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    bindings = {}
    for pair in pairs:
        name, sep, term = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--bind wants VAR=TERM, not {pair!r}")
        bindings[name.lstrip("?$")] = term
    return bindings


def run(args: argparse.Namespace) -> int:
    if args.list:
        for name in queries.names():
            print(f"{name:<18} {queries.describe(name)}")
        return 0
    if not args.query:
        print("bqw: query: give a query, @file.rq or @name (see --list)", file=sys.stderr)
        return storeopts.EXIT_BAD_INPUT
    try:
        text = query_text(args.query)
        bindings = parse_bindings(args.bind)
        with storeopts.opened(args) as (store, _minter):
            sys.stdout.write(answer(store, text, bindings, args.format))
    except BqwError as exc:
        print(f"bqw: query: {exc}", file=sys.stderr)
        return storeopts.EXIT_FAILED
    return 0


def answer(store: Store, text: str, bindings: dict[str, str], fmt: str) -> str:
    """The query's answer as text in ``fmt``.

    Bindings go through the store's SELECT (the store substitutes them); without bindings
    the store serialises the answer itself, so ASK and CONSTRUCT work too.
    """
    if bindings:
        rows = [{k: _json_term(v) for k, v in row.items()} for row in store.select(text, bindings)]
        variables = _variables(rows)
    else:
        try:
            result = store.query(text, MEDIA_TYPES["json"])
        except UnsupportedFormat:
            # A CONSTRUCT or DESCRIBE: its answer is a graph, not a table.
            return store.query(text, "text/turtle").body.decode("utf-8")
        if fmt == "json" or result.kind == "ask":
            if result.kind == "ask" and fmt != "json":
                return f"{str(json.loads(result.body)['boolean']).lower()}\n"
            return result.body.decode("utf-8") + "\n"
        document = json.loads(result.body)
        variables, rows = document["head"]["vars"], document["results"]["bindings"]
    if fmt == "json":
        return (
            json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False, indent=1)
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([[_plain(row.get(v)) for v in variables] for row in rows])
        return out.getvalue()
    return table(variables, rows)


def _variables(rows: list[dict[str, dict[str, str]]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _plain(term: dict[str, str] | None) -> str:
    """A term as people read it: a literal's text, an IRI with a known prefix shortened."""
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        for namespace, prefix in PREFIXES.items():
            if value.startswith(namespace):
                return prefix + value[len(namespace) :]
    return value


def _json_term(term: str) -> dict[str, str]:
    """An N-Triples term in the SPARQL 1.1 JSON results form."""
    node = from_n3(term)
    if isinstance(node, Literal):
        out = {"type": "literal", "value": str(node)}
        if node.language:
            out["xml:lang"] = node.language
        elif node.datatype:
            out["datatype"] = str(node.datatype)
        return out
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    return {"type": "bnode", "value": str(node)}


def table(variables: list[str], rows: list[dict[str, dict[str, str]]]) -> str:
    """Rows as an aligned text table, long cells cut."""
    cells = [[_cut(_plain(row.get(v))) for v in variables] for row in rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = [" ".join(_pad(v, w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append(" ".join("-" * w for w in widths))
    lines += [" ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cut(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
