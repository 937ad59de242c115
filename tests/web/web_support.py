"""Shared test data and helpers for the web tests (imported by conftest.py and the tests)."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

G1 = "https://w3id.org/bqw/report/1"
G2 = "https://w3id.org/bqw/report/2"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
V1 = "https://w3id.org/bqw/v/1"
V2 = "https://w3id.org/bqw/v/2"
TRIPLES_1 = [
    f'<{V1}> {LABEL} "石角村"@zh .',
    f"<{V1}> <https://w3id.org/bqw/partOf> <{V2}> .",
]
TRIPLES_2 = [
    f'<{V2}> {LABEL} "石角镇"@zh .',
    f"<{V2}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bqw/ontology#Town> .",
    f'<https://w3id.org/bqw/v/3> {LABEL} "大石角村"@zh .',
]

# ~250 rows a second (a row at least every 50 ms) for a minute or more: a query that
# streams, stays under the row cap, and does not end soon.
_VALUES = " ".join(str(i) for i in range(100))
SLOW = (
    f"SELECT * {{ VALUES ?a {{{_VALUES}}} VALUES ?b {{{_VALUES}}} VALUES ?c {{{_VALUES}}} "
    f"VALUES ?d {{{_VALUES}}} FILTER(?b + ?c + ?d = ?a && ?c = ?d) }}"
)

ClientFactory = Callable[..., TestClient]


@dataclasses.dataclass(frozen=True)
class LiveServer:
    """A `bqw serve` process on a free loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def find_free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_server(server: LiveServer, timeout: float = 30.0) -> None:
    """Poll until the server answers; fail with its output if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"bqw serve exited with {server.process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/sparql", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        # Waiting on the process doubles as the pause between polls.
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=0.05)
    pytest.fail(f"bqw serve did not answer within {timeout} s:\n{server.output()}")
