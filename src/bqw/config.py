"""The settings registry: every knob of bqw in one typed, documented place.

Each setting is a field of :class:`Settings` whose metadata gives its ``BQW_*``
environment variable, its command-line flag and its documentation. Values are read once
at start-up: a flag wins over the environment, which wins over the default. The README's
"Settings" table lists every one (a test keeps them in step).

>>> Settings.from_sources(environ={"BQW_PORT": "9000"}).port
9000
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bqw.store import MEMORY as MEMORY_STORE

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _setting(default: Any, flag: str, doc: str) -> Any:
    env = "BQW_" + flag.removeprefix("--").replace("-", "_").upper()
    return field(default=default, metadata={"env": env, "flag": flag, "doc": doc})


@dataclass(frozen=True)
class Settings:
    """The settings of one bqw process (CLI or server)."""

    store: str = _setting(
        "data/store",
        "--store",
        "Where the graph lives: a directory of the embedded on-disk store (created if missing), "
        f"`{MEMORY_STORE}` to keep it in memory, or a SPARQL server as `sparql+http://host:port/path` "
        'or `sparql+https://…` (see "Deploying against a SPARQL server"; credentials come from '
        "`BQW_STORE_USER` / `BQW_STORE_PASSWORD`).",
    )
    host: str = _setting("127.0.0.1", "--host", "Address `bqw serve` listens on. Loopback unless you mean to share it.")
    port: int = _setting(8000, "--port", "TCP port `bqw serve` listens on.")
    query_timeout: float = _setting(
        10.0,
        "--query-timeout",
        "Seconds a SPARQL query may run before the endpoint answers 503 (0 = no limit).",
    )
    max_rows: int = _setting(
        10_000,
        "--max-rows",
        "Most solutions or triples one query returns; more are cut and the answer carries "
        "`X-BQW-Truncated: true` (0 = no cap).",
    )
    query_workers: int = _setting(
        4,
        "--query-workers",
        "Threads that run SPARQL queries; when all are busy with slow queries, new ones get 503 "
        "at once, so the rest of the server stays responsive.",
    )
    render_threads: int = _setting(
        0,
        "--render-threads",
        "Threads that build pages and JSON API answers from the store (0 = one per CPU core, at "
        "least 2). The work holds Python's GIL, so more threads than cores add switching, not speed.",
    )
    allow_update: bool = _setting(
        False,
        "--allow-update",
        "Accept SPARQL Update on `/sparql` and writes on the Graph Store endpoint `/store`.",
    )
    update_token: str = _setting(
        "",
        "--update-token",
        "Bearer token every write must present (`Authorization: Bearer …`); without one, writes "
        "are accepted only on a loopback host. Prefer the variable: flags show in `ps`.",
    )
    allow_service: bool = _setting(
        False,
        "--allow-service",
        "Let queries use `SERVICE` and updates use `LOAD` of remote IRIs (the server then "
        "fetches URLs on a user's behalf).",
    )
    base_iri: str = _setting("https://w3id.org/bqw/", "--base-iri", "Namespace of every IRI bqw mints.")
    max_body_bytes: int = _setting(
        10 * 1024 * 1024, "--max-body-bytes", "Largest request body the server reads (413 beyond)."
    )

    def __post_init__(self) -> None:
        if self.render_threads < 0:
            raise ValueError("--render-threads must be 0 (one per CPU core) or a positive number")

    @classmethod
    def from_sources(cls, args: argparse.Namespace | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from flags (``args``), then ``BQW_*`` variables (``environ``), then defaults."""
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            flag_value = getattr(args, spec.name, None) if args is not None else None
            if flag_value is not None:
                values[spec.name] = flag_value
            elif environ is not None and spec.metadata["env"] in environ:
                values[spec.name] = _convert(spec, environ[spec.metadata["env"]])
        return cls(**values)

    @property
    def render_thread_count(self) -> int:
        """``render_threads``, with 0 resolved to one per CPU core (at least 2)."""
        return self.render_threads or max(2, os.cpu_count() or 1)

    @property
    def is_loopback(self) -> bool:
        """Whether the server listens only on this machine."""
        return self.host in {"127.0.0.1", "::1", "localhost"} or self.host.startswith("127.")


def settings_fields() -> list[dataclasses.Field[Any]]:
    """Every setting's dataclass field (with ``env``, ``flag`` and ``doc`` in its metadata)."""
    return list(dataclasses.fields(Settings))


def add_arguments(parser: argparse.ArgumentParser, names: list[str] | None = None) -> None:
    """Add the flags of the settings ``names`` (all by default) to ``parser``.

    Flags default to ``None`` so :meth:`Settings.from_sources` can tell "not given" from a
    value and fall back to the environment.
    """
    for spec in settings_fields():
        if names is not None and spec.name not in names:
            continue
        flag, help_text = spec.metadata["flag"], f"{spec.metadata['doc']} [{spec.metadata['env']}]"
        if spec.type in ("bool", bool):
            parser.add_argument(flag, dest=spec.name, action="store_true", default=None, help=help_text)
        else:
            kind = {"int": int, "float": float}.get(str(spec.type), str)
            parser.add_argument(
                flag, dest=spec.name, type=kind, default=None, help=help_text, metavar=spec.name.upper()
            )


def _convert(spec: dataclasses.Field[Any], raw: str) -> Any:
    kind = str(spec.type)
    if kind == "bool":
        lowered = raw.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise ValueError(f"{spec.metadata['env']} must be true or false, not {raw!r}")
        return lowered in _TRUE
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return raw
