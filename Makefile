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

.PHONY: run test lint format setup serve browser-deps java-deps clean

# Set everything up (venv, database, articles, directory, static files) and serve the site.
run: setup
	DJANGO_SETTINGS_MODULE=iopguide.settings.dev $(BIN)/gunicorn iopguide.wsgi:application \
		-c gunicorn.conf.py --bind $(HOST):$(PORT)

setup: $(VENV)/.installed
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

test: $(VENV)/.installed browser-deps java-deps node_modules/.installed
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
