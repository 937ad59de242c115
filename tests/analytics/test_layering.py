"""Analytics reads the store through its contract: it never loads the web layer or the extractor."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import bqw.analytics


def test_analytics_imports_neither_web_nor_extractor() -> None:
    modules = ["bqw.analytics"] + [f"bqw.analytics.{m.name}" for m in pkgutil.iter_modules(bqw.analytics.__path__)]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules"
            " if m.startswith(('bqw.web', 'bqw.extract', 'fastapi', 'pyoxigraph')))\n"
            "print(','.join(bad))\n"
        )
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
