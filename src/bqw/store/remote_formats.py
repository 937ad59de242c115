"""RDF and result formats for the remote store, done with pyoxigraph (already a dependency).

The remote store asks servers for JSON results and N-Triples graphs only; this module
parses what callers hand it and writes the format the endpoint's client asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from bqw.errors import InputError, StoreError, UnsupportedFormat
from bqw.store.embedded import _READ_FORMATS
from bqw.store.embedded_formats import rdf_format, result_format

_SERVER_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/rdf+n3": ox.RdfFormat.TURTLE,
}


def check(kind: str, media_type: str) -> None:
    """Raise UnsupportedFormat unless answers of ``kind`` can be written as ``media_type``."""
    if kind == "graph":
        rdf_format(media_type)
    else:
        result_format(media_type)


def parse_lines(lines: Iterable[str]) -> list[Any]:
    """N-Triples lines as pyoxigraph triples; InputError on a bad line."""
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    try:
        return list(ox.parse(text, ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise InputError(f"malformed N-Triples: {error}") from error


def parse_document(data: bytes, media_type: str, base_iri: str | None) -> list[Any]:
    """An RDF document from a client; UnsupportedFormat or InputError when it cannot be read."""
    fmt = _READ_FORMATS.get(media_type)
    if fmt is None:
        raise UnsupportedFormat(f"cannot read RDF as {media_type!r}")
    try:
        return list(ox.parse(data, fmt, base_iri=base_iri))
    except SyntaxError as error:
        raise InputError(f"malformed {media_type}: {error}") from error


def parse_graph(body: bytes, content_type: str) -> list[Any]:
    """The triples of a server's CONSTRUCT, DESCRIBE or Graph Store answer."""
    media_type = content_type.split(";")[0].strip().lower()
    fmt = _SERVER_FORMATS.get(media_type)
    if fmt is None:
        raise StoreError(f"the SPARQL server sent a graph as {media_type or 'no type'!r}")
    try:
        return [quad if isinstance(quad, ox.Triple) else quad.triple for quad in ox.parse(body, fmt)]
    except SyntaxError as error:
        raise StoreError(f"the SPARQL server sent malformed {media_type}: {error}") from error


def write_graph(triples: list[Any], media_type: str) -> bytes:
    """``triples`` serialised as ``media_type``."""
    return bytes(ox.serialize(triples, format=rdf_format(media_type)) or b"")


def convert_results(json_body: bytes, media_type: str) -> bytes:
    """SPARQL JSON results rewritten as ``media_type`` (unchanged when it is JSON)."""
    fmt = result_format(media_type)
    if fmt == ox.QueryResultsFormat.JSON:
        return json_body
    parsed = ox.parse_query_results(json_body, ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=fmt))
