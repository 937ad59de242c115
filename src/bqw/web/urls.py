"""Every URL the web layer links to, built in this one place.

IRIs that bqw mints live under the configured base (``https://w3id.org/bqw/``) and
dereference on this server at the same path: ``<base>id/Policy/百千万工程`` is served at
``/id/Policy/百千万工程``. IRIs keep reserved ASCII %-encoded (``a%2Fb``), so the server
reads the *raw* request path and turns it back into the IRI by decoding only non-ASCII
octets (RFC 3987 §3.2), never ``%2F``.

>>> urls = Urls("https://w3id.org/bqw/")
>>> urls.local("https://w3id.org/bqw/id/Policy/百千万工程")
'/id/Policy/百千万工程'
>>> urls.local("http://example.org/x") is None
True
>>> urls.iri_of_path("/id/Project/a%2Fb%E6%9D%91")
'https://w3id.org/bqw/id/Project/a%2Fb村'
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlencode

from bqw.errors import InputError, QuerySyntaxError
from bqw.store import terms as nt

#: Suffix of a twin → the media type it serves; ``.json`` is the page's own JSON dict.
SUFFIXES: dict[str, str] = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".json": "application/json",
}
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: A ``.`` or ``..`` path segment, also spelt ``%2e``, also between encoded slashes.
_DOT_SEGMENT = re.compile(r"(?:/|%2f)(?:\.|%2e){1,2}(?=/|%2f|[?#]|$)", re.IGNORECASE)


def _decode_non_ascii(run: re.Match[str]) -> str:
    """Decode a run of %XX octets where they spell non-ASCII UTF-8; keep ASCII escapes as written."""
    text = run.group(0)
    raw = bytes(int(text[i + 1 : i + 3], 16) for i in range(0, len(text), 3))
    out = []
    index = 0
    while index < len(raw):
        byte = raw[index]
        if byte < 0x80:
            out.append(text[index * 3 : index * 3 + 3])
            index += 1
            continue
        # The length of a UTF-8 sequence follows from its first byte.
        size = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 1
        chunk = raw[index : index + size]
        try:
            out.append(chunk.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(text[index * 3 : index * 3 + 3 * size])
        index += size
    return "".join(out)


def check_path(path: str) -> None:
    """Refuse a decoded path with ``..`` segments or control characters (400).

    Raises:
        bqw.errors.InputError: the path is unsafe.
    """
    if any(unicodedata.category(char) == "Cc" for char in path):
        raise InputError("control characters are not allowed in a path")
    if any(part in {"..", "."} for part in path.split("/")):
        raise InputError("'.' and '..' segments are not allowed in a path")


def check_iri(value: str) -> str:
    """``value`` when it is an absolute IRI a client may name; InputError (400) otherwise.

    bqw never mints an IRI with ``.`` or ``..`` segments, so one that has them is an attempt
    at path traversal, not a name of anything here; characters no IRI holds (``<>"{}``,
    spaces, control characters) would break out of the ``<…>`` of a SPARQL term.

    >>> check_iri("https://w3id.org/bqw/id/Village/石角村")
    'https://w3id.org/bqw/id/Village/石角村'
    >>> check_iri("https://w3id.org/bqw/id/%2e%2e/x")
    Traceback (most recent call last):
    bqw.errors.InputError: '.' and '..' segments are not allowed in an IRI: 'https://w3id.org/bqw/id/%2e%2e/x'

    Raises:
        bqw.errors.InputError: a relative IRI, a dot segment, or a character no IRI holds.
    """
    if not _SCHEME.match(value):
        raise InputError(f"not an absolute IRI: {value!r}")
    if _DOT_SEGMENT.search(value):
        raise InputError(f"'.' and '..' segments are not allowed in an IRI: {value!r}")
    try:
        nt.iri(value)
    except QuerySyntaxError as error:
        raise InputError(str(error)) from None
    return value


class Urls:
    """Builds local URLs from IRIs and names, and IRIs back from request paths.

    Args:
        base: the base IRI of everything bqw mints (``Settings.base_iri``).
    """

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    # -- IRIs <-> paths ----------------------------------------------------------------------

    def local(self, iri: str) -> str | None:
        """The path that serves ``iri`` here, or None for an IRI outside the base."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :]
        if "#" in rest:
            return None
        return "/" + rest

    def require_local(self, iri: str) -> str:
        """``iri`` itself when bqw minted it under the base.

        Raises:
            bqw.errors.InputError: an IRI outside the base, or one with characters no IRI holds.
        """
        if not iri.startswith(self.base) or any(unicodedata.category(char) == "Cc" for char in iri):
            raise InputError(f"not an IRI of this graph (they start with {self.base}): {iri!r}")
        return check_iri(iri)

    def iri_of_path(self, raw_path: str) -> str:
        """The IRI a raw (still %-encoded) request path stands for.

        Raises:
            bqw.errors.InputError: the path has ``..``, control characters or bad escapes.
        """
        iri_path = _PERCENT_RUN.sub(_decode_non_ascii, raw_path)
        check_path(iri_path)
        # Every octet of the decoded form must be a control-free character.
        check_path(re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), iri_path))
        return self.base + iri_path.lstrip("/")

    def href(self, iri: str) -> str:
        """Where a link to ``iri`` goes: its own page when local, else the resource page."""
        return self.local(iri) or self.resource(iri)

    # -- pages -------------------------------------------------------------------------------

    def home(self) -> str:
        return "/"

    def resource(self, iri: str) -> str:
        """The page of any IRI, also one outside the base (ontology terms, external IRIs)."""
        return "/resource?" + urlencode({"iri": iri})

    def entity(self, iri: str) -> str:
        return self.href(iri)

    def twin(self, path: str, suffix: str) -> str:
        """The ``.ttl``/``.jsonld``/``.json`` twin of a page path (query string kept)."""
        page, _, query = path.partition("?")
        if page == "/":
            page = "/index"
        return page + suffix + ("?" + query if query else "")

    def report(self, name: str) -> str:
        return "/report/" + quote(name, safe="")

    def report_anchor(self, name: str, sentence_index: int) -> str:
        return f"{self.report(name)}#s{sentence_index}"

    def report_graph(self, name: str) -> str:
        return "/graph/report/" + quote(name, safe="")

    def reports(self) -> str:
        return "/reports"

    def classes(self) -> str:
        return "/classes"

    def search(self, query: str, type_: str | None = None) -> str:
        params = {"q": query} if type_ is None else {"q": query, "type": type_}
        return "/search?" + urlencode(params)

    def graph(self, iri: str | None = None) -> str:
        return "/graph" if iri is None else "/graph?" + urlencode({"iri": iri})

    def sparql_editor(self, query: str | None = None) -> str:
        return "/sparql-editor" if query is None else "/sparql-editor?" + urlencode({"query": query})

    def api_observations(self, iri: str) -> str:
        return "/api/observations?" + urlencode({"iri": iri})

    def instances(self, class_iri: str) -> str:
        """The list of one class's instances."""
        return "/classes/instances?" + urlencode({"class": class_iri})
