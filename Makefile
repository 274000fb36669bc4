# civic-kit: the README's two commands are `make start` and `make test`.
# Each creates .venv when missing and installs what it needs; nothing else has to be typed first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
HOST   ?= 127.0.0.1

.PHONY: start test lint bench lessons helm-check chromium venv-check clean help

help:
	@echo "make start   - start the Voila app gallery on http://$(HOST):$(PORT)/"
	@echo "make test    - run every test (lint, datasets, unit, notebooks, browser)"
	@echo "make bench   - run the benchmarks (time to interactive, PB engine, ...)"
	@echo "make lint    - ruff check and format check"
	@echo "make lessons - rebuild lesson notebooks from lessons/ sources"
	@echo "make helm-check - validate deploy/helm/values.yaml against the jupyterhub chart (needs internet)"

venv-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "civic-kit needs Python 3.11 or newer ($(PYTHON) is older). Set PYTHON=python3.11."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing. On Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; fi; }

$(VENV)/.installed-base: pyproject.toml | venv-check
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | venv-check
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(VENV)/.installed-base $@

start: $(VENV)/.installed-base
	$(BIN)/civic-kit start --host $(HOST) --port $(PORT)

# Debian packages the tests drive: chromium (browser tests) and nginx (the reverse-proxy config is checked
# with `nginx -t`). Installed with apt-get when running as root; otherwise a clear message says what to install.
chromium:
	@command -v chromium >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian chromium and nginx-light for the tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core nginx-light >/dev/null; \
	  else \
	    command -v chromium >/dev/null 2>&1 || { echo "The browser tests need Debian's chromium at /usr/bin/chromium. Install it: sudo apt-get install chromium"; exit 1; }; \
	    echo "nginx is not installed: the nginx config test will be skipped (sudo apt-get install nginx-light to run it)."; \
	  fi; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/civic-kit datasets validate
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/run_all.py

lessons: $(VENV)/.installed-base
	$(BIN)/civic-kit lessons build

# Validate deploy/helm/values.yaml against the Zero to JupyterHub chart's own schema. Needs internet:
# the chart lives on hub.jupyter.org, not on a package registry, so CI (registries only) cannot run it.
Z2JH_VERSION ?= 4.2.0
helm-check: $(VENV)/.installed-test
	@mkdir -p .cache/helm
	@test -s .cache/helm/jupyterhub-$(Z2JH_VERSION).tgz || curl -fsSL -o .cache/helm/jupyterhub-$(Z2JH_VERSION).tgz \
	  https://hub.jupyter.org/helm-chart/jupyterhub-$(Z2JH_VERSION).tgz || { rm -f .cache/helm/jupyterhub-$(Z2JH_VERSION).tgz; \
	  echo "Could not download the jupyterhub chart $(Z2JH_VERSION) from hub.jupyter.org (this check needs internet)."; exit 1; }
	CIVIC_KIT_Z2JH_CHART=.cache/helm/jupyterhub-$(Z2JH_VERSION).tgz $(BIN)/python -m pytest -o addopts="" -q \
	  tests/unit/test_deploy_config.py -k jupyterhub_chart_schema

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
