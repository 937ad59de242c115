"""The "what changed" view: two reports of one district side by side."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bqw.config import Settings
from bqw.store.embedded import EmbeddedStore
from bqw.web.app import create_app

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
A, B = "2023-05-chikan-district.txt", "2025-04-chikan-district.txt"


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    location = tmp_path_factory.mktemp("changes") / "store"
    command = [sys.executable, "-m", "bqw.cli", "ingest", str(REPORTS / A), str(REPORTS / B), "--store", str(location)]
    subprocess.run(command, check=True, capture_output=True)
    store = EmbeddedStore(location)
    with TestClient(create_app(Settings(store=":memory:"), store=store)) as test_client:
        yield test_client
    store.close()


def test_the_page_compares_two_reports_of_one_district(client: TestClient) -> None:
    page = client.get("/changes", params={"a": A, "b": B})
    assert page.status_code == 200
    parser = Text()
    parser.feed(page.text)
    text = "".join(parser.parts)
    assert "新出现的项目" in text and "两份报告都给出的指标" in text
    twin = client.get("/changes.json", params={"a": A, "b": B}).json()
    assert twin["same_area"] is True
    assert all(item["label"] in text for item in twin["new_projects"])


def test_without_reports_the_page_offers_the_choice(client: TestClient) -> None:
    page = client.get("/changes")
    assert page.status_code == 200 and A in page.text and B in page.text


def test_an_unknown_report_is_404(client: TestClient) -> None:
    assert client.get("/changes.json", params={"a": A, "b": "nothing.txt"}).status_code == 404
