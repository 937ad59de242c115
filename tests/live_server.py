"""`bqw serve` in a real process on a free loopback port, for the tests that need HTTP.

One place starts, polls and stops the server: the web, browser and hardening tests all
use :func:`serving`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest


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


def wait_for_server(server: LiveServer, timeout: float = 60.0, path: str = "/sparql") -> None:
    """Poll until the server answers; fail with its output if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"bqw serve exited with {server.process.returncode}:\n{server.output()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}{path}", timeout=1.0).status_code == 200:
                return
        # Waiting on the process doubles as the pause between polls.
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=0.05)
    pytest.fail(f"bqw serve did not answer within {timeout} s:\n{server.output()}")


@contextlib.contextmanager
def serving(
    store: str | Path,
    folder: Path,
    *options: str,
    environ: Mapping[str, str] | None = None,
    ready: str = "/sparql",
) -> Iterator[LiveServer]:
    """Run `bqw serve --store STORE OPTIONS…` until the block ends; its output goes to FOLDER/serve.log."""
    port = find_free_port()
    command = [sys.executable, "-m", "bqw.cli", "serve", "--store", str(store), "--host", "127.0.0.1"]
    command += ["--port", str(port), *options]
    log = folder / "serve.log"
    base = {k: v for k, v in os.environ.items() if not k.startswith("BQW_")}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env={**base, **(environ or {})})
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for_server(server, path=ready)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
