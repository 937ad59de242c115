"""The interface languages: Chinese by default, English on request, and the words of each.

The words live in one catalogue, ``web/i18n/messages.toml``: every message with its Chinese
and English text side by side. Only the interface is translated; labels and sentences from
reports are data and stay as written.

A page's language comes from, in order: ``?lang=zh|en`` on the request, the ``bqw_lang``
cookie, else Chinese. The same path serves both languages, so ``?lang=`` is the permalink
form of a page in a given language. :class:`LanguageCookie` remembers a ``?lang=`` choice
in the cookie; :func:`template_context` gives every template ``t`` (look up a message),
``lang``, ``html_lang``, the header's language switch and the scripts' messages.

>>> messages("en")("title.search", query="村")
'Search 村'
>>> pick("xx", None)
'zh'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, quote_from_bytes, urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bqw.errors import BqwError
from bqw.web.templating import web_dir

#: The interface languages, the default first.
LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT = LANGUAGES[0]
PARAM = "lang"
COOKIE = "bqw_lang"
#: A year: the choice outlives the browser session.
COOKIE_MAX_AGE = 365 * 24 * 3600
#: ``<html lang>`` and ``Content-Language`` of each interface language.
HTML_LANG: Mapping[str, str] = {"zh": "zh-CN", "en": "en"}
#: The switch names each language in that language, so a reader finds their own.
NAMES: Mapping[str, str] = {"zh": "中文", "en": "English"}
#: Messages under this prefix go to the browser scripts (``<body data-messages>``).
SCRIPT_PREFIX = "js."
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Path characters kept as they are when the switch link repeats the request's path.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def supported(value: str | None) -> str | None:
    """``value`` when it names an interface language (``"EN"`` counts), else None."""
    folded = (value or "").strip().lower()
    return folded if folded in LANGUAGES else None


def pick(asked: str | None, remembered: str | None) -> str:
    """The language of a page: the one asked for, else the one remembered, else the default."""
    return supported(asked) or supported(remembered) or DEFAULT


def language(request: Request) -> str:
    """The interface language of ``request`` (``?lang=``, then the cookie, then Chinese)."""
    return pick(request.query_params.get(PARAM), request.cookies.get(COOKIE))


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a message.

    >>> sorted(placeholders("{a} → {b}"))
    ['a', 'b']
    """
    return frozenset(_PLACEHOLDER.findall(text))


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    """The messages of a parsed catalogue: dotted key → {language: text}."""
    found: dict[str, dict[str, str]] = {}
    for name, entry in table.items():
        key = f"{prefix}{name}"
        if isinstance(entry, Mapping) and entry and set(entry) <= set(LANGUAGES):
            found[key] = {lang: str(text) for lang, text in entry.items()}
        elif isinstance(entry, Mapping):
            found.update(_flatten(entry, key + "."))
        else:
            raise BqwError(f"messages.toml: {key} is neither a message nor a table")
    return found


@cache
def entries() -> dict[str, dict[str, str]]:
    """Every message of ``web/i18n/messages.toml``: key → {language: text}.

    Raises:
        bqw.errors.BqwError: a message lacks a language, is empty, or a translation
            uses a placeholder the Chinese text does not (its value would never be given).
    """
    with (web_dir() / "i18n" / "messages.toml").open("rb") as source:
        found = _flatten(tomllib.load(source))
    for key, texts in found.items():
        missing = [lang for lang in LANGUAGES if not texts.get(lang, "").strip()]
        if missing:
            raise BqwError(f"messages.toml: {key} has no {', '.join(missing)} text")
        given = placeholders(texts[DEFAULT])
        if any(not placeholders(text) <= given for text in texts.values()):
            raise BqwError(f"messages.toml: a translation of {key} uses a placeholder the {DEFAULT} text does not")
    return found


def catalogue(lang: str) -> dict[str, str]:
    """Every message in one language: key → text."""
    return {key: texts[lang] for key, texts in entries().items()}


class Messages:
    """The messages of one language; call it with a key (and placeholder values) for the text.

    Text comes back plain: templates escape it like any other value.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._texts = catalogue(lang)
        self._scripts = {key: text for key, text in self._texts.items() if key.startswith(SCRIPT_PREFIX)}

    def __call__(self, key: str, **values: object) -> str:
        """The message ``key`` with its ``{name}`` placeholders filled from ``values``.

        Raises:
            KeyError: no such message (a typo in a template fails its page's test).
        """
        text = self._texts[key]
        return _PLACEHOLDER.sub(lambda found: str(values.get(found[1], found[0])), text) if values else text

    def has(self, key: str) -> bool:
        """Whether the catalogue has the message ``key``."""
        return key in self._texts

    def for_scripts(self) -> dict[str, str]:
        """The messages our browser scripts use (keys under ``js.``)."""
        return dict(self._scripts)


def messages(lang: str) -> Messages:
    """The messages of ``lang`` (the default language's when ``lang`` is not one)."""
    return _messages(supported(lang) or DEFAULT)


@cache
def _messages(lang: str) -> Messages:
    return Messages(lang)


def switch_href(request: Request, lang: str) -> str:
    """The current page's path and query with ``lang=`` set to ``lang``: the page's permalink in that language.

    The path stays on this site: ``//host/x`` (which a browser would read as another
    site's address) becomes ``/host/x``.
    """
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    path = "/" + quote_from_bytes(raw, safe=_PATH_SAFE).lstrip("/")
    query = [(name, value) for name, value in parse_qsl(request.url.query, keep_blank_values=True) if name != PARAM]
    return f"{path}?{urlencode([*query, (PARAM, lang)])}"


def switch(request: Request) -> list[dict[str, Any]]:
    """The header's language switch: one link per language, the current one marked."""
    current = language(request)
    return [
        {
            "lang": lang,
            "name": NAMES[lang],
            "hreflang": HTML_LANG[lang],
            "href": switch_href(request, lang),
            "current": lang == current,
        }
        for lang in LANGUAGES
    ]


def template_context(request: Request) -> dict[str, Any]:
    """What every page template gets: ``t``, ``lang``, ``html_lang``, ``languages``, ``script_messages``."""
    lang = language(request)
    found = messages(lang)
    return {
        "t": found,
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "languages": switch(request),
        "script_messages": found.for_scripts(),
    }


def _cookie_value(scope: Scope) -> str | None:
    """The ``bqw_lang`` cookie of a request, read as ``request.cookies`` reads it."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"cookie":
            found = cookie_parser(value.decode("latin-1")).get(COOKIE)
            if found is not None:
                return found
    return None


def _asked(scope: Scope) -> str | None:
    """The language the request's ``?lang=`` names, if it names one."""
    query = scope.get("query_string", b"").decode("latin-1")
    values = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == PARAM]
    return supported(values[-1]) if values else None


class LanguageCookie:
    """ASGI middleware: remember ``?lang=`` in the ``bqw_lang`` cookie; label pages with their language.

    Pages (HTML) also get ``Content-Language`` and ``Vary: Cookie``, since one URL serves
    both languages.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _asked(scope)
        lang = pick(asked, _cookie_value(scope))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if asked is not None:
                    headers.append(
                        "set-cookie", f"{COOKIE}={asked}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly"
                    )
                if headers.get("content-type", "").startswith("text/html"):
                    headers["content-language"] = HTML_LANG[lang]
                    headers.add_vary_header("Cookie")
            await send(message)

        await self.app(scope, receive, send_with_language)
