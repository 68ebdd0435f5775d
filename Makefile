# make run  - set up the virtual environment if needed, then start Debrief
# make lint - ruff check, ruff format --check and mypy (strict on debrief/, basic on ui/)
# make test - set up the virtual environment if needed, then run the whole test suite offscreen
# Override the interpreter with e.g. `make run PYTHON=python3.12`.

PYTHON ?= $(shell sh tools/find-python)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench clean

# Re-install only when the declared dependencies change (or the interpreter does).
$(STAMP): setup.cfg pyproject.toml
	@test -n "$(PYTHON)" || { echo "No suitable Python (>= 3.11) found; pass PYTHON=..." >&2; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])')" != "$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])')" ]; then \
		echo "Interpreter changed; rebuilding $(VENV)"; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
