"""The explorer tests' store: a few sample reports ingested, measures written, plus one hostile report.

``data/reports/`` holds the sample reports (``data/reports/SOURCES.md``). The hostile report
is written here as triples: an entity whose label and sentence carry HTML and script, to
check that every page renders them as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from bqw.analytics import results
from bqw.ingest import ensure_ontology, ingest_file
from bqw.rdf.iris import Minter
from bqw.store.embedded import EmbeddedStore
from bqw.store.terms import iri, literal

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
SAMPLE_REPORTS = (
    "2024-10-hongfeng-village-kaiping.txt",
    "2023-05-chikan-district.txt",
    "district-report-2023.txt",
    "2025-06-dongyuan-county.txt",
)
POLICY = "https://w3id.org/bqw/id/Policy/百千万工程"
CHIKAN = "https://w3id.org/bqw/id/division/440802"

BQW = "https://w3id.org/bqw/ontology#"
XSS_REPORT = "xss-report.txt"
XSS_LABEL = '<script>alert(1)</script>" onmouseover="alert(2)村'
XSS_SENTENCE = f"据报，{XSS_LABEL}获评<b>示范村</b>，产值*3亿元。"
XSS_ENTITY = "https://w3id.org/bqw/id/Village/xss/in/report/xss-report.txt"
XSS_INDICATOR = "https://w3id.org/bqw/id/Indicator/产值"


def _hostile_triples() -> list[str]:
    minter = Minter()
    doc = str(minter.document(XSS_REPORT))
    sentence = f"{doc}/sentence/0"
    mention = f"{doc}/mention/3-{3 + len(XSS_LABEL)}"
    obs = f"{doc}/observation/0"
    start = XSS_SENTENCE.index("*3")

    def t(s: str, p: str, o: str) -> str:
        return f"{iri(s)} {iri(p)} {o} ."

    integer = "http://www.w3.org/2001/XMLSchema#integer"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    return [
        t(doc, rdf_type, iri(BQW + "Document")),
        t(doc, "http://purl.org/dc/terms/source", literal(XSS_REPORT)),
        t(doc, BQW + "reportsOn", iri(XSS_ENTITY)),
        t(XSS_ENTITY, rdf_type, iri(BQW + "Village")),
        t(XSS_ENTITY, label, literal(XSS_LABEL, language="zh")),
        t(XSS_ENTITY, BQW + "implements", iri(POLICY)),
        t(sentence, rdf_type, iri(BQW + "Sentence")),
        t(sentence, BQW + "inDocument", iri(doc)),
        t(sentence, BQW + "index", literal("0", datatype=integer)),
        t(sentence, BQW + "text", literal(XSS_SENTENCE)),
        t(sentence, BQW + "start", literal("0", datatype=integer)),
        t(sentence, BQW + "end", literal(str(len(XSS_SENTENCE)), datatype=integer)),
        t(mention, rdf_type, iri(BQW + "Mention")),
        t(mention, BQW + "refersTo", iri(XSS_ENTITY)),
        t(mention, BQW + "inSentence", iri(sentence)),
        t(mention, BQW + "inDocument", iri(doc)),
        t(mention, BQW + "start", literal("3", datatype=integer)),
        t(mention, BQW + "end", literal(str(3 + len(XSS_LABEL)), datatype=integer)),
        t(obs, rdf_type, iri(BQW + "Observation")),
        t(obs, BQW + "indicator", iri(XSS_INDICATOR)),
        t(obs, BQW + "area", iri(XSS_ENTITY)),
        t(obs, BQW + "valueAsWritten", literal("*3")),
        t(obs, BQW + "unitAsWritten", literal("亿元")),
        t(obs, BQW + "masked", literal("true", datatype="http://www.w3.org/2001/XMLSchema#boolean")),
        t(obs, BQW + "inDocument", iri(doc)),
        t(obs, BQW + "inSentence", iri(sentence)),
        t(obs, BQW + "start", literal(str(start), datatype=integer)),
        t(obs, BQW + "end", literal(str(start + 4), datatype=integer)),
        t(XSS_INDICATOR, rdf_type, iri(BQW + "Indicator")),
        t(XSS_INDICATOR, label, literal("产值", language="zh")),
    ]


def iri_of(store: EmbeddedStore, label: str, type_: str) -> str:
    """The IRI of the one entity of ``type_`` labelled ``label`` (IRIs depend on scoping, not on tests)."""
    query = "SELECT DISTINCT ?s ?label ?type WHERE { ?s a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    found = {
        row["s"] for row in store.select(query, {"label": literal(label, language="zh"), "type": iri(BQW + type_)})
    }
    assert len(found) == 1, found
    return found.pop()[1:-1]


def build_store(reports: Iterable[str] = SAMPLE_REPORTS) -> EmbeddedStore:
    """An in-memory store with ``reports`` ingested, the hostile report, and the measures written."""
    store = EmbeddedStore()
    minter = Minter()
    ensure_ontology(store, minter)
    for name in reports:
        outcome = ingest_file(store, REPORTS / name, minter)
        assert outcome.action == "added", outcome
    store.replace_graph(str(minter.report_graph(XSS_REPORT)), _hostile_triples())
    results.refresh(store)
    return store


class Page(HTMLParser):
    """A parsed page: text of elements by tag, attributes of every element, and text by id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: list[tuple[str, dict[str, str], str]] = []
        self.all_text: list[str] = []
        self.feed(html)
        self.close()

    _VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "col", "area", "base", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in self._VOID:
            self._open.append((tag, attributes, []))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                name, attributes, parts = self._open.pop(index)
                text = "".join(parts)
                self.texts.append((name, attributes, text))
                if self._open:
                    self._open[-1][2].append(text)
                return

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        if self._open:
            self._open[-1][2].append(data)

    def text_of(self, tag: str, **attributes: str) -> list[str]:
        """The text of every ``tag`` element whose attributes include ``attributes``."""
        return [
            text
            for name, attrs, text in self.texts
            if name == tag and all(attrs.get(k.rstrip("_")) == v for k, v in attributes.items())
        ]

    def find(self, tag: str) -> list[dict[str, str]]:
        """The attributes of every ``tag`` element."""
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def text(self) -> str:
        return "".join(self.all_text)
