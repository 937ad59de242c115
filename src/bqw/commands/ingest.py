"""``bqw ingest PATH... [--store DIR] [--force] [--jobs N]``: reports into the knowledge graph.

Each report is extracted, mapped, SHACL-validated and written as one transaction. Same
text again: nothing happens. Changed text: its graph is replaced. An unreadable file gets
one line on stderr and exit status 2; a report that fails validation is not written
(unless ``--force``) and gives exit status 1. Other files are still processed.

Extraction, mapping and validation run in ``--jobs`` worker processes (default: one per
CPU; ``--jobs 1`` does everything in this process). This process reads the files, skips
those the store already holds (by the hash of their text, before any extraction), and
writes the results one report per transaction, in the order the files were given, so the
output and the store are the same whatever the number of jobs.

Identity across reports follows the resolution rule file: ``--rules FILE``, else
``resolution.toml`` beside the store (``data/resolution.toml`` for ``data/store``). A
changed rule file makes every report count as changed, so re-ingesting re-applies it.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bqw import config
from bqw.analytics import summary
from bqw.analytics.results import refresh
from bqw.commands import storeopts
from bqw.commands.extract import expand
from bqw.errors import BqwError, InputError
from bqw.extract import extract_text, read_document
from bqw.extract.read import SourceText
from bqw.ingest import Outcome, Prepared, ensure_ontology, holds, prepare, write_prepared
from bqw.rdf import resolution
from bqw.rdf.iris import Minter

SHOWN_VIOLATIONS = 5
# Reports in flight per worker: enough to keep the workers busy while this process writes,
# few enough that finished reports waiting for the writer stay a small part of the memory.
_AHEAD_PER_JOB = 4

T = TypeVar("T")
R = TypeVar("R")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files or folders of reports")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write reports that fail SHACL validation (the violations are saved in the store folder)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes for extraction, mapping and validation (default: one per CPU; 1: no workers)",
    )
    parser.add_argument(
        "--no-analyse",
        dest="analyse",
        action="store_false",
        help="leave the graph measures (PageRank, communities…) as they were: on a large store they cost "
        "more than one report's ingest; run `bqw analyse --write` after the last ingest",
    )
    add_rules_argument(parser)
    storeopts.add_arguments(parser)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("needs at least 1")
    return value


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


# -- the workers' part -------------------------------------------------------------------


def read(path: Path) -> SourceText | InputError:
    """Read one report file; the error instead of raising it, so one bad file stops nothing."""
    try:
        return read_document(path)
    except InputError as exc:
        return exc


def text_hash(source: SourceText) -> str:
    """The SHA-256 the extraction records for this text (see :func:`bqw.extract.extract_text`)."""
    return hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def work(job: tuple[str, SourceText], base: str, rules: resolution.Rules) -> Prepared:
    """Extract, map, serialise and validate one report (in a worker process)."""
    name, source = job
    minter = Minter(base)
    return prepare(extract_text(source.text, name=name, format=source.format), minter, rules)


def _die_with_parent(parent: int) -> None:
    """Worker initialiser: end this worker when the ingest process ends, even by SIGKILL.

    Otherwise a killed ``bqw ingest`` would leave workers holding its output pipes open.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _pool(jobs: int) -> Executor | None:
    if jobs <= 1:
        return None
    methods = multiprocessing.get_all_start_methods()
    # fork: workers start at once with every module already imported. The pool starts (at
    # its first task) before the store opens, so no store thread is forked.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),))


def ordered(pool: Executor | None, fn: Callable[[T], R], items: Iterable[T], ahead: int) -> Iterator[Callable[[], R]]:
    """``fn`` over ``items`` in order, at most ``ahead`` running at once; each result comes as a
    call that returns it or raises what ``fn`` raised (in this process when ``pool`` is None)."""
    if pool is None:
        for item in items:
            yield partial(fn, item)
        return
    running: deque[Future[R]] = deque()
    for item in items:
        running.append(pool.submit(fn, item))
        if len(running) >= ahead:
            yield running.popleft().result
    while running:
        yield running.popleft().result


# -- the command -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    try:
        rules = rules_of(args)
    except InputError as exc:
        print(f"bqw: {exc}", file=sys.stderr)
        return storeopts.EXIT_BAD_INPUT
    jobs = args.jobs or os.cpu_count() or 1
    files = list(expand(args.paths))
    pool = _pool(min(jobs, len(files)))
    try:
        return _run(args, files, rules, pool, jobs)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _run(args: argparse.Namespace, files: list[Path], rules: resolution.Rules, pool: Executor | None, jobs: int) -> int:
    # Read every file before the store opens: a run with nothing to write leaves the store
    # exactly as it was, byte for byte (opening an embedded store rewrites its logs).
    sources: list[tuple[Path, SourceText]] = []
    status = 0
    for path, source in zip(files, (r() for r in ordered(pool, read, files, 2 * jobs)), strict=True):
        if isinstance(source, InputError):
            print(f"bqw: {path}: {source}", file=sys.stderr)
            status = storeopts.EXIT_BAD_INPUT
        else:
            sources.append((path, source))
    if not sources:
        return status or storeopts.EXIT_BAD_INPUT
    progress = Progress(len(sources)) if sys.stderr.isatty() else None
    changed = False
    with storeopts.opened(args) as (store, minter):
        ensure_ontology(store, minter)
        current = [holds(store, minter, path.name, text_hash(source), rules) for path, source in sources]
        todo = [(path.name, source) for (path, source), same in zip(sources, current, strict=True) if not same]
        results = ordered(pool, partial(work, base=minter.base, rules=rules), todo, _AHEAD_PER_JOB * jobs)
        for (path, source), same in zip(sources, current, strict=True):
            outcome = _one(store, minter, path, source, None if same else next(results), args, rules)
            if outcome is None:
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
            # The graph measures (PageRank, communities…) and the summary figures describe the
            # whole graph: keep them current (the measures unless asked not to).
            if args.analyse:
                refresh(store, base=minter.base)
            summary.refresh(store, base=minter.base)
    return status


def _one(
    store: Any,
    minter: Minter,
    path: Path,
    source: SourceText,
    result: Callable[[], Prepared] | None,
    args: argparse.Namespace,
    rules: resolution.Rules,
) -> Outcome | None:
    """Write one report's result; None (after its one-line error) when it failed."""
    if result is None:
        return Outcome(path.name, "unchanged", 0)
    try:
        prepared = result()
        # Asked again: the same file name given twice is written once, then unchanged.
        if holds(store, minter, prepared.name, prepared.sha256, rules):
            return Outcome(prepared.name, "unchanged", 0)
        return write_prepared(store, minter, prepared, force=args.force)
    except BqwError as exc:
        print(f"bqw: {path}: {exc}", file=sys.stderr)
        return None


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
