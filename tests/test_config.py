"""The settings registry: typed, documented, read from flags and BQW_* variables."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bqw.config import Settings, add_arguments, settings_fields

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("spec", settings_fields(), ids=lambda spec: spec.name)
def test_every_setting_is_documented_in_the_readme_table(spec) -> None:  # type: ignore[no-untyped-def]
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `BQW_")]
    row = next((line for line in rows if line.startswith(f"| `{spec.metadata['env']}` |")), None)
    assert row is not None, f"{spec.metadata['env']} is missing from the README settings table"
    assert f"`{spec.metadata['flag']}`" in row
    assert spec.metadata["doc"]


def test_every_readme_setting_exists() -> None:
    names = {spec.metadata["env"] for spec in settings_fields()}
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `BQW_"):
            assert line.split("`")[1] in names


def test_flags_win_over_the_environment_which_wins_over_defaults() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    environ = {"BQW_PORT": "9000", "BQW_HOST": "0.0.0.0", "BQW_ALLOW_UPDATE": "yes"}
    settings = Settings.from_sources(parser.parse_args(["--port", "9100"]), environ)
    assert (settings.port, settings.host, settings.allow_update) == (9100, "0.0.0.0", True)
    assert settings.query_timeout == 10.0
    assert Settings.from_sources().base_iri == "https://w3id.org/bqw/"


def test_a_malformed_variable_is_refused() -> None:
    with pytest.raises(ValueError, match="BQW_ALLOW_UPDATE"):
        Settings.from_sources(environ={"BQW_ALLOW_UPDATE": "perhaps"})


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("0.0.0.0", False)])
def test_loopback_hosts_are_recognised(host: str, loopback: bool) -> None:
    assert Settings(host=host).is_loopback is loopback
