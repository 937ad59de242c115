"""A realistic corpus of any size: the sample reports' own extraction, replicated with varied names.

The sample reports (``data/reports/*.txt``) are extracted and mapped once, as ``bqw ingest``
does. The output starts with the ontology graph, the shared division hierarchy and the
report graphs as they are, then writes the report graphs again and again under new report
names (``c<copy>-<name>``) until it holds ``--triples`` quads (it stops after the report
graph that reaches the target, so it overshoots by less than one report).

In every copy the entities a report owns get new IRIs *and new labels*, so that a label
search meets the selectivity of a real corpus instead of a thousand copies of one string:

- entities scoped to an area below the prefecture (IRIs with ``/in/``: projects,
  organisations, places, events, zones, villages and towns the division table does not
  know) get ``…/id/<Type>/<new name>/in/c<copy>/<scope>``;
- their labels (``rdfs:label``, ``skos:altLabel``) swap each place name of the sample
  reports (红丰, 马冈, 开平, …) for another real name of the same level and length drawn from
  Guangdong's division table (``bqw.extract.divisions``), the same swap for the whole copy;
  a village or town keeps its suffix (村, 镇, 社区, …) and gets another real stem; a label
  with no place name in it is prefixed with the place the copy's report is about;
- policies, honours, indicators, official divisions (``id/division/<code>``) and agencies
  scoped to the province or a prefecture stay shared, as they are across real reports.

Sentence texts and offsets are kept as extracted. The choice of names depends only on
``--seed``, the copy number and the name, so the same arguments give the same bytes.

    .venv/bin/python benchmarks/corpus.py --triples 1000000 -o build/bench/corpus-1m.nq
    .venv/bin/python benchmarks/corpus.py --triples 100000 -o build/bench/c.nq --store build/bench/store-100k
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO
from urllib.parse import unquote

import pyoxigraph as ox

from bqw.extract import divisions, extract_file
from bqw.rdf.iris import DEFAULT_BASE, Minter, segment
from bqw.rdf.mapping import map_extraction, ntriples
from bqw.rdf.ontology import ontology
from bqw.store.embedded import EmbeddedStore

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
DEFAULT_SEED = 42
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_TRIPLE = re.compile(r"^(\S+) (\S+) (.*) \.$")
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(.*)$')
_REPORTS_ON = "<https://w3id.org/bqw/ontology#reportsOn>"
# Division levels grouped by what a name at that level may be swapped for.
_GROUPS = {
    "Village": "village",
    "Community": "village",
    "Town": "town",
    "Subdistrict": "town",
    "County": "county",
    "City": "city",
}
# Suffixes that say the level (longest first), kept when a village or town gets a new stem.
_SUFFIXES = {
    "village": ("村委会", "社区", "村"),
    "town": ("街道", "镇", "乡"),
    "county": ("自治县", "县", "区", "市"),
    "city": ("市",),
}
# Scopes that stay shared: the province (2 digits) or a prefecture (4 digits).
_SHARED_SCOPE = re.compile(r"^division/\d{2}(?:\d{2})?$")


@dataclass(frozen=True)
class Template:
    """One sample report's graph, ready to be copied.

    Attributes:
        name: the report's file name.
        graph: IRI of its named graph.
        triples: its triples as (subject, predicate, object) N-Triples terms, sorted.
        home: the stem of the place the report is about (its ``bqw:reportsOn`` area), if known.
        home_group: that place's level group (``village``, ``town``, ``county``, ``city``).
    """

    name: str
    graph: str
    triples: tuple[tuple[str, str, str], ...]
    home: str | None
    home_group: str


@dataclass(frozen=True)
class Seeds:
    """Everything the generator copies: fixed graphs (ontology, shared) and report templates."""

    fixed: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
    templates: tuple[Template, ...]
    places: dict[str, str]  # place stems named in the samples -> level group


def split(line: str) -> tuple[str, str, str]:
    """An N-Triples line as its three terms.

    >>> split('<urn:a> <urn:b> "c d"@zh .')
    ('<urn:a>', '<urn:b>', '"c d"@zh')
    """
    match = _TRIPLE.match(line)
    if match is None:
        raise ValueError(f"not an N-Triples line: {line!r}")
    return match.group(1), match.group(2), match.group(3)


def stem_of(name: str, group: str) -> tuple[str, str] | None:
    """``(stem, suffix)`` of a place name at a level group, when the stem has two or more characters.

    >>> stem_of("红丰村", "village"), stem_of("马冈镇", "town"), stem_of("X村", "village")
    (('红丰', '村'), ('马冈', '镇'), None)
    """
    for suffix in _SUFFIXES.get(group, ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)], suffix
    return None


@cache
def pools() -> dict[tuple[str, int], tuple[str, ...]]:
    """Real place-name stems of Guangdong by (level group, length), sorted: the names copies draw from."""
    found: dict[tuple[str, int], set[str]] = {}
    for division in divisions.load().by_code.values():
        group = _GROUPS.get(division.level)
        parts = stem_of(division.name, group) if group else None
        if group and parts:
            found.setdefault((group, len(parts[0])), set()).add(parts[0])
            found.setdefault((group, 0), set()).add(parts[0])  # any length
    return {key: tuple(sorted(stems)) for key, stems in found.items()}


def load_seeds(reports: Path = REPORTS, base: str = DEFAULT_BASE) -> Seeds:
    """Extract and map the sample reports once; gather the place names they use."""
    minter = Minter(base)
    shared: set[str] = set()
    mapped = []
    for path in sorted(reports.glob("*.txt")):
        graphs = map_extraction(extract_file(path), minter)
        shared.update(ntriples(graphs.shared))
        mapped.append((graphs.name, str(graphs.graph), [split(line) for line in ntriples(graphs.report)]))
    shared_triples = tuple(split(line) for line in sorted(shared))
    ontology_triples = tuple(split(line) for line in ntriples(ontology()))
    # Place names: labels of every area typed at a level the division table knows.
    bqw = "<https://w3id.org/bqw/ontology#"
    everything = [t for _, _, triples in mapped for t in triples] + list(shared_triples)
    levels = {
        s: _GROUPS[o[len(bqw) : -1]] for s, p, o in everything if p.endswith("#type>") and o[len(bqw) : -1] in _GROUPS
    }
    places: dict[str, str] = {}
    stems: dict[str, str] = {}
    for s, p, o in everything:
        if p == LABEL and s in levels:
            parts = stem_of(literal_text(o), levels[s])
            if parts:
                places.setdefault(parts[0], levels[s])
                stems.setdefault(s, parts[0])
    templates = []
    for name, graph, triples in mapped:
        area = next((o for s, p, o in triples if p == _REPORTS_ON), None)
        home = stems.get(area) if area else None
        templates.append(
            Template(name, graph, tuple(triples), home, levels.get(area, "village") if area else "village")
        )
    return Seeds(
        (
            (str(minter.ontology_graph()), ontology_triples),
            (str(minter.shared_graph()), shared_triples),
        ),
        tuple(templates),
        places,
    )


def literal_text(term: str) -> str:
    """The lexical form of a plain or language-tagged literal term (escapes kept as written)."""
    match = _LITERAL.match(term)
    return match.group(1) if match else term


class Copy:
    """The names of one copy of the corpus: which real place stands in for each sample place name.

    Args:
        seed: the corpus seed.
        number: the copy number (1, 2, …; copy 0 is the sample reports as they are).
        places: the sample reports' place stems and their level groups.
    """

    def __init__(self, seed: int, number: int, places: dict[str, str]) -> None:
        self.seed = seed
        self.number = number
        self._swaps: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()
        # Longest first, so 马冈镇's stem wins over a shorter name inside it.
        self._places = places
        ordered = sorted(places, key=lambda stem: (-len(stem), stem))
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def swap(self, stem: str, group: str) -> str:
        """The real stem that replaces ``stem`` in this copy (same level and length when the table has one)."""
        key = (stem, group)
        if key not in self._swaps:
            pool = pools().get((group, len(stem))) or pools()[(group if (group, 0) in pools() else "village", 0)]
            rng = random.Random(f"{self.seed}/{self.number}/{group}/{stem}")
            choice = rng.choice(pool)
            for _ in range(8):  # two sample names should not become one
                if choice not in self._taken:
                    break
                choice = rng.choice(pool)
            self._taken.add(choice)
            self._swaps[key] = choice
        return self._swaps[key]

    def rename(self, text: str, kind: str, template: Template) -> str:
        """A new name for ``text``, the name of an entity of class ``kind`` in a copy of ``template``.

        >>> seeds = Template("r", "g", (), "红丰", "village")
        >>> copy = Copy(42, 1, {"红丰": "village", "马冈": "town"})
        >>> copy.rename("马冈鹅苗孵化中心", "Place", seeds) != "马冈鹅苗孵化中心"
        True
        """
        group = _GROUPS.get(kind)
        parts = stem_of(text, group) if group else None
        if group and parts:
            return self.swap(parts[0], group) + parts[1]
        if self._pattern is not None:
            renamed, count = self._pattern.subn(lambda m: self.swap(m.group(0), self._places[m.group(0)]), text)
            if count:
                return renamed
        home = self.swap(template.home, template.home_group) if template.home else self.swap("本村", "village")
        return home + text


def _owned(iri: str, base: str) -> tuple[str, str, str] | None:
    """``(type, name, scope)`` of an entity IRI a report owns (scoped below a prefecture), else None."""
    if not iri.startswith(f"<{base}id/") or "/in/" not in iri:
        return None
    path, scope = iri[len(base) + 4 : -1].split("/in/", 1)
    if _SHARED_SCOPE.match(scope) or "/" not in path:
        return None
    kind, name = path.split("/", 1)
    return kind, name, scope


def copy_quads(template: Template, copy: Copy, base: str = DEFAULT_BASE) -> Iterator[str]:
    """The N-Quads lines of ``template`` written as copy ``copy.number`` (0: unchanged)."""
    if copy.number == 0:
        graph = f"<{template.graph}>"
        for s, p, o in template.triples:
            yield f"{s} {p} {o} {graph} .\n"
        return
    prefix = f"c{copy.number}-"
    reports = (f"<{base}report/", f"<{base}report/{prefix}")
    iris: dict[str, str] = {}
    taken: set[str] = set()
    renamed: dict[str, str] = {}  # owned entity -> its class, for its labels

    def term(value: str) -> str:
        if not value.startswith("<"):
            return value
        found = iris.get(value)
        if found is None:
            found = value.replace(*reports)
            owned = _owned(value, base)
            if owned is not None:
                kind, name, scope = owned
                scope = scope.replace(f"report/{template.name}", f"report/{prefix}{template.name}")
                new_name = segment(copy.rename(unquote(name), kind, template))
                found = f"<{base}id/{kind}/{new_name}/in/c{copy.number}/{scope}>"
                while found in taken:  # two names that became one stay two entities
                    found = found[:-1] + "~>"
                taken.add(found)
                renamed[found] = kind
            iris[value] = found
        return found

    graph = term(f"<{template.graph}>").replace("/graph/report/", f"/graph/report/{prefix}")
    source = f'"{template.name}"'
    for s, p, o in template.triples:
        subject, obj = term(s), term(o)
        if subject in renamed and p in (LABEL, ALT_LABEL):
            match = _LITERAL.match(o)
            if match:
                obj = '"' + copy.rename(match.group(1), renamed[subject], template) + '"' + match.group(2)
        elif o == source:
            obj = f'"{prefix}{template.name}"'
        yield f"{subject} {p} {obj} {graph} .\n"


def generate(
    out: IO[str], triples: int, seed: int = DEFAULT_SEED, seeds: Seeds | None = None, base: str = DEFAULT_BASE
) -> int:
    """Write a corpus of at least ``triples`` quads to ``out``; return how many were written."""
    seeds = seeds or load_seeds(base=base)
    written = 0
    for graph, fixed in seeds.fixed:
        for s, p, o in fixed:
            out.write(f"{s} {p} {o} <{graph}> .\n")
        written += len(fixed)
    number = 0
    while written < triples:
        copy = Copy(seed, number, seeds.places)
        for template in seeds.templates:
            for line in copy_quads(template, copy, base):
                out.write(line)
                written += 1
            if written >= triples:
                break
        number += 1
    return written


def build_store(corpus: Path, location: Path) -> tuple[EmbeddedStore, float, float]:
    """Bulk-load the N-Quads file into a new on-disk store and build its label index.

    The index (``<store>.labels.sqlite``) is built the way the store keeps it: the first
    search finds it out of step with the store and rebuilds it from the store's labels.

    Returns:
        the open store, the bulk load's seconds, the label index's seconds.
    """
    if location.exists() and any(location.iterdir()):
        raise FileExistsError(f"{location} is not empty")
    store = EmbeddedStore(location)
    start = time.perf_counter()
    store.store.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    store.search_labels("村", 1)
    return store, loaded, time.perf_counter() - start


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1m`` → 1000000, ``2500`` → 2500.

    >>> parse_size("10k"), parse_size("1M"), parse_size("10m")
    (10000, 1000000, 10000000)
    """
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=parse_size, default=1_000_000, help="quads to write (10k, 1m, …)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the N-Quads file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"name choice seed (default {DEFAULT_SEED})")
    parser.add_argument("--store", type=Path, help="also bulk-load it into a new on-disk store here")
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with args.output.open("w", encoding="utf-8", newline="\n") as out:
        written = generate(out, args.triples, args.seed)
    print(f"{args.output}: {written} quads in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.store is not None:
        store, loaded, indexed = build_store(args.output, args.store)
        store.close()
        print(f"{args.store}: bulk load {loaded:.1f} s, label index {indexed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
