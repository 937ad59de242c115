"""N-Triples term strings, the currency of the store contract, made and read without an RDF library.

>>> literal('说 "好"', language="zh")
'"说 \\\\"好\\\\""@zh'
>>> to_json(literal("3", datatype="http://www.w3.org/2001/XMLSchema#integer"))
{'type': 'literal', 'value': '3', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}
"""

from __future__ import annotations

import re
from typing import Any

from bqw.errors import QuerySyntaxError
from bqw.store.base import Term

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_LITERAL = re.compile(r'^"(?P<value>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<dt>[^>]*)>)?$', re.S)
_UNESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def iri(value: str) -> Term:
    """``<value>``; QuerySyntaxError if ``value`` has characters an IRI cannot hold."""
    if not value or _IRI_FORBIDDEN.search(value):
        raise QuerySyntaxError(f"not an IRI: {value!r}")
    return f"<{value}>"


def literal(value: str, *, language: str | None = None, datatype: str | None = None) -> Term:
    """A literal with ``value`` escaped, optionally tagged with a language or a datatype."""
    body = '"' + "".join(_ESCAPES.get(char, char) for char in value) + '"'
    if language is not None:
        if not _LANGUAGE.match(language):
            raise QuerySyntaxError(f"not a language tag: {language!r}")
        return f"{body}@{language}"
    return body if datatype is None else f"{body}^^{iri(datatype)}"


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _UNESCAPE.sub(one, text)


def to_json(term: Term) -> dict[str, Any]:
    """A term in the SPARQL JSON results shape (``type``, ``value``, ``xml:lang``/``datatype``)."""
    if term.startswith("<") and term.endswith(">"):
        return {"type": "uri", "value": term[1:-1]}
    if term.startswith("_:"):
        return {"type": "bnode", "value": term[2:]}
    match = _LITERAL.match(term)
    if match is None:
        raise QuerySyntaxError(f"not an N-Triples term: {term!r}")
    out: dict[str, Any] = {"type": "literal", "value": _unescape(match["value"])}
    if match["lang"]:
        out["xml:lang"] = match["lang"]
    elif match["dt"]:
        out["datatype"] = match["dt"]
    return out
