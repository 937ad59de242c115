#!/usr/bin/env bash
# The SPARQL servers the store contract tests start (tests/store/test_contract.py):
# Debian's Virtuoso 7.2 (virtuoso-t) from apt. The Oxigraph server CLI comes from pip
# (the `oxigraph` package in the test extras), so there is nothing to do for it here.
# Idempotent: installs only what is missing. The tests start and stop the servers
# themselves, on loopback; this script starts nothing (the package's own service is
# not started in containers, and is stopped otherwise, so it does not hold port 8890).
set -euo pipefail

if [ -x /usr/bin/virtuoso-t ]; then
    echo "virtuoso-t: already installed"
    exit 0
fi
command -v apt-get >/dev/null || { echo "install Virtuoso 7 (virtuoso-t) with your package manager" >&2; exit 1; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The package asks for a dba password through debconf; the tests use their own scratch database.
$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
if command -v systemctl >/dev/null && systemctl is-active --quiet virtuoso-opensource-7 2>/dev/null; then
    $SUDO systemctl stop virtuoso-opensource-7 || true
fi
echo "virtuoso-t: $(/usr/bin/virtuoso-t -? 2>&1 | head -n 2 | tail -n 1)"
