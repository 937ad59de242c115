"""Writing Oxigraph answers in the SPARQL result and RDF formats bqw serves."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from bqw.errors import UnsupportedFormat

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: pyoxigraph's format for each of bqw.store.base.RESULT_MEDIA_TYPES (a test keeps them in step).
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: pyoxigraph's format for each of bqw.store.base.GRAPH_MEDIA_TYPES.
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def term_to_json(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_to_json(term.subject),
                "predicate": term_to_json(term.predicate),
                "object": term_to_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def result_format(media_type: str) -> ox.QueryResultsFormat:
    try:
        return RESULT_FORMATS[media_type]
    except KeyError:
        raise UnsupportedFormat(f"SELECT and ASK answers cannot be written as {media_type!r}") from None


def rdf_format(media_type: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[media_type]
    except KeyError:
        raise UnsupportedFormat(f"graphs cannot be written as {media_type!r}") from None


def serialise_rows(variables: list[str], rows: list[Any], media_type: str) -> bytes:
    """Serialise solutions we already pulled (to cap and time them) in ``media_type``.

    pyoxigraph serialises only its own result iterators, so the rows are written as SPARQL
    JSON, and pyoxigraph converts that to the other formats.
    """
    fmt = result_format(media_type)
    bindings = [
        {name: term_to_json(solution[name]) for name in variables if solution[name] is not None} for solution in rows
    ]
    document = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode(
        "utf-8"
    )
    if fmt == ox.QueryResultsFormat.JSON:
        return document
    parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=fmt))
