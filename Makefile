# ANTT Workbook. `make reports` builds every report from the demo data; `make test` runs the tests.
# Both create (or reuse) .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: help reports test test-fast demo bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

reports: $(STAMP)  ## build all reports and maps from the embedded demo data
	$(BIN)/antt build

test: $(STAMP)  ## run the whole test suite (unit, notebooks, batch, headless Chromium)
	$(BIN)/python -m pytest

test-fast: $(STAMP)  ## unit tests only
	$(BIN)/python -m pytest -m "not integration"

demo: $(STAMP)  ## regenerate data/demo (deterministic)
	$(BIN)/antt demo

bench: $(STAMP)  ## benchmarks: batch vs naive, the national batch, geometry, sizes
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/national.py
	$(BIN)/python benchmarks/geometry.py
	$(BIN)/python benchmarks/html_size.py

clean:  ## remove generated reports, maps and caches
	rm -rf reports/*.html reports/manifest.json maps/*.html .cache
