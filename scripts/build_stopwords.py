"""Rebuild the list of words that end a name on its left, from jieba's dictionary.

jieba (PyPI ``jieba==0.42.1``, MIT) ships a 349k-word dictionary with a part-of-speech tag
and a corpus frequency per word. Frequent verbs, adverbs, prepositions and conjunctions
are what stands between a report's names (推进 / 邀请 / 位于 + name), so they become
left boundaries; words that commonly live *inside* names (建设, 改造, 示范…) are kept
out by ``NAME_INTERNAL`` in ``bqw.extract.lexicon``.

Usage:
    python scripts/build_stopwords.py PATH/TO/jieba/dict.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "bqw" / "extract" / "data" / "stopwords.txt"
# tag → minimum corpus frequency; two- to four-character words only.
TAGS = {"v": 2500, "d": 1500, "p": 100, "c": 100, "vd": 500, "ad": 1500}


def select(lines: list[str]) -> list[str]:
    words = set()
    for line in lines:
        parts = line.split()
        if len(parts) != 3:
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if tag in TAGS and freq >= TAGS[tag] and 2 <= len(word) <= 4:
            words.add(word)
    return sorted(words)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    words = select(Path(argv[1]).read_text(encoding="utf-8").splitlines())
    with open(OUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(
            "# Left boundaries of names: frequent verbs/adverbs/prepositions/conjunctions from jieba 0.42.1 "
            "dict.txt; rebuild: python scripts/build_stopwords.py dict.txt\n"
        )
        handle.write("\n".join(words) + "\n")
    print(f"{OUT}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
