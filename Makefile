# civicspace: the entry points a newcomer needs. `make demo` and `make test` set up everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR := 127.0.0.1:8000

.PHONY: install system-deps demo test test-sqlite test-postgres lint fuzz bench bench-deps messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Translations: the catalogues are in git, their compiled .mo files are built here (msgfmt, from
# Debian's gettext, installed if missing).
PO := $(wildcard src/civicspace/locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
%.mo: %.po
	@command -v msgfmt >/dev/null || { SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	  --no-install-recommends gettext >/dev/null; }
	msgfmt --check -o $@ $<

install: $(STAMP) $(MO)

# Refresh the catalogues from the code and templates (then translate what is new: docs/translation.md).
messages: install
	cd src/civicspace && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=civicspace.settings \
	  ../../$(BIN)/django-admin makemessages -l ru -l ar --ignore "*/migrations/*" --no-obsolete

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

# The background worker runs beside the server, in a session of its own so that Ctrl-C reaches
# only the server; the trap then stops the worker (SIGTERM: it finishes its current job) however
# the server ends. --no-reload keeps the worker one process, so none is left behind.
demo: install system-deps
	$(BIN)/civicspace manage migrate --noinput
	$(BIN)/civicspace demo load --admin-password-file var/admin-password \
	  --admin-recovery-codes-file var/admin-recovery-codes --member-password-file var/member-password
	@echo
	@echo "  civicspace (DEMO data) on http://$(ADDR)/"
	@echo "  Consortium admin:   http://$(ADDR)/admin/  user 'admin'      password: $$(cat var/admin-password)"
	@echo "    second factor: a recovery code, $$(grep -v '^#' var/admin-recovery-codes | head -1) (each works once;"
	@echo "    more, and an authenticator-app address, in var/admin-recovery-codes)"
	@echo "  Network Member (KZ): http://$(ADDR)/workspace/  user 'kz-member'  password: $$(cat var/member-password)"
	@echo "  (new passwords and codes are made each time; also in var/admin-password and var/member-password)"
	@echo
	@echo "  The background worker (report PDFs at publication) runs beside the server; Ctrl-C stops both."
	@echo
	@CIVICSPACE_DEBUG=1 setsid $(BIN)/civicspace worker --no-reload & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null; wait $$WORKER' EXIT INT TERM; \
	  CIVICSPACE_DEBUG=1 $(BIN)/civicspace manage runserver $(ADDR)

# Every test on SQLite, then every database test again on a throwaway PostgreSQL 15 server;
# each run spread over the machine's cores (pytest-xdist: one test database per worker).
# The browser tests run once, on PostgreSQL as in production: what they add (pages as a reader
# uses them) does not depend on the database, and they are the suite's slowest.
# bench-deps brings nginx: the baked static site is served by a real nginx in one test.
test: install system-deps bench-deps lint test-sqlite test-postgres

test-sqlite: install system-deps
	$(BIN)/pytest -n auto --durations=25 --ignore=tests/browser

test-postgres: install system-deps
	scripts/with-postgres $(BIN)/pytest -m django_db -n auto --durations=25

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src tests bench
	$(BIN)/lint-imports --no-logo

# The importers' fuzz targets at length (`make test` runs them briefly): arbitrary and mutated
# files must give a clean refusal. CIVICSPACE_FUZZ names the hypothesis profile.
fuzz: install
	CIVICSPACE_FUZZ=fuzz-long $(BIN)/pytest tests/imports/test_fuzz.py -p no:cacheprovider

# Debian packages `make bench` needs: wrk (the load tool) and nginx (serves the pre-rendered pages
# the production server is compared with; the benchmark runs its own on a spare loopback port).
# Debian's nginx would start a system server on port 80: a policy-rc.d (if there is none) keeps
# it from starting during the install, and on a systemd host it is then disabled.
bench-deps:
	@if [ ! -x /usr/bin/wrk ] || [ ! -x /usr/sbin/nginx ]; then \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq || exit 1; \
	  PACKAGES=; [ -x /usr/bin/wrk ] || PACKAGES=wrk; \
	  if [ ! -x /usr/sbin/nginx ]; then \
	    if apt-cache policy nginx-light | grep -q 'Candidate: [0-9]'; then \
	      PACKAGES="$$PACKAGES nginx-light"; else PACKAGES="$$PACKAGES nginx"; fi; \
	  fi; \
	  POLICY=; if [ ! -e /usr/sbin/policy-rc.d ]; then POLICY=1; \
	    printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null && \
	    $$SUDO chmod 755 /usr/sbin/policy-rc.d; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $$PACKAGES >/dev/null; STATUS=$$?; \
	  [ -z "$$POLICY" ] || $$SUDO rm -f /usr/sbin/policy-rc.d; \
	  case "$$PACKAGES" in *nginx*) [ ! -d /run/systemd/system ] || \
	    $$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true;; esac; \
	  exit $$STATUS; \
	fi

bench: install bench-deps
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_statistics.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_site.py
	$(BIN)/python bench/bench_uploads.py
	$(BIN)/python bench/bench_desk.py
	$(BIN)/python bench/bench_report_import.py
	$(BIN)/python bench/bench_early_warning.py
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_api_peer.py
	$(BIN)/python bench/bench_pdfs.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
