"""``/vendor``: only the whitelisted front-end files, with their media types, or a clear 503."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bqw.web import vendor


def client_for(node_modules: Path) -> TestClient:
    app = FastAPI()
    app.include_router(vendor.build_router(node_modules))
    return TestClient(app)


@pytest.fixture
def installed(tmp_path: Path) -> TestClient:
    """A node_modules holding every whitelisted file, plus one that is not whitelisted."""
    for relative in vendor.FILES.values():
        file = tmp_path / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"/* {relative} */", encoding="utf-8")
    (tmp_path / "chart.js" / "package.json").write_text("{}", encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("SECRET", encoding="utf-8")
    return client_for(tmp_path)


def test_every_whitelisted_file_is_served_with_its_media_type_and_a_long_cache(installed: TestClient) -> None:
    for url, relative in vendor.FILES.items():
        answer = installed.get(url)
        assert answer.status_code == 200, url
        assert answer.text == f"/* {relative} */"
        expected = "text/css" if url.endswith(".css") else "text/javascript"
        assert answer.headers["content-type"].startswith(expected)
        assert "max-age=604800" in answer.headers["cache-control"]
        assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/vendor/chart.js/package.json",
        "/vendor/chart.js/dist/../package.json",
        "/vendor/%2e%2e/secret.txt",
        "/vendor/..%2fsecret.txt",
        "/vendor/chart.js/dist/chart.umd.js.map",
        "/vendor/",
    ],
)
def test_anything_else_is_not_found(installed: TestClient, url: str) -> None:
    answer = installed.get(url, headers={"accept": "application/json"})
    assert answer.status_code == 404
    assert "SECRET" not in answer.text


def test_without_node_modules_the_answer_says_how_to_install_them(tmp_path: Path) -> None:
    client = client_for(tmp_path / "node_modules")
    as_json = client.get("/vendor/chart.js/dist/chart.umd.js", headers={"accept": "application/json"})
    assert as_json.status_code == 503
    assert "npm ci" in as_json.json()["message"]
    as_html = client.get("/vendor/chart.js/dist/chart.umd.js", headers={"accept": "text/html"})
    assert as_html.status_code == 503
    assert as_html.headers["content-type"].startswith("text/html")
    assert "make demo" in as_html.text


def test_the_repository_has_the_files_the_templates_load() -> None:
    """After `npm ci` in web/, every whitelisted file exists (the lock file pins their versions)."""
    missing = [relative for relative in vendor.FILES.values() if not (vendor.NODE_MODULES / relative).is_file()]
    assert missing == [], f"run `npm ci` in web/: {missing}"


class _VendorLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and value.startswith("/vendor/"):
                self.urls.add(value)


def test_every_vendor_url_in_the_templates_is_whitelisted() -> None:
    links = _VendorLinks()
    for template in sorted((vendor.WEB_DIR / "templates").glob("*.html")):
        links.feed(template.read_text(encoding="utf-8"))
    assert links.urls, "no template loads a front-end library"
    assert links.urls <= set(vendor.FILES), links.urls - set(vendor.FILES)
