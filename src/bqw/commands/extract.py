"""``bqw extract PATH... [--out DIR] [--format json|table]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from bqw.errors import InputError
from bqw.extract import SUPPORTED_SUFFIXES, extract_file
from bqw.extract.output import to_json, to_table

EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files or folders of reports")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write DIR/<name>.json for each report")
    parser.add_argument("--format", choices=("json", "table"), default="json", help="output on stdout")


def expand(paths: list[Path]) -> Iterator[Path]:
    """Files as given; folders become their supported files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def run(args: argparse.Namespace) -> int:
    files = list(expand(args.paths))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    progress = Progress(len(files)) if args.out and sys.stderr.isatty() else None
    for path in files:
        try:
            result = extract_file(path)
        except InputError as exc:
            failed += 1
            print(f"bqw: {path}: {exc}", file=sys.stderr)
            continue
        finally:
            if progress:
                progress.step(path.name)
        text = to_json(result) if args.format == "json" else to_table(result)
        if args.out:
            (args.out / f"{path.stem}.json").write_text(to_json(result), encoding="utf-8")
        else:
            sys.stdout.write(text)
    if progress:
        progress.done()
    return EXIT_BAD_INPUT if failed else 0


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.count = 0

    def step(self, name: str) -> None:
        self.count += 1
        filled = 30 * self.count // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} {name[:40]:<40}")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
