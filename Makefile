# govnews: the two commands a fresh clone needs are `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-dev system-deps js-deps demo test lint check-types unit bench lock clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python          ## runtime install (editable)
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python      ## runtime + test/lint tools
	$(BIN)/pip install -q -e ".[dev]"

system-deps:                    ## Debian packages the tests need (chromium for the browser test)
	bash scripts/system-deps.sh

js-deps: system-deps            ## axe-core, pinned in tests/support/axe/package-lock.json, for the accessibility tests
	npm ci --prefix tests/support/axe --no-audit --no-fund --loglevel=error

demo: install                   ## simulate portals, crawl, index and serve the page on http://127.0.0.1:8000/
	$(BIN)/govnews demo

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy .

test: install-dev js-deps       ## the whole suite: lint, types, unit, e2e, Elasticsearch (real node), browser
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/python -m pytest

bench: install-dev              ## speed/quality runs, each as ratios against a baseline measured in the same run
	$(BIN)/python -m benchmarks.cleaner_vs_trafilatura
	$(BIN)/python -m benchmarks.backend_scale --tantivy 10000 --es 10000 --queries 100

lock: $(BIN)/python              ## pin every runtime dependency with hashes into requirements.lock (needs PyPI)
	$(BIN)/pip install -q "uv>=0.5"
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --no-strip-extras --custom-compile-command "make lock" \
		-o requirements.lock

clean:
	rm -rf data .es-node .pytest_cache .mypy_cache .ruff_cache
