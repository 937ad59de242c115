from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


@pytest.fixture(scope="session")
def reports() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (REPORTS / "district-report-2023.txt").read_text(encoding="utf-8")
