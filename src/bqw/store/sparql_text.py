"""Lexical checks on SPARQL text that hold for every backend.

It also adds the Protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to an update
as USING clauses, since the embedded store takes no update dataset of its own.

The endpoint needs a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) to negotiate the
answer's format before running it, and refuses ``SERVICE`` and ``LOAD`` of remote IRIs unless the operator enabled
them: both make the server send requests on a user's behalf. The check is lexical, not a
full parse, because the embedded store does not expose its parser's syntax tree; strings,
IRIs, comments, variables and prefixed names are removed first so that a literal
``"SERVICE"`` or a variable ``?load`` is not mistaken for the keyword.
"""

from __future__ import annotations

import re

from bqw.errors import InputError
from bqw.store.terms import iri

# Order matters: long strings before short ones, so a '"' inside '"""…"""' is consumed.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+"
    r"|[\w.-]*:[\w.:%-]*",
    re.UNICODE,
)
_WORD = re.compile(r"[A-Za-z]+")


def keywords(text: str) -> set[str]:
    """The upper-cased bare words of a SPARQL query or update.

    >>> sorted(keywords('SELECT ?service WHERE { ?s <http://x/SERVICE> "LOAD" }'))
    ['SELECT', 'WHERE']
    """
    stripped = _NOT_KEYWORDS.sub(" ", text)
    return {word.upper() for word in _WORD.findall(stripped)}


def uses_remote_access(text: str) -> bool:
    """Whether a query or update would make the server fetch something (SERVICE or LOAD).

    >>> uses_remote_access('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_remote_access('SELECT * { ?s <http://example.org/service> "load" }')
    False
    """
    return not keywords(text).isdisjoint({"SERVICE", "LOAD"})


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def query_form(text: str) -> str | None:
    """``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT, DESCRIBE) by the query's first form keyword.

    Found without evaluating anything (a parser would run an ASK at once); None when there
    is no form keyword, which the parser will then reject.

    >>> query_form('PREFIX ask: <urn:x> CONSTRUCT { ?s ask:p "SELECT" } WHERE { { SELECT ?s {} } }')
    'graph'
    """
    for word in _WORD.findall(_NOT_KEYWORDS.sub(" ", text)):
        form = _FORMS.get(word.upper())
        if form is not None:
            return form
    return None


_TOKENS = re.compile(rf"(?P<skip>{_NOT_KEYWORDS.pattern})|(?P<word>[A-Za-z]+)|(?P<brace>[{{}}])", re.UNICODE)


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """``update`` with ``USING`` / ``USING NAMED`` before each top-level ``WHERE``.

    This is what the SPARQL Protocol's ``using-graph-uri`` and ``using-named-graph-uri``
    mean. An update that names its own dataset (USING or WITH) is refused, as the
    Protocol requires; ``DELETE WHERE`` takes no USING and is left alone.

    >>> with_using("INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o }", ["urn:g"], [])
    'INSERT { ?s a <urn:T> } USING <urn:g> WHERE { ?s ?p ?o }'
    """
    if not default_graphs and not named_graphs:
        return update
    clauses = [f"USING {iri(g)}" for g in default_graphs] + [f"USING NAMED {iri(g)}" for g in named_graphs]
    clause = " ".join(clauses) + " "
    pieces, last, depth, previous = [], 0, 0, ""
    for token in _TOKENS.finditer(update):
        if token["brace"]:
            depth += 1 if token["brace"] == "{" else -1
            continue
        word = (token["word"] or "").upper()
        if not word or depth != 0:
            continue
        if word in ("USING", "WITH"):
            raise InputError(
                "the update names its own dataset (USING or WITH) and the request "
                "gives using-graph-uri / using-named-graph-uri: choose one"
            )
        if word == "WHERE" and previous != "DELETE":
            pieces.append(update[last : token.start()] + clause)
            last = token.start()
        previous = word
    return "".join(pieces) + update[last:]
