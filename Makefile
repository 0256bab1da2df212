# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The directory `make run` serves: `national` (SAMHSA's 2023 directory, bundled) or `demo`
# (fictional listings): `make run DIRECTORY=demo`.
DIRECTORY ?= national
# `make edge`: Varnish's port on loopback.
EDGE_PORT ?= 8080

.PHONY: run test lint format setup serve browser-deps java-deps varnish-deps gettext-deps messages \
	messages-compile edge edge-stop clean

# Set everything up (venv, database, articles, directory, static files) and serve the site.
run: setup
	DJANGO_SETTINGS_MODULE=iopguide.settings.dev $(BIN)/gunicorn iopguide.wsgi:application \
		-c gunicorn.conf.py --bind $(HOST):$(PORT)

setup: $(VENV)/.installed messages-compile
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_content
	$(MANAGE) load_directory $(if $(filter demo,$(DIRECTORY)),--demo)
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) ensure_local_admin

# Reinstall only when the dependency list changed.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# GNU gettext from Debian: Django's compilemessages and makemessages run its msgfmt and xgettext
# (msgfmt --check-format also catches a translation that drops or renames a %(placeholder)s).
gettext-deps:
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing Debian's gettext for the translations"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

# The Spanish catalogue, compiled (locale/es/LC_MESSAGES/django.mo is built, never committed).
messages-compile: $(VENV)/.installed gettext-deps
	$(MANAGE) compilemessages --verbosity 0 --ignore node_modules --ignore var

# After changing reader-facing text: collect the strings again into locale/es/, then translate
# the new entries (tests/test_spanish_site.py fails while one is untranslated or fuzzy).
messages: $(VENV)/.installed gettext-deps
	$(MANAGE) makemessages -l es --no-location --no-obsolete --ignore 'node_modules/*' \
		--ignore 'var/*' --ignore 'tests/*' --ignore '*/tests/*' --ignore 'benchmarks/*' \
		--ignore 'scripts/*'

# Debian's Chromium for the browser tests (never a downloaded browser build).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Node tools for the tests (the Nu HTML Checker) from the lock file; again only when it changes.
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the machine's Java runs it.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Java for the Nu HTML Checker (Debian's; Java 17 is the machine's default).
java-deps:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java runtime for the Nu HTML Checker"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

# Debian's Varnish and its xkey vmod (varnish-modules) for the edge test and `make edge`.
varnish-deps:
	@{ command -v varnishd || test -x /usr/sbin/varnishd; } >/dev/null 2>&1 \
		&& dpkg -s varnish-modules >/dev/null 2>&1 || { \
		echo "Installing Debian's varnish and varnish-modules for the edge cache"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			varnish varnish-modules >/dev/null; }

# Varnish at 127.0.0.1:$(EDGE_PORT) in front of two gunicorn instances (docs/deployment.md), on
# DATABASE_URL/REDIS_URL when set, else the SQLite file and a shared file cache in var/edge.
# Ctrl-C or `make edge-stop` (from another shell) stops all of it.
edge: setup varnish-deps
	$(PY) -m scripts.edge_topology --port $(EDGE_PORT)

edge-stop:
	@if [ -f var/edge/edge.pid ]; then kill "$$(cat var/edge/edge.pid)" && echo "Stopping the edge topology"; \
	else echo "make edge is not running"; fi

test: $(VENV)/.installed messages-compile browser-deps java-deps varnish-deps node_modules/.installed
	@mkdir -p var
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var/staticfiles node_modules
