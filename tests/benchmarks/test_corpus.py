"""The scale benchmark's corpus generator: deterministic, the size asked for, varied names, valid N-Quads."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = 5_000
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return _load_corpus()


@pytest.fixture(scope="module")
def generated(corpus: ModuleType) -> tuple[str, str, int]:
    """The corpus written twice, each time from a fresh extraction of the sample reports.

    Only three reports are copied, so ~5k quads already hold several copies of each.
    """
    texts = []
    for _ in range(2):
        seeds = corpus.load_seeds()
        small = corpus.Seeds(seeds.fixed[1:], seeds.templates[:3], seeds.places)  # no ontology graph
        out = io.StringIO()
        written = corpus.generate(out, TARGET, 7, small)
        texts.append(out.getvalue())
    return texts[0], texts[1], written


def test_the_same_arguments_give_the_same_bytes(generated: tuple[str, str, int]) -> None:
    first, second, _ = generated
    assert first == second


def test_the_corpus_reaches_the_target_size(generated: tuple[str, str, int]) -> None:
    text, _, written = generated
    assert written >= TARGET
    assert text.count("\n") == written


def test_the_quads_parse_and_none_repeats(generated: tuple[str, str, int]) -> None:
    text, _, written = generated
    quads = list(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS))
    assert len(quads) == written
    assert len(set(quads)) == written


def test_copies_give_report_owned_entities_new_iris_and_labels(generated: tuple[str, str, int]) -> None:
    text, _, _ = generated
    quads = list(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS))
    labels: dict[str, set[str]] = defaultdict(set)  # copy -> labels of the entities it owns
    for quad in quads:
        subject = quad.subject.value
        if quad.predicate.value == LABEL and "/in/" in subject:
            copy = re.search(r"/in/(c\d+)/", subject)
            labels[copy.group(1) if copy else "c0"].add(quad.object.value)
    assert {"c0", "c1", "c2"} <= set(labels)
    assert labels["c1"] != labels["c0"] and labels["c2"] != labels["c1"]
    # Most names change, not just a few: each copy's own place names stand in.
    assert len(labels["c1"] & labels["c0"]) < len(labels["c0"]) / 2


def test_shared_terms_stay_shared(generated: tuple[str, str, int]) -> None:
    text, _, _ = generated
    graphs_of: dict[str, set[str]] = defaultdict(set)
    for quad in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS):
        if "/id/Policy/" in quad.subject.value and "/in/" not in quad.subject.value:
            graphs_of[quad.subject.value].add(str(quad.graph_name))
    assert graphs_of, "the sample reports name policies"
    assert max(len(graphs) for graphs in graphs_of.values()) > 3


def test_two_processes_write_the_same_file(tmp_path: Path) -> None:
    """Nothing depends on Python's per-process hash seed (set order, dict of sets)."""
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"corpus-{hash_seed}.nq"
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--triples", "5k", "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
