# awslab: the course's set-up, tests and maintenance commands.
#
#   make lab       open the course in JupyterLab (notebooks/, http://127.0.0.1, token login)
#   make test      run every test: unit tests, strict nbval, papermill, no-network, browser
#   make bench     benchmarks (bench/run.py)
#   make refresh   re-execute every notebook in place (they are committed executed)
#   make handouts  per-student HTML handouts for data/roster.csv into handouts/
#   make lock      re-pin requirements.lock from pyproject.toml (maintainers)
#
# The first three create .venv with python3 if it is missing and install requirements.lock
# and the awslab package into it; they install again only when requirements.lock or
# pyproject.toml has changed since (the stamp file .venv/.awslab-installed).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.awslab-installed
PIP := $(PY) -m pip --quiet
# pip names every missing folder of this machine's local package mirrors; nothing else is hidden
HIDE_MIRROR_NOTES := 2>&1 | { grep -v -E "^WARNING: Location '[^']*' is ignored: it is neither a file nor a directory\.$$" || true; }
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
PYTEST_ARGS ?=

.PHONY: lab test bench refresh lock venv handouts

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# The lock names awslab itself (the "test" extra pulls in "awslab[lab]"), as a path on the
# machine that compiled it: that line is left out and this checkout is installed editable.
$(STAMP): requirements.lock pyproject.toml | $(PY)
	@echo "pip install -r requirements.lock (without its awslab line) into $(VENV)"
	@grep -v '^awslab @' requirements.lock > $(VENV)/requirements.txt
	@$(PIP) install -r $(VENV)/requirements.txt $(HIDE_MIRROR_NOTES)
	@echo "pip install --no-deps -e ."
	@$(PIP) install --no-deps -e . $(HIDE_MIRROR_NOTES)
	@touch $@

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 $(ALLOW_ROOT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py

refresh: $(STAMP)
	$(PY) scripts/refresh_notebooks.py

# HANDOUT_ARGS="--answers" for instructor keys, "--format html,pdf" for PDFs (Chromium),
# "--force" to rebuild; ROSTER=path/to/class.csv for a real class.
ROSTER ?= data/roster.csv
HANDOUT_ARGS ?= --jobs 2
handouts: $(STAMP)
	$(PY) -m awslab handouts --roster $(ROSTER) --notebooks all --out handouts $(HANDOUT_ARGS)

# pip-tools lives in a throw-away venv: it is a maintainer's tool, not a course dependency.
# awslab is kept out of the lock (--unsafe-package) and so are this machine's index options.
lock:
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip --quiet install pip-tools $(HIDE_MIRROR_NOTES); \
	"$$tmp/venv/bin/pip-compile" --quiet --extra lab --extra test --extra bench --strip-extras \
		--unsafe-package awslab --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml $(HIDE_MIRROR_NOTES)
