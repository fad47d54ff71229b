# civicspace: the entry points a newcomer needs. `make demo` and `make test` set up everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR := 127.0.0.1:8000

.PHONY: install system-deps demo test test-sqlite test-postgres lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (as root, or with sudo): chromium for browser tests, poppler-utils
# to read report PDFs back, and Noto fonts for Cyrillic and Arabic in reports.
DEBIAN_PACKAGES := chromium poppler-utils fonts-noto-core
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null || \
	    [ ! -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ]; then \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	fi

demo: install system-deps
	$(BIN)/civicspace manage migrate --noinput
	$(BIN)/civicspace demo load --admin-password-file var/admin-password --member-password-file var/member-password
	@echo
	@echo "  civicspace (DEMO data) on http://$(ADDR)/"
	@echo "  Consortium admin:   http://$(ADDR)/admin/  user 'admin'      password: $$(cat var/admin-password)"
	@echo "  Network Member (KZ): http://$(ADDR)/workspace/  user 'kz-member'  password: $$(cat var/member-password)"
	@echo "  (new passwords are made each time; they are also in var/admin-password and var/member-password)"
	@echo
	CIVICSPACE_DEBUG=1 $(BIN)/civicspace manage runserver $(ADDR)

# Every test on SQLite, then every database test again on a throwaway PostgreSQL 15 server.
test: install system-deps lint test-sqlite test-postgres

test-sqlite: install system-deps
	$(BIN)/pytest

test-postgres: install
	scripts/with-postgres $(BIN)/pytest -m django_db

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src tests bench

bench: install
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_statistics.py
	$(BIN)/python bench/bench_reports.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
