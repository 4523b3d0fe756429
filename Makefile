# The front door: `make run` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := tadamon.settings

.PHONY: run test lint format bench clean setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed
	mkdir -p var
	$(BIN)/tadamon migrate --no-input --verbosity 0
	$(BIN)/tadamon setup_demo

run: setup
	$(BIN)/tadamon collectstatic --no-input --verbosity 0
	@echo "Serving Tadamon at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/gunicorn tadamon.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --timeout 300 --access-logfile -

test: $(VENV)/.installed-test
	TADAMON_CONN_MAX_AGE=0 $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_demo.py

clean:
	rm -rf $(VENV) var/static
