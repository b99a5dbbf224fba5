# frontwatch: `make run` processes the bundled samples and shows the events; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= frontwatch.db
HOST ?= 127.0.0.1
PORT ?= 8765

.PHONY: install run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/frontwatch run samples --db $(DB)
	$(BIN)/frontwatch events --db $(DB)
	@if $(BIN)/frontwatch serve --help >/dev/null 2>&1; then \
		echo "map: http://$(HOST):$(PORT)/ (Ctrl-C to stop)"; \
		$(BIN)/frontwatch serve --db $(DB) --host $(HOST) --port $(PORT); \
	fi

test: install
	$(BIN)/python -m pytest -q

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
