"""The ontology files (``ontology/bqw.ttl``, ``ontology/shapes.ttl``) as rdflib graphs.

They are looked up inside the installed package first (``bqw/ontology/``, where a wheel
build may put them) and then in the source checkout, so an editable install and a
checkout share one copy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

from bqw.errors import BqwError

_CHECKOUT = Path(__file__).resolve().parents[3] / "ontology"


def ontology_file(name: str) -> Path:
    """The path of ``ontology/<name>``.

    Raises:
        bqw.errors.BqwError: the file is in neither place.
    """
    packaged = resources.files("bqw").joinpath("ontology", name)
    if packaged.is_file():
        return Path(str(packaged))
    path = _CHECKOUT / name
    if path.is_file():
        return path
    raise BqwError(f"ontology file {name} not found (looked in the bqw package and {_CHECKOUT})")


@cache
def _parsed(name: str) -> Graph:
    return Graph().parse(ontology_file(name), format="turtle")


def ontology() -> Graph:
    """A fresh copy of the ontology graph (callers may add to it)."""
    copy = Graph()
    for triple in _parsed("bqw.ttl"):
        copy.add(triple)
    return copy


def shapes() -> Graph:
    """The SHACL shapes graph (shared; do not modify)."""
    return _parsed("shapes.ttl")


def ontology_turtle() -> str:
    """The ontology as written, for storing it in its own named graph."""
    return ontology_file("bqw.ttl").read_text(encoding="utf-8")
