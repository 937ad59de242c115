"""The interface in two languages: Chinese by default, English by ``?lang=en`` or the ``bqw_lang`` cookie.

Every test here uses its own clients: a client keeps cookies, and a language chosen here
must not leak into the other tests, which read the default (Chinese) pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from explorer_support import POLICY, Page
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, RDFS, URIRef
from starlette.requests import Request

from bqw import queries
from bqw.config import Settings
from bqw.rdf.ontology import ontology
from bqw.store.embedded import EmbeddedStore
from bqw.web import i18n
from bqw.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
BQW = "https://w3id.org/bqw/ontology#"
HONGFENG_REPORT = "2024-10-hongfeng-village-kaiping.txt"
CHIKAN_REPORT = "2023-05-chikan-district.txt"
VILLAGE_CLASS = quote(BQW + "Village", safe="")
#: Chinese characters and CJK punctuation (、。（）：…), the marks of an untranslated string.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Attributes whose values a person reads (or hears from a screen reader).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

ClientFor = Callable[..., TestClient]


@pytest.fixture
def client_for(explorer_store: EmbeddedStore) -> Iterator[ClientFor]:
    """``client_for()``: a new client of the explorer's store, with no cookies of its own yet."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(create_app(Settings(store=":memory:"), store=explorer_store))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def local(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/bqw")


def pages(hongfeng: str) -> dict[str, str | None]:
    """Every kind of HTML page → the URL of its JSON twin (the data on the page), or None."""
    entity = local(hongfeng)
    changes = f"?a={CHIKAN_REPORT}&b={HONGFENG_REPORT}"
    return {
        "/": "/index.json",
        "/reports": "/reports.json",
        "/classes": "/classes.json",
        "/indicators": "/indicators.json",
        "/changes": "/changes.json",
        f"/changes{changes}": f"/changes.json{changes}",
        "/search?q=村": "/search.json?q=村",
        "/search?q=没有这个名字": "/search.json?q=没有这个名字",
        entity: entity + ".json",
        local(POLICY): local(POLICY) + ".json",
        f"/report/{HONGFENG_REPORT}": f"/report/{HONGFENG_REPORT}.json",
        f"/classes/instances?class={VILLAGE_CLASS}": f"/classes/instances.json?class={VILLAGE_CLASS}",
        f"/resource?iri={VILLAGE_CLASS}": f"/resource.json?iri={VILLAGE_CLASS}",
        f"/graph?iri={quote(hongfeng, safe='')}": None,
        "/graph": None,
        "/sparql-editor": None,
    }


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def strings(data: Any) -> Iterator[str]:
    """Every string value in a JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for item in data.values():
            yield from strings(item)
    elif isinstance(data, list):
        for item in data:
            yield from strings(item)


def chrome(page: Page) -> list[str]:
    """What a person reads on a page, less the language switch (each language names itself in itself)."""
    switch = set(i18n.NAMES.values())
    texts = [text for text in page.all_text if text.strip() and text.strip() not in switch]
    attributes = [attrs[name] for _tag, attrs in page.elements for name in READ_ATTRIBUTES if attrs.get(name)]
    return texts + attributes


def leftover_chinese(page: Page, data: Any) -> list[str]:
    """Chinese in a page's interface: its text with every string of its data (from reports) taken out."""
    known = sorted(set(strings(data)), key=len, reverse=True)
    left = []
    for text in chrome(page):
        for value in known:
            if value:
                text = text.replace(value, " ")
        if CHINESE.search(text):
            left.append(text.strip())
    return left


# ---------------------------------------------------------------- the catalogue


def test_both_languages_have_the_same_messages_and_none_is_empty() -> None:
    chinese, english = i18n.catalogue("zh"), i18n.catalogue("en")
    assert chinese.keys() == english.keys()
    assert len(chinese) > 100
    assert [key for key, text in {**chinese, **english}.items() if not text.strip()] == []
    assert [key for key in english if CHINESE.search(english[key])] == []


def test_a_translation_fills_only_the_placeholders_the_page_gives() -> None:
    chinese, english = i18n.catalogue("zh"), i18n.catalogue("en")
    assert [key for key in chinese if not i18n.placeholders(english[key]) <= i18n.placeholders(chinese[key])] == []
    assert i18n.messages("en")("search.results", count=3) == "3 results"
    assert i18n.messages("zh")("search.results", count=3) == "3 个结果"


