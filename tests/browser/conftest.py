"""One real `bqw serve` on the sample reports, and Debian's Chromium driven by Playwright.

The server runs on a free loopback port over a store built once per session from
``data/reports`` (with the graph measures written, so nodes have a degree and a
community). Every page a test opens is offline: any request that leaves 127.0.0.1 is
aborted and recorded, and the test fails at teardown if one was tried, if the console
showed an error, or if the Content-Security-Policy refused anything.

Screenshots go to ``build/browser/`` for a reviewer to look at.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route, sync_playwright

from live_server import LiveServer, serving

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The page records what its CSP refused; console messages alone can be missed.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _bqw() -> list[str]:
    """The command that runs this checkout's bqw (the venv's script beside this Python)."""
    script = Path(sys.executable).with_name("bqw")
    if script.exists():
        return [str(script)]
    found = shutil.which("bqw")
    if found is None:
        pytest.fail("the bqw command is not installed (pip install -e .)")
    return [found]


def _run(*args: str) -> None:
    done = subprocess.run([*_bqw(), *args], capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"bqw {' '.join(args)} failed with {done.returncode}:\n{done.stdout}\n{done.stderr}")


# The browser tests name the running server ``Server``.
Server = LiveServer


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`bqw serve` on the sample reports, on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser-server")
    store = folder / "store"
    _run("ingest", str(ROOT / "data" / "reports"), "--store", str(store))
    _run("analyse", "--store", str(store), "--write")
    with serving(store, folder, environ={"PYTHONUNBUFFERED": "1"}, ready="/graph") as running:
        yield running


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright, chromium: Path) -> Iterator[Browser]:
    """Debian's Chromium, headless (the ``chromium`` fixture fails the run when it is missing)."""
    launched = playwright_session.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


@dataclass
class Watch:
    """What a page did that a person would not want: errors, outside requests, CSP refusals."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh offline page; the test fails if anything above went wrong on it."""
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="zh-CN"
    )
    watch = Watch()

    def offline(route: Route, outgoing: Request) -> None:
        host = urlsplit(outgoing.url).hostname
        if outgoing.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.external.append(outgoing.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        # The browser asks for /favicon.ico by itself; the site has none yet.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            watch.errors.append(f"console: {message.text} ({message.location.get('url')})")

    context.route("**/*", offline)
    context.add_init_script(_CSP_WATCH)
    opened = context.new_page()
    opened.on("console", console)
    opened.on("pageerror", lambda error: watch.errors.append(f"page error: {error}"))
    opened.set_default_timeout(15_000)
    try:
        yield opened
        violations: list[str] = []
        with contextlib.suppress(Exception):  # the page may have navigated away or closed
            violations = opened.evaluate("window.__cspViolations || []")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
        assert watch.external == [], f"requests left 127.0.0.1: {watch.external}"
        assert violations == [], f"the CSP refused: {violations}"
        assert watch.errors == [], "\n".join(watch.errors)
    finally:
        context.close()


@pytest.fixture(scope="session")
def sparql(server: Server) -> Iterator[httpx.Client]:
    """A client for the server's own endpoint, to pick test subjects from the data."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client
