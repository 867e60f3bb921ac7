# Two commands do all set-up on a fresh machine with Python >= 3.11 and pip:
#   make demo   creates .venv, installs bayesreg, runs the report on diabetes
#   make test   installs the test extras, lints, runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint install clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "bayesreg needs Python >= 3.11, got " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/bayesreg report --out demo-report
	@echo "Open the report: $(CURDIR)/demo-report/report.html"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	MPLBACKEND=Agg $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) demo-report .pytest_cache .ruff_cache
