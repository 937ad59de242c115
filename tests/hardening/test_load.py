"""The load benchmark, shortened: five seconds of 50 connections with no failed request."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_five_seconds_of_load_fail_no_request() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--seconds", "5"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    total = re.search(r"^all\s+50\s+(\d+)\s+[\d.]+\s+(\d+)$", done.stdout, re.MULTILINE)
    assert total is not None, done.stdout
    assert int(total.group(1)) > 100 and int(total.group(2)) == 0, done.stdout
    assert "server alive: True" in done.stdout
