# congbao: the entry points. `make` creates .venv and installs everything on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    ?= corpus/raw
OUT    ?= corpus/structured
GOLD   ?= eval/gold
PRED   ?= $(OUT)/documents
JOBS   ?=
BULK   ?= ../shared/bulk
HELDOUT     ?= corpus/heldout
HELDOUT_OUT ?= corpus/structured/heldout

.PHONY: all install convert eval heldout silver test bench segment annotate clean

all: convert

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

convert: install
	$(PY) -m pipeline convert --out $(OUT) $(if $(JOBS),-j $(JOBS)) $(RAW)

eval: install
	$(PY) -m eval --gold $(GOLD) --pred $(PRED) --raw $(RAW) $(EVAL_FLAGS)

# the held-out set: bulk documents labelled after the extractors were written (eval/heldout/NOTES.md)
heldout: install
	$(PY) -m pipeline convert --out $(HELDOUT_OUT) $(HELDOUT)
	$(PY) -m eval --gold eval/heldout/gold --pred $(HELDOUT_OUT)/documents --raw $(HELDOUT) \
		--thresholds eval/heldout/thresholds.toml --scores eval/heldout/scores.json $(EVAL_FLAGS)

silver: install
	$(PY) -m eval.silver --bulk $(BULK)

test: install
	$(PY) -m pytest

bench: install
	$(PY) -m pipeline.bench

segment: install
	@test -n "$(FILE)" || (echo "usage: make segment FILE=path" && exit 2)
	$(PY) -m pipeline segment $(FILE)

annotate: install
	@test -n "$(FILE)" || (echo "usage: make annotate FILE=path [HTML=out.html]" && exit 2)
	$(PY) -m pipeline annotate $(FILE) --out $(or $(HTML),$(basename $(notdir $(FILE))).html)

clean:
	rm -rf $(OUT)/documents $(OUT)/*.csv $(OUT)/corpus.db $(OUT)/metadata.json $(OUT)/errors.jsonl $(OUT)/.congbao-manifest.json $(HELDOUT_OUT)
