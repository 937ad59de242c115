"""SPARQL 1.1 JSON results from a server, read into the store contract's N-Triples terms.

Servers differ in small ways that must not leak into bqw: Virtuoso still writes the 2007
draft's ``typed-literal`` type and names blank nodes ``nodeID://b1``; some servers type
plain strings as ``xsd:string``. Terms come out exactly as :class:`~bqw.store.embedded.EmbeddedStore`
prints them (Oxigraph's N-Triples escapes), so every backend yields the same rows.

>>> term_from_json({"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"})
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> term_from_json({"type": "literal", "xml:lang": "zh", "value": '说"好"'})
'"说\\\\"好\\\\""@zh'
"""

from __future__ import annotations

import json
import re
from typing import Any

from bqw.errors import StoreError
from bqw.store.base import Term

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Oxigraph's escapes: the short ones, then \uXXXX for the other control characters.
_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def _escape(char: re.Match[str]) -> str:
    text = char.group(0)
    return _SHORT.get(text) or f"\\u{ord(text):04X}"


def normalise(term: dict[str, Any]) -> dict[str, Any]:
    """A JSON term in the SPARQL 1.1 form: ``literal`` only, no ``xsd:string``, safe blank node labels."""
    kind = term.get("type")
    value = term.get("value")
    if not isinstance(value, str):
        raise StoreError(f"the server sent a term without a value: {term!r}")
    if kind == "uri":
        return {"type": "uri", "value": value}
    if kind == "bnode":
        return {"type": "bnode", "value": _BNODE_UNSAFE.sub("_", value.removeprefix("nodeID://"))}
    if kind in ("literal", "typed-literal"):
        out: dict[str, Any] = {"type": "literal", "value": value}
        language = term.get("xml:lang")
        datatype = term.get("datatype")
        if language:
            out["xml:lang"] = language.lower()
        elif datatype and datatype not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = datatype
        return out
    raise StoreError(f"the server sent a term of unknown type: {term!r}")


def term_from_json(term: dict[str, Any]) -> Term:
    """One SPARQL JSON term as an N-Triples term string."""
    term = normalise(term)
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    body = '"' + _NEEDS_ESCAPE.sub(_escape, term["value"]) + '"'
    if "xml:lang" in term:
        return f"{body}@{term['xml:lang']}"
    if "datatype" in term:
        return f"{body}^^<{term['datatype']}>"
    return body


def read_select(body: bytes) -> tuple[list[str], list[dict[str, dict[str, Any]]]]:
    """The variables and normalised bindings of a SPARQL JSON SELECT answer."""
    document = _load(body)
    try:
        variables = [str(name) for name in document["head"].get("vars", [])]
        rows = document["results"]["bindings"]
    except (KeyError, TypeError, AttributeError):
        raise StoreError("the server's answer is not a SPARQL JSON SELECT result") from None
    return variables, [{name: normalise(value) for name, value in row.items()} for row in rows]


def read_ask(body: bytes) -> bool:
    """The boolean of a SPARQL JSON ASK answer."""
    document = _load(body)
    answer = document.get("boolean") if isinstance(document, dict) else None
    if answer is None and isinstance(document, dict):
        answer = _virtuoso_ask(document)
    if not isinstance(answer, bool):
        raise StoreError("the server's answer is not a SPARQL JSON ASK result")
    return answer


def _virtuoso_ask(document: dict[str, Any]) -> bool | None:
    """Virtuoso 7.2 answers an ASK in JSON as a SELECT of ``__ASK_RETVAL`` (one row of 1, or none)."""
    try:
        if document["head"]["vars"] != ["__ASK_RETVAL"]:
            return None
        rows = document["results"]["bindings"]
    except (KeyError, TypeError):
        return None
    return any(row.get("__ASK_RETVAL", {}).get("value") not in (None, "0") for row in rows)


def write_select(variables: list[str], rows: list[dict[str, dict[str, Any]]]) -> bytes:
    """SPARQL 1.1 JSON for ``rows`` (already normalised), UTF-8."""
    document = {"head": {"vars": variables}, "results": {"bindings": rows}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def write_ask(answer: bool) -> bytes:
    """SPARQL 1.1 JSON for an ASK answer."""
    return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")


def _load(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise StoreError(f"the server's answer is not JSON: {error}") from None
