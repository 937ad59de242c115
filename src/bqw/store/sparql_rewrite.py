"""Small, lexical rewrites of SPARQL text that a remote server needs and the embedded store does not.

* :func:`bind`: the store contract's parameter bindings as a ``VALUES`` block at the start
  of the WHERE group, since SPARQL 1.1 servers do not take SEP-0007 substitutions. The
  block is first in the group, so FILTERs of the group see the values, as with substitution.
* :func:`paged`: one page of a SELECT, for servers that silently cut answers at a row cap
  (Virtuoso's ``ResultSetMaxRows``). The rows are ordered inside a subquery and the page
  is taken outside, the form Virtuoso documents for paging past its sorted-rows limit.
* :func:`describe_outgoing`: Virtuoso's DESCRIBE also returns the triples *pointing at*
  the resource; its ``sql:describe-mode "CBD"`` gives the concise bounded description
  that Oxigraph returns.

Strings, IRIs and comments are skipped with :mod:`bqw.store.sparql_text`'s tokens, so a
``{`` or ``SELECT`` inside a literal is never mistaken for syntax.
"""

from __future__ import annotations

import re

from bqw.errors import QuerySyntaxError
from bqw.store.base import Term

# The same skip-list as the SERVICE check, so both read SPARQL text the same way.
from bqw.store.sparql_text import _NOT_KEYWORDS
from bqw.store.terms import iri, to_json

_TOKENS = re.compile(rf"(?P<skip>{_NOT_KEYWORDS.pattern})|(?P<word>[A-Za-z]+)|(?P<brace>[{{}}])", re.UNICODE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_term(term: Term) -> Term:
    """``term`` if it is exactly one IRI or literal (VALUES takes no blank nodes)."""
    if term.startswith("<"):
        return iri(term[1:-1]) if term.endswith(">") else iri(term)
    if term.startswith("_:"):
        raise QuerySyntaxError(f"a blank node cannot be bound: {term!r}")
    to_json(term)  # raises QuerySyntaxError unless it is one well-formed literal
    datatype = to_json(term).get("datatype")
    if datatype is not None:
        iri(datatype)
    return term


def _first_brace(query: str) -> int:
    for token in _TOKENS.finditer(query):
        if token["brace"] == "{":
            return token.start()
    raise QuerySyntaxError("the query has no WHERE group")


def bind(query: str, bindings: dict[str, Term] | None) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block opening its WHERE group.

    >>> bind('SELECT ?s ?l WHERE { ?s ?p ?l }', {"l": '"村"@zh'})
    'SELECT ?s ?l WHERE { VALUES (?l) { ("村"@zh) } ?s ?p ?l }'
    """
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise QuerySyntaxError(f"not a variable name: {name!r}")
    values = " ".join(_check_term(bindings[name]) for name in names)
    block = f"VALUES ({' '.join('?' + name for name in names)}) {{ ({values}) }}"
    at = _first_brace(query) + 1
    return f"{query[:at]} {block}{query[at:]}"


def split_prologue(query: str) -> tuple[str, str]:
    """The BASE/PREFIX prologue and the rest of a query.

    >>> split_prologue('PREFIX s: <urn:select#> SELECT * {}')
    ('PREFIX s: <urn:select#> ', 'SELECT * {}')
    """
    for token in _TOKENS.finditer(query):
        word = (token["word"] or "").upper()
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return query[: token.start()], query[token.start() :]
    raise QuerySyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")


def paged(query: str, variables: list[str], limit: int, offset: int) -> str:
    """One page of a SELECT, ordered by every variable of its answer so pages do not overlap.

    >>> paged('SELECT ?s { ?s ?p ?o }', ['s'], 10, 20)
    'SELECT * WHERE { { SELECT * WHERE { SELECT ?s { ?s ?p ?o } } ORDER BY ?s } } LIMIT 10 OFFSET 20'
    """
    prologue, body = split_prologue(query)
    for name in variables:
        if not _VARIABLE.match(name):
            raise QuerySyntaxError(f"not a variable name: {name!r}")
    order = " ORDER BY " + " ".join("?" + name for name in variables) if variables else ""
    return f"{prologue}SELECT * WHERE {{ {{ SELECT * WHERE {{ {body} }}{order} }} }} LIMIT {limit} OFFSET {offset}"


def describe_outgoing(query: str) -> str:
    """A DESCRIBE for Virtuoso that returns what Oxigraph returns (outgoing triples, blank nodes followed).

    >>> describe_outgoing('DESCRIBE <urn:a>')
    'DEFINE sql:describe-mode "CBD" DESCRIBE <urn:a>'
    """
    return f'DEFINE sql:describe-mode "CBD" {query}'
