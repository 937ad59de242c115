from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
REPORTS = ROOT / "data" / "reports"


@pytest.fixture(scope="session")
def reports() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (REPORTS / "district-report-2023.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; browser tests fail (never skip) without it."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's /usr/bin/chromium is missing: `make test` installs it (apt-get install chromium)")
    return CHROMIUM
