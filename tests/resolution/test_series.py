"""Figures over time: one indicator of one area from several reports, and what changed between two."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bqw.errors import NotFound
from bqw.queries.series import changes, reports, series
from bqw.store import Store
from bqw.web.app import get_store
from bqw.web.series import router

CHIKAN = "https://w3id.org/bqw/id/division/440802"
BUDGET = "https://w3id.org/bqw/id/Indicator/一般公共预算收入"


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[get_store] = lambda: store
    with TestClient(app) as test_client:
        yield test_client


def test_series_of_chikan_comes_from_both_reports_ordered_by_period(store: Store) -> None:
    rows = series(store, BUDGET, CHIKAN)
    assert [row.report for row in rows] == ["2023-05-chikan-district.txt", "2025-04-chikan-district.txt"]
    assert [row.period for row in rows] == ["2023-01/2023-03", "2024-01/2024-12"]
    assert rows[0].written == "1.24" and rows[0].unit == "亿元" and rows[0].value == "124000000"


def test_reports_carry_area_period_and_issue_date(store: Store) -> None:
    by_name = {r.name: r for r in reports(store)}
    chikan = by_name["2025-04-chikan-district.txt"]
    assert chikan.area == CHIKAN and chikan.issued == "2025-04" and chikan.period == "2024-01/2024-12"
    assert by_name["district-report-2023.txt"].issued is None
    order = [r.name for r in reports(store)]
    assert order.index("2023-05-chikan-district.txt") < order.index("2025-04-chikan-district.txt")


def test_api_series_returns_the_rows_in_order(client: TestClient) -> None:
    response = client.get("/api/series", params={"indicator": BUDGET, "area": CHIKAN})
    assert response.status_code == 200
    body = response.json()
    assert body["reports"] == ["2023-05-chikan-district.txt", "2025-04-chikan-district.txt"]
    assert [row["period"] for row in body["rows"]] == ["2023-01/2023-03", "2024-01/2024-12"]


def test_changes_between_two_reports_of_chikan(store: Store, client: TestClient) -> None:
    found = changes(store, "2023-05-chikan-district.txt", "2025-04-chikan-district.txt")
    assert found["same_area"] is True
    new = {p["label"] for p in found["new_projects"]}
    assert "智造园项目" in new
    dropped = {p["label"] for p in found["dropped_projects"]}
    assert "老旧小区改造" in dropped and not new & dropped
    moved = {f["indicator_label"]: f for f in found["moved_figures"]}
    assert moved["一般公共预算收入"]["changed"] is True
    response = client.get(
        "/api/changes", params={"a": "2023-05-chikan-district.txt", "b": "2025-04-chikan-district.txt"}
    )
    assert response.status_code == 200 and response.json()["same_area"] is True


def test_changes_with_an_unknown_report_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        changes(store, "nope.txt", "2025-04-chikan-district.txt")
