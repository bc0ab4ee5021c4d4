# Two entry points on a fresh machine:
#   make run    set up, then execute the notebook series on the offline default
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-done
PROFILE ?= offline
# Seconds a cell may run; 0: no limit (the full profile's training on a CPU).
TIMEOUT ?= 3600

.PHONY: setup model run test test-notebooks clean-runs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The CPU torch wheel first, from the pin: a later unpinned `torch`
	# requirement is then already met and cannot pull GBs of CUDA packages.
	$(BIN)/python -m pip install -q -c constraints.txt torch
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	# Debian's shellcheck, for the test that keeps colab_setup.sh clean.
	command -v shellcheck >/dev/null || { apt-get update -qq && apt-get install -y -qq shellcheck; } \
	  || { sudo apt-get update -qq && sudo apt-get install -y -qq shellcheck; }
	touch $(STAMP)

setup: $(STAMP)

# Convert the offline Gemma 3 once (about 90 s), before anything runs in parallel.
model: setup
	$(BIN)/fccourse prepare-model

run: model
	$(BIN)/fccourse run --profile $(PROFILE) --out runs/$(PROFILE) --timeout $(TIMEOUT)

test: model
	$(BIN)/python -m pytest

# nbval over every notebook, 04-06 included (they train and evaluate: ~30 min).
test-notebooks: model
	FCCOURSE_NBVAL_ALL=1 $(BIN)/python -m pytest notebooks

clean-runs:
	rm -rf runs notebooks/runs