def _named_keys(pattern: str, folder: Path, suffix: str) -> set[str]:
    found: set[str] = set()
    for file in folder.glob(f"*{suffix}"):
        found |= set(re.findall(pattern, file.read_text(encoding="utf-8")))
    return found


def test_every_message_a_template_or_script_names_exists() -> None:
    known = set(i18n.catalogue("en"))
    # Whole keys only: a key built at run time ("search.match." ~ kind) ends in a dot.
    in_templates = _named_keys(r"""\bt\(\s*["']([\w-]+(?:\.[\w-]+)+)["']""", ROOT / "web" / "templates", ".html")
    in_scripts = _named_keys(r"""["'`](js\.[\w-]+\.[\w.-]+)["'`]""", ROOT / "web" / "static" / "js", ".js")
    assert len(in_templates) > 100 and len(in_scripts) > 40
    assert in_templates - known == set()
    assert in_scripts - known == set()


def _code(script: str) -> str:
    """A script without its comments (which may quote Chinese data as examples)."""
    without_blocks = re.sub(r"/\*.*?\*/", "", script, flags=re.DOTALL)
    return "\n".join(line for line in without_blocks.splitlines() if not line.lstrip().startswith("//"))


def test_templates_and_scripts_hold_no_chinese_of_their_own() -> None:
    ideographs = re.compile(r"[\u3000-\u303f\u4e00-\u9fff]")
    templates = {file.name: file.read_text(encoding="utf-8") for file in (ROOT / "web" / "templates").glob("*.html")}
    scripts = {file.name: _code(file.read_text(encoding="utf-8")) for file in (ROOT / "web" / "static/js").glob("*.js")}
    assert {name for name, text in {**templates, **scripts}.items() if ideographs.search(text)} == set()


def test_every_example_query_and_question_has_words_in_both_languages() -> None:
    english = i18n.catalogue("en")
    assert [name for name in queries.names() if f"js.query.{name}" not in english] == []
    from bqw.web.pages import _EXAMPLES

    assert [name for name in _EXAMPLES if f"home.example.{name}" not in english] == []


def test_the_ontology_names_every_class_and_property_in_both_languages() -> None:
    graph = ontology()
    terms = {
        subject
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for subject in graph.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and str(subject).startswith(BQW)
    }
    assert len(terms) > 20
    unnamed = [
        (str(term), lang)
        for term in terms
        for lang in i18n.LANGUAGES
        if not any(getattr(label, "language", None) == lang for label in graph.objects(term, RDFS.label))
    ]
    assert unnamed == []


# ---------------------------------------------------------------- choosing the language


def test_the_language_is_the_parameter_then_the_cookie_then_chinese() -> None:
    assert i18n.pick("en", "zh") == "en"
    assert i18n.pick(None, "en") == "en"
    assert i18n.pick("xx", "en") == "en"
    assert i18n.pick("xx", "yy") == "zh"
    assert i18n.pick(None, None) == "zh"
    assert i18n.pick("EN", None) == "en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages(client_for: ClientFor, hongfeng: str, lang: str) -> None:
    client = client_for()
    for path in pages(hongfeng):
        response = client.get(with_lang(path, lang), headers=HTML)
        assert response.status_code == 200, (path, response.text[:500])
        assert response.headers["content-language"] == i18n.HTML_LANG[lang]
        assert "Cookie" in response.headers["vary"]
        root = next(attrs for tag, attrs in Page(response.text).elements if tag == "html")
        assert root["lang"] == i18n.HTML_LANG[lang], path
    missing = client.get(with_lang("/no/such/page", lang), headers=HTML)
    assert missing.status_code == 404
    heading = Page(missing.text).text_of("h1")[0]
    assert heading.startswith(i18n.messages(lang)("error.not_found"))
    assert i18n.messages(lang)("error.no_such_page") in missing.text


