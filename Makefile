# Everything a fresh machine needs: python3, make. The venv and all packages come from here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= marsad-demo.db

.PHONY: demo test bench lint venv eval clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/marsad --db $(DEMO_DB) demo

test: $(STAMP)
	$(PY) -m pytest -q -ra

bench: $(STAMP)
	$(PY) benchmarks/run.py

eval: $(STAMP)
	$(PY) eval/gate.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks eval

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache
