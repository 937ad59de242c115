"""Layering: the extractor and the model never import rdflib (only the rdf layer and above do)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import bqw.extract


def test_extractor_does_not_import_rdflib() -> None:
    modules = ["bqw.model", "bqw.extract"] + [
        f"bqw.extract.{m.name}" for m in pkgutil.iter_modules(bqw.extract.__path__)
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules\n"
            "             if m == 'rdflib' or m.startswith(('rdflib.', 'pyshacl', 'pyoxigraph')))\n"
            "print(','.join(bad))\n"
        )
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