def test_lang_sets_a_cookie_that_later_pages_follow(client_for: ClientFor) -> None:
    client = client_for()
    first = client.get("/reports?lang=en", headers=HTML)
    cookie = first.headers["set-cookie"]
    assert cookie.startswith("bqw_lang=en;") and "Path=/" in cookie and "SameSite=Lax" in cookie
    assert client.cookies.get(i18n.COOKIE) == "en"
    later = client.get("/classes", headers=HTML)
    assert "set-cookie" not in later.headers
    assert Page(later.text).text_of("h1") == ["Classes of the ontology"]
    back = client.get("/classes?lang=zh", headers=HTML)
    assert Page(back.text).text_of("h1") == ["本体中的类"]
    assert Page(client.get("/", headers=HTML).text).text_of("a", href="/") == ["bqw · 百千万工程知识图谱", "首页"]


def test_without_a_choice_the_interface_is_chinese(client_for: ClientFor) -> None:
    response = client_for().get("/", headers={**HTML, "accept-language": "en-GB,en;q=0.9"})
    page = Page(response.text)
    assert ("html", {"lang": "zh-CN"}) in page.elements
    assert "首页" in page.text_of("a", href="/") and "set-cookie" not in response.headers


@pytest.mark.parametrize("asked", ["xx", "", "zh-TW", "<script>"])
def test_an_unknown_language_falls_back_to_chinese_without_a_cookie(client_for: ClientFor, asked: str) -> None:
    client = client_for()
    response = client.get("/indicators", params={"lang": asked}, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-language"] == "zh-CN"
    assert "set-cookie" not in response.headers
    assert Page(response.text).text_of("h1")[0].startswith("指标")


def test_the_switch_links_keep_the_path_and_the_query(client_for: ClientFor, hongfeng: str) -> None:
    client = client_for()
    for path in ("/search?q=红丰&type=", local(hongfeng), f"/classes/instances?class={VILLAGE_CLASS}"):
        page = Page(client.get(with_lang(path, "en"), headers=HTML).text)
        links = {attrs["data-lang"]: attrs for tag, attrs in page.elements if tag == "a" and "data-lang" in attrs}
        assert set(links) == {"zh", "en"}
        assert "aria-current" in links["en"] and "aria-current" not in links["zh"]
        assert page.text_of("a", href=links["zh"]["href"]) == ["中文"]
        wanted, got = urlsplit(with_lang(path, "zh")), urlsplit(links["zh"]["href"])
        assert quote(wanted.path) == got.path or wanted.path == got.path
        assert parse_qs(got.query, keep_blank_values=True) == parse_qs(wanted.query, keep_blank_values=True)
        # The link works: the same page, in Chinese.
        followed = client.get(links["zh"]["href"], headers=HTML)
        assert followed.status_code == 200 and followed.headers["content-language"] == "zh-CN"


@pytest.mark.parametrize(
    ("raw_path", "query", "expected"),
    [
        (b"/search", b"q=%E7%BA%A2&lang=en&lang=en", "/search?q=%E7%BA%A2&lang=zh"),
        (b"/id/Project/a%2Fb%E6%9D%91", b"", "/id/Project/a%2Fb%E6%9D%91?lang=zh"),
        (b"//evil.example/x", b"", "/evil.example/x?lang=zh"),
        (b'/a\\b"<c>', b"x=%22", "/a%5Cb%22%3Cc%3E?x=%22&lang=zh"),
    ],
)
def test_a_switch_link_is_this_page_on_this_site(raw_path: bytes, query: bytes, expected: str) -> None:
    path = raw_path.decode()
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": raw_path, "query_string": query, "headers": []}
    assert i18n.switch_href(Request(scope), "zh") == expected


# ---------------------------------------------------------------- what the English pages say


def test_english_pages_leave_no_chinese_in_the_interface(client_for: ClientFor, hongfeng: str) -> None:
    client = client_for()
    leftovers: dict[str, list[str]] = {}
    for path, twin in [*pages(hongfeng).items(), ("/no/such/page", None)]:
        response = client.get(with_lang(path, "en"), headers=HTML)
        data = client.get(with_lang(twin, "en")).json() if twin else {}
        found = leftover_chinese(Page(response.text), data)
        if found:
            leftovers[path] = found
    assert leftovers == {}


def test_the_leftover_check_finds_a_chinese_string_in_the_interface(client_for: ClientFor) -> None:
    page = Page(client_for().get("/reports?lang=en", headers=HTML).text.replace("Reports (", "报告 ("))
    assert leftover_chinese(page, {}) != [] and any("报告" in text for text in leftover_chinese(page, {}))


def test_chinese_pages_keep_their_chinese_interface(client_for: ClientFor, hongfeng: str) -> None:
    client = client_for()
    entity = Page(client.get(local(hongfeng), headers=HTML).text)
    assert "关系" in entity.text_of("h2")
    assert any(heading.startswith("被") for heading in entity.text_of("h3"))
    english = Page(client.get(with_lang(local(hongfeng), "en"), headers=HTML).text)
    assert "Relations" in english.text_of("h2")
    assert any(heading.startswith("Linked here by") for heading in english.text_of("h3"))


def test_twins_keep_their_keys_and_name_ontology_terms_in_the_chosen_language(
    client_for: ClientFor, hongfeng: str
) -> None:
    client = client_for()
    zh_classes = client.get("/classes.json?lang=zh").json()["classes"]
    en_classes = client.get("/classes.json?lang=en").json()["classes"]
    village = {"zh": next(c for c in zh_classes if c["name"] == "Village")}
    village["en"] = next(c for c in en_classes if c["name"] == "Village")
    assert village["zh"].keys() == village["en"].keys()
    assert (village["zh"]["label"], village["en"]["label"]) == ("村", "village")
    assert village["en"]["comment"] == "An administrative or natural village."
    assert "part of" in {p["label"] for p in village["en"]["properties"]}

    zh_entity = client.get(local(hongfeng) + ".json?lang=zh").json()
    en_entity = client.get(local(hongfeng) + ".json?lang=en").json()
    assert zh_entity.keys() == en_entity.keys()
    # Data from the reports stays as written; the ontology's words change.
    assert zh_entity["label"] == en_entity["label"] == "红丰村"
    assert zh_entity["sentences"] == en_entity["sentences"]
    assert (zh_entity["type_label"], en_entity["type_label"]) == ("村", "village")
    implements = {
        lang: next(g for g in e["outgoing"] if g["property"].endswith("#implements"))
        for lang, e in (("zh", zh_entity), ("en", en_entity))
    }
    assert (implements["zh"]["property_label"], implements["en"]["property_label"]) == ("实施", "implements")

    report = client.get(f"/report/{HONGFENG_REPORT}.json?lang=en").json()
    assert {item["kind"]: item["label"] for item in report["legend"]}["Village"] == "Village/community"
    assert report["level_label"] == "village"
    home = client.get("/index.json?lang=en").json()
    assert home.keys() == client.get("/index.json?lang=zh").json().keys()
    assert all(not CHINESE.search(example["question"]) for example in home["examples"])


def test_the_graph_page_hands_its_script_the_words_and_names_of_its_language(
    client_for: ClientFor, hongfeng: str
) -> None:
    client = client_for()
    for lang, village, implements, cap in (
        ("zh", "村", "实施", "个节点的上限"),
        ("en", "village", "implements", "cap"),
    ):
        page = Page(client.get(f"/graph?lang={lang}", headers=HTML).text)
        body = next(attrs for tag, attrs in page.elements if tag == "body")
        words = json.loads(body["data-messages"])
        assert all(key.startswith("js.") for key in words)
        assert cap in words["js.graph.cap"]
        explorer = next(attrs for tag, attrs in page.elements if attrs.get("id") == "explorer")
        assert json.loads(explorer["data-type-names"])["Village"] == village
        assert json.loads(explorer["data-property-labels"])[BQW + "implements"] == implements


def test_script_messages_with_quotes_stay_inside_their_attribute(client_for: ClientFor) -> None:
    """``tojson`` escapes ' (the attribute's quote), <, > and &; an apostrophe in English must not end it."""
    response = client_for().get("/graph?lang=en", headers=HTML)
    body = next(attrs for tag, attrs in Page(response.text).elements if tag == "body")
    assert json.loads(body["data-messages"])["js.graph.not_local"].endswith("has no page here.")
    assert "this graph's namespace" in json.loads(body["data-messages"])["js.graph.not_local"]
