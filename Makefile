# People and CI use the same targets. Each creates .venv when it is missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/store
SHARED ?= ../shared
CHROMIUM := /usr/bin/chromium
VIRTUOSO := /usr/bin/virtuoso-t
# Front-end libraries come from npm (web/package.json and its lock), never from a CDN.
WEB_MODULES := web/node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test score lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP) $(WEB_MODULES)
	$(BIN)/bqw ingest data/reports --store $(STORE)
	$(BIN)/bqw serve --store $(STORE)

test: $(STAMP) $(WEB_MODULES) $(CHROMIUM) $(VIRTUOSO)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/python -m pytest -q

$(WEB_MODULES): web/package.json web/package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	cd web && npm ci --no-audit --no-fund --ignore-scripts

# The store contract tests start a real Virtuoso (and an Oxigraph server from the venv).
$(VIRTUOSO):
	bash scripts/install-test-servers.sh

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
$(CHROMIUM):
	command -v apt-get >/dev/null || { echo "install Debian's chromium package"; exit 1; }
	$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null

score: $(STAMP)
	rm -rf build/score && mkdir -p build/score/pred build/score/text
	cp $(SHARED)/seeds/*.txt $(SHARED)/corpus/*.txt build/score/text/
	$(BIN)/bqw extract build/score/text --out build/score/pred
	mkdir -p build/score/gold && cp $(SHARED)/gold/*.gold.json $(SHARED)/gold/corpus/*.gold.json build/score/gold/
	$(BIN)/python $(SHARED)/tools/score_extraction.py --gold-dir build/score/gold --pred-dir build/score/pred --text-dir build/score/text

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_throughput.py
	$(BIN)/python benchmarks/analytics.py
	$(BIN)/python benchmarks/label_search.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) build data/extracted $(STORE)
