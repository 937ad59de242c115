"""Real SPARQL servers for the store contract tests, on free loopback ports.

Each server runs in a temporary directory, is polled until it answers, shows its log when
it dies or never answers, and is always stopped. A missing binary fails the tests with the
command that installs it: a contract suite that silently skips its servers proves nothing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bqw.store import Store, open_store

VIRTUOSO = Path("/usr/bin/virtuoso-t")
INSTALL = "run scripts/install-test-servers.sh (or `make test`)"
_START_SECONDS = 60.0


@dataclass(frozen=True)
class Server:
    """A running server: the ``--store`` location and the environment that goes with it."""

    name: str
    location: str
    environ: dict[str, str]
    log: Path


def find_free_port() -> int:
    """A TCP port nobody listens on at this moment, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _log_tail(log: Path) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-4000:]
    except OSError:
        return "(no log)"


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path, name: str) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with status {process.returncode} before answering:\n{_log_tail(log)}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{name} did not answer {url} within {_START_SECONDS:.0f} s:\n{_log_tail(log)}")


@contextmanager
def running(command: list[str], url: str, log: Path, name: str, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command``, wait for ``url``, and always stop the process on the way out."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            wait_until_ready(process, url, log, name)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI from the PyPI package, next to this Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail(f"the oxigraph server CLI is missing: pip install oxigraph ({INSTALL})")
    return found


@contextmanager
def oxigraph_server(directory: Path) -> Iterator[Server]:
    """``oxigraph serve`` on disk; the default graph is the union of all graphs, as bqw expects."""
    port = find_free_port()
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(directory / "data"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    base = f"http://127.0.0.1:{port}"
    log = directory / "oxigraph.log"
    with running(command, f"{base}/query?query=ASK%7B%7D", log, "oxigraph serve", directory):
        yield Server("oxigraph", f"sparql+{base}/query", {}, log)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = ., {dir}
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8

[SPARQL]
; As shipped: answers are cut at 10,000 rows, which the remote store must page past.
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[Server]:
    """Debian's Virtuoso 7.2 on a scratch database; writes through Digest on ``/sparql-auth``.

    The scratch database has Virtuoso's stock ``dba`` account; it listens on 127.0.0.1
    only and is deleted with the temporary directory.
    """
    if not VIRTUOSO.exists():
        pytest.fail(f"{VIRTUOSO} is missing: apt-get install virtuoso-opensource ({INSTALL})")
    http_port, sql_port = find_free_port(), find_free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    command = [str(VIRTUOSO), "+foreground", "+configfile", str(ini)]
    log = directory / "virtuoso.out"
    with running(command, f"{base}/sparql?query=ASK%7B%7D", log, "virtuoso-t", directory):
        environ = {"BQW_STORE_USER": "dba", "BQW_STORE_PASSWORD": "dba", "BQW_STORE_AUTH": "digest"}
        yield Server("virtuoso", f"sparql+{base}/sparql-auth", environ, log)


def remote_store(server: Server, options: str = "") -> Store:
    """A fresh client for ``server``; ``options`` are extra location options (``gsp=none``)."""
    location = server.location + (("&" if "?" in server.location else "?") + options if options else "")
    return open_store(location, server.environ)
