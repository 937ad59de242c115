"""A Chinese-aware label index beside the store: character n-grams in a small SQLite file.

``CONTAINS`` over every label scans them all (~100 ms at 1M triples on the on-disk store),
too slow for autocomplete, and Virtuoso's CONTAINS misses Chinese needles that come from a
variable. Chinese has no spaces to tokenise on, so the index keeps every label's single
characters and character pairs (bigrams): a needle of two or more characters is looked up
by its rarest pair, a one-character needle by that character, and the candidates are
checked with a substring test, so answers are exactly those of ``CONTAINS`` on the
case-folded label.

Each report graph's labels are replaced together with the graph (:meth:`LabelIndex.replace_graph`),
so the index follows ingest and removal one report at a time.

>>> index = LabelIndex()
>>> index.replace_graph("urn:g", [("<urn:v1>", '"石角村"@zh'), ("<urn:v2>", '"龙江镇"@zh')])
>>> index.search("角村")
[('<urn:v1>', '"石角村"@zh')]
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from bqw.store.base import Term
from bqw.store.terms import to_json

#: The label properties /api/search reads (rdfs:label, skos:altLabel).
LABEL_PROPERTIES = (
    "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<http://www.w3.org/2004/02/skos/core#altLabel>",
)
_TRIPLE = re.compile(r"^(<[^>]*>|_:\S+)\s+(<[^>]*>)\s+(\".*)\s*\.\s*$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS labels (
    id INTEGER PRIMARY KEY, graph TEXT NOT NULL, entity TEXT NOT NULL, label TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS labels_graph ON labels (graph);
CREATE TABLE IF NOT EXISTS grams (gram TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (gram, id)) WITHOUT ROWID;
-- Dropping a graph deletes its labels' n-grams by id: without this, every drop (and every
-- replace, even of a new graph) scanned the whole n-gram table.
CREATE INDEX IF NOT EXISTS grams_id ON grams (id);
"""


def grams(text: str) -> set[str]:
    """The single characters and character pairs of ``text``.

    >>> sorted(grams("石角"))
    ['石', '石角', '角']
    """
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def labels_in(ntriples: Iterable[str]) -> list[tuple[Term, Term]]:
    """``(entity, label)`` pairs of the label triples among N-Triples lines."""
    found = []
    for line in ntriples:
        match = _TRIPLE.match(line)
        if match and match.group(2) in LABEL_PROPERTIES:
            found.append((match.group(1), match.group(3).strip()))
    return found


class LabelIndex:
    """The n-gram index in a SQLite file (``None``: in memory, for tests and benchmarks)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._db.execute("PRAGMA journal_mode=WAL")

    @staticmethod
    def beside(store_location: Path) -> Path:
        """Where the index of the embedded store at ``store_location`` lives."""
        return store_location.with_name(store_location.name + ".labels.sqlite")

    def replace_graph(self, graph: str, labels: Iterable[tuple[Term, Term]]) -> None:
        """Make the labels of ``graph`` exactly ``labels``, in one SQLite transaction."""
        with self._lock, self._db:
            self._drop(graph)
            # Ids are assigned here so both tables are filled with one executemany each.
            start = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM labels").fetchone()[0] + 1
            rows = [
                (start + n, graph, entity, label, str(to_json(label)["value"]).casefold())
                for n, (entity, label) in enumerate(labels)
            ]
            self._db.executemany("INSERT INTO labels (id, graph, entity, label, folded) VALUES (?, ?, ?, ?, ?)", rows)
            self._db.executemany(
                "INSERT OR IGNORE INTO grams (gram, id) VALUES (?, ?)",
                ((gram, row[0]) for row in rows for gram in grams(row[4])),
            )

    def drop_graph(self, graph: str) -> None:
        """Forget the labels of ``graph``."""
        with self._lock, self._db:
            self._drop(graph)

    def _drop(self, graph: str) -> None:
        self._db.execute("DELETE FROM grams WHERE id IN (SELECT id FROM labels WHERE graph = ?)", (graph,))
        self._db.execute("DELETE FROM labels WHERE graph = ?", (graph,))

    def search(self, needle: str, limit: int = 2_000) -> list[tuple[Term, Term]]:
        """``(entity, label)`` pairs whose case-folded label contains ``needle``, at most ``limit``."""
        folded = needle.casefold()
        if not folded:
            return []
        keys = {folded} if len(folded) == 1 else {folded[i : i + 2] for i in range(len(folded) - 1)}
        with self._lock:
            counts = [
                (self._db.execute("SELECT COUNT(*) FROM grams WHERE gram = ?", (key,)).fetchone()[0], key)
                for key in keys
            ]
            rarest = min(counts)[1]
            rows = self._db.execute(
                "SELECT l.entity, l.label FROM grams g JOIN labels l ON l.id = g.id "
                # The (gram, id) key already yields ids in order, so LIMIT stops the walk early.
                "WHERE g.gram = ? AND instr(l.folded, ?) > 0 LIMIT ?",
                (rarest, folded, limit),
            ).fetchall()
        return [(str(entity), str(label)) for entity, label in rows]

    def contents(self) -> dict[str, list[tuple[Term, Term]]]:
        """Every graph's ``(entity, label)`` pairs, sorted: to check the index against its store."""
        with self._lock:
            rows = self._db.execute("SELECT graph, entity, label FROM labels").fetchall()
        found: dict[str, list[tuple[Term, Term]]] = {}
        for graph, entity, label in rows:
            found.setdefault(str(graph), []).append((str(entity), str(label)))
        return {graph: sorted(pairs) for graph, pairs in found.items()}

    def clear(self) -> None:
        """Forget every label."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM grams")
            self._db.execute("DELETE FROM labels")

    def close(self) -> None:
        """Close the SQLite file."""
        self._db.close()
