# Two commands for a fresh clone: `make run` and `make test`. Needs only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format bench serve migrate clean lock

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo
	@echo "Hubal Jabar berjalan di http://$(HOST)/"
	$(PY) manage.py runserver $(HOST)

test: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The lock files: requirements.in / requirements-dev.in (direct dependencies) compiled by pip-tools into
# requirements.txt / requirements-dev.txt. Existing pins are kept; LOCK_ARGS="--upgrade-package Django" moves one.
lock: $(VENV)/.dev
	$(VENV)/bin/pip-compile --quiet $(LOCK_ARGS) requirements.in -o requirements.txt
	$(VENV)/bin/pip-compile --quiet $(LOCK_ARGS) requirements-dev.in -o requirements-dev.txt

bench: $(VENV)/.dev
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
