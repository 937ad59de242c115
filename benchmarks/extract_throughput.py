"""Extraction throughput on ≥ 5 MB of report text, one core.

Prints KB/s for the full pipeline and, as a baseline measured in the same run, for the
clean-up and sentence split alone (the floor any extractor pays).

    .venv/bin/python benchmarks/extract_throughput.py [--mb 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bqw.extract import extract_text
from bqw.extract.clean import normalise
from bqw.extract.structure import split_sentences

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def corpus(megabytes: float) -> list[str]:
    """The sample reports repeated until their UTF-8 size reaches ``megabytes``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    out: list[str] = []
    size = 0
    while size < megabytes * 1024 * 1024:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def rate(texts: list[str], work) -> tuple[float, float]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    start = time.perf_counter()
    for text in texts:
        work(text)
    seconds = time.perf_counter() - start
    return size / 1024 / seconds, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    texts = corpus(args.mb)
    extract_text(texts[0])  # load the division table and lexicons once, as a long run would
    base, base_s = rate(texts, lambda t: split_sentences(normalise(t)))
    full, full_s = rate(texts, extract_text)
    print(f"{'stage':<28}{'KB/s':>10}{'seconds':>10}")
    print(f"{'baseline: clean + sentences':<28}{base:>10.0f}{base_s:>10.2f}")
    print(f"{'full extraction':<28}{full:>10.0f}{full_s:>10.2f}")
    print(f"texts: {len(texts)}, {sum(len(t.encode()) for t in texts) / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
