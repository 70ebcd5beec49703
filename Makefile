# Two commands matter: `make run` and `make test` (see README.md).
VENV   ?= .venv
PORT   ?= 8000
# Absolute URLs built without a request (commands, the worker) point here.
SITE_URL ?= http://127.0.0.1:$(PORT)
PY     := $(VENV)/bin/python
# Django 6.1 needs Python 3.12+. PYTHON=/path/to/python3.x overrides the search.
PYTHON ?=

.PHONY: run test venv lint format bench clean

# Find a Python >= 3.12: the one given as PYTHON, else python3.14/3.13/3.12 on
# PATH, else a pyenv-installed 3.12+, else python3 if it is new enough.
define find_python
ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }; \
if [ -n "$(PYTHON)" ]; then \
  if ok "$(PYTHON)"; then echo "$(PYTHON)"; exit 0; fi; \
  echo "PYTHON=$(PYTHON) is not Python 3.12 or newer, which Django 6.1 requires." >&2; exit 1; \
fi; \
pyenv_root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for c in python3.14 python3.13 python3.12 \
         $$(ls -d "$$pyenv_root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
  if ok "$$c"; then command -v "$$c" || echo "$$c"; exit 0; fi; \
done; \
echo "No Python 3.12 or newer found (Django 6.1 requires it). Install one, or run make with PYTHON=/path/to/python3.12." >&2; \
exit 1
endef

$(VENV)/.python:
	@if [ -x "$(PY)" ] && ! "$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "$(VENV) uses an old Python; recreating it."; rm -rf "$(VENV)"; fi
	@if [ ! -x "$(PY)" ]; then \
	  py=$$($(find_python)) || exit 1; \
	  echo "Creating $(VENV) with $$py"; "$$py" -m venv "$(VENV)"; fi
	@touch $@

$(VENV)/.runtime: $(VENV)/.python requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.dev

run: $(VENV)/.runtime
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py migrate --noinput
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	@echo ""
	@echo "  Factcheck is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Reviewer desk: http://127.0.0.1:$(PORT)/review/   Moderation: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo accounts, all with the password 'demo':"
	@echo "    reviewer, reviewer2  fact-checkers"
	@echo "    editor               editor (moderation panel)"
	@echo "    admin                administrator"
	@echo "  A task worker processes new sources beside the server; Ctrl-C stops both."
	@echo ""
	@# The task worker runs beside the web server; Ctrl-C (or the server
	@# exiting) stops both.
	@DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The import contracts first (pyproject.toml's [tool.importlinter]): a layer
# broken fails the run before the suite starts.
test: $(VENV)/.dev
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.dev
	$(PY) bench/golden_rules.py
	$(PY) bench/segment.py --quick
	$(PY) bench/workspace.py
	$(PY) bench/reanchor.py
	$(PY) bench/reanchor_algo.py
	$(PY) bench/matching.py
	$(PY) bench/checkworthy.py
	$(PY) bench/search.py
	$(PY) bench/public.py
	$(PY) bench/admin.py
	$(PY) bench/pathological.py
	$(PY) bench/desk.py
	$(PY) bench/api.py
	$(PY) bench/fetch.py
	$(PY) bench/extraction.py
	$(PY) bench/import_claimreview.py
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis
