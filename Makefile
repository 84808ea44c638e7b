# ANTT Workbook. `make reports` builds every report from the demo data; `make test` runs the tests.
# Both create (or reuse) .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# Notebooks are committed without outputs: a git filter (nbstripout) strips them on every
# `git add`, installed for this checkout by every target that uses the environment.
NB_EXTRA_KEYS := metadata.language_info.version metadata.language_info.codemirror_mode \
  metadata.language_info.pygments_lexer metadata.language_info.nbconvert_exporter \
  metadata.language_info.file_extension metadata.language_info.mimetype cell.metadata.jupyter \
  cell.metadata.trusted metadata.widgets

.PHONY: help reports test test-fast demo bench clean strip-outputs upgrade

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

CONSTRAINTS := constraints.txt

# the project and the exact versions its tests pass on (constraints.txt)
$(STAMP): pyproject.toml $(CONSTRAINTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	@touch $(STAMP)

upgrade: strip-outputs  ## install the newest versions pyproject.toml allows, run the tests, and pin them in constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	{ sed -n '/^#/p' $(CONSTRAINTS); $(BIN)/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	@touch $(STAMP)

strip-outputs: $(STAMP)  ## install the git filter that strips notebook outputs (run by the other targets)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && \
	  git config filter.nbstripout.extrakeys "$(NB_EXTRA_KEYS)"; fi

reports: $(STAMP) strip-outputs  ## build all reports and maps from the embedded demo data (2025 and 2026)
	$(BIN)/antt build --year 2025 --year 2026

test: $(STAMP) strip-outputs  ## lint (ruff), then the whole test suite (unit, notebooks, batch, JupyterLab, Chromium)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

test-fast: $(STAMP) strip-outputs  ## lint, then the unit tests only
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not integration"

demo: $(STAMP)  ## regenerate data/demo (deterministic)
	$(BIN)/antt demo

bench: $(STAMP)  ## benchmarks: batch vs naive, the national batch, geometry, sizes
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/national.py
	$(BIN)/python benchmarks/geometry.py
	$(BIN)/python benchmarks/html_size.py

clean:  ## remove generated reports and maps
	rm -rf reports/*.html reports/manifest.json maps/*.html
