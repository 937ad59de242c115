"""``bqw ingest PATH... [--store DIR] [--force]``: reports into the knowledge graph.

Each report is extracted, mapped, SHACL-validated and written as one transaction. Same
text again: nothing happens. Changed text: its graph is replaced. An unreadable file gets
one line on stderr and exit status 2; a report that fails validation is not written
(unless ``--force``) and gives exit status 1. Other files are still processed.

Identity across reports follows the resolution rule file: ``--rules FILE``, else
``resolution.toml`` beside the store (``data/resolution.toml`` for ``data/store``). A
changed rule file makes every report count as changed, so re-ingesting re-applies it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bqw import config
from bqw.analytics.results import refresh
from bqw.commands import storeopts
from bqw.commands.extract import expand
from bqw.errors import BqwError, InputError
from bqw.extract import extract_file
from bqw.ingest import Outcome, ensure_ontology, ingest_extraction
from bqw.model import Extraction
from bqw.rdf import resolution

SHOWN_VIOLATIONS = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files or folders of reports")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write reports that fail SHACL validation (the violations are saved in the store folder)",
    )
    add_rules_argument(parser)
    storeopts.add_arguments(parser)


def add_rules_argument(parser: argparse.ArgumentParser) -> None:
    """``--rules FILE``: the resolution rule file (default: resolution.toml beside the store)."""
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="FILE",
        help="resolution rule file with [[split]] entries (default: resolution.toml beside the store)",
    )


def rules_of(args: argparse.Namespace) -> resolution.Rules:
    """The rules the arguments name; a named file that does not exist is an error, the default is optional.

    Raises:
        bqw.errors.RuleFileError: the file is not a valid rule file.
        bqw.errors.InputError: ``--rules`` names a file that does not exist.
    """
    if args.rules is not None:
        if not args.rules.is_file():
            raise InputError(f"{args.rules}: no such rule file")
        return resolution.load(args.rules)
    store = config.Settings.from_sources(args, os.environ).store
    return resolution.load(resolution.beside(store))


def extract_all(files: list[Path]) -> tuple[list[tuple[Path, Extraction]], int]:
    """Extract every file first; each one that cannot be read gets its one-line error.

    Doing this before the store opens means a run with nothing to write leaves the store
    exactly as it was, byte for byte (opening an embedded store rewrites its logs).
    """
    good = []
    status = 0
    for path in files:
        try:
            good.append((path, extract_file(path)))
        except InputError as exc:
            print(f"bqw: {path}: {exc}", file=sys.stderr)
            status = storeopts.EXIT_BAD_INPUT
    return good, status


def run(args: argparse.Namespace) -> int:
    try:
        rules = rules_of(args)
    except InputError as exc:
        print(f"bqw: {exc}", file=sys.stderr)
        return storeopts.EXIT_BAD_INPUT
    extractions, status = extract_all(list(expand(args.paths)))
    if not extractions:
        return status or storeopts.EXIT_BAD_INPUT
    progress = Progress(len(extractions)) if sys.stderr.isatty() else None
    changed = False
    with storeopts.opened(args) as (store, minter):
        ensure_ontology(store, minter)
        for path, extraction in extractions:
            try:
                outcome = ingest_extraction(store, extraction, minter, force=args.force, rules=rules)
            except BqwError as exc:
                print(f"bqw: {path}: {exc}", file=sys.stderr)
                status = max(status, storeopts.EXIT_FAILED)
                continue
            if outcome.violations:
                status = max(status, _report_violations(path, outcome, args))
            changed = changed or outcome.action in ("added", "replaced")
            if progress:
                progress.step(path.name, outcome.triples)
            else:
                print(f"{outcome.action:<9} {outcome.name} ({outcome.triples} triples)")
        if progress:
            progress.done()
        if changed:
            # The graph measures (PageRank, communities…) describe the whole graph: keep them current.
            refresh(store, base=minter.base)
    return status


def _report_violations(path: Path, outcome: Outcome, args: argparse.Namespace) -> int:
    count = len(outcome.violations)
    verb = "written anyway (--force)" if outcome.action != "invalid" else "not written"
    print(f"bqw: {path}: {count} SHACL violation(s), {verb}", file=sys.stderr)
    for violation in outcome.violations[:SHOWN_VIOLATIONS]:
        print(f"  {violation}", file=sys.stderr)
    if args.force and outcome.action != "invalid":
        saved = _save_violations(args, outcome)
        if saved:
            print(f"  all violations: {saved}", file=sys.stderr)
        return 0
    return storeopts.EXIT_FAILED


def _save_violations(args: argparse.Namespace, outcome: Outcome) -> Path | None:
    """Keep the full SHACL report beside the store, where ``bqw validate`` users look."""
    location = config.Settings.from_sources(args, os.environ).store
    if location == config.MEMORY_STORE:
        return None
    folder = Path(location).parent / f"{Path(location).name}-validation"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{outcome.name}.txt"
    target.write_text("".join(f"{v}\n" for v in outcome.violations), encoding="utf-8")
    return target


class Progress:
    """A one-line progress bar on stderr with reports/s and triples/s, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.count = 0
        self.triples = 0
        self.started = time.monotonic()

    def step(self, name: str, triples: int) -> None:
        self.count += 1
        self.triples += triples
        elapsed = max(time.monotonic() - self.started, 1e-6)
        filled = 30 * self.count // self.total
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} "
            f"{self.count / elapsed:.1f} reports/s {self.triples / elapsed:,.0f} triples/s {name[:30]:<30}"
        )
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
