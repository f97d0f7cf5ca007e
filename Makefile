# Everything a fresh machine needs: python3, make. The venv and all packages come from here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= marsad-demo.db

.PHONY: demo test browser bench bench-scale bench-load lint venv eval fuzz probe clean train-ner train-idf train-translit names-translit span-words

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,dev,bench,embeddings]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/marsad --db $(DEMO_DB) demo

test: $(STAMP) browser
	$(PY) -m pytest -q -ra --durations=25

# The real-browser dashboard tests drive Debian's chromium; Playwright never downloads one.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	  else echo "note: no apt-get here; the browser tests skip without $(CHROMIUM)"; fi; \
	fi

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Search at 100k and 1M articles (ANT + jawharafm + SaudiNewsNet, replicated with
# perturbations); databases go to SCALE_DIR and are deleted unless KEEP=1. ~1 h on 2 cores.
SCALE_DIR ?= /tmp/marsad-scale
bench-scale: $(STAMP)
	$(PY) benchmarks/bench_search_scale.py --sizes 100k,1m --workdir $(SCALE_DIR) $(if $(KEEP),--keep)

# 50 clients on /api/search for 60 s while an ingest writes: needs a >= 100k-article DB
# (LOAD_DB, e.g. from `make bench-scale KEEP=1`: $(SCALE_DIR)/scale-100k.db).
LOAD_DB ?= $(SCALE_DIR)/scale-100k.db
bench-load: $(STAMP)
	$(PY) benchmarks/load_search.py --db $(LOAD_DB)

# Every reader under 10,000 mutated inputs (issue 15): crashes, hangs over 5 s and memory
# over 500 MB are reported, and the inputs saved to tests/reliability/fuzz_regressions
# (replayed by make test). ~6 min on 2 cores. FUZZ_N=… for more or fewer.
FUZZ_N ?= 10000
fuzz: $(STAMP)
	$(PY) -m tests.reliability.fuzzing --n $(FUZZ_N)

# Issue 15's probe table re-run: every reproducer through the real CLI and server.
probe: $(STAMP)
	$(PY) scripts/probe.py

eval: $(STAMP)
	$(PY) eval/gate.py

# NER model from ../shared (about 45 min on one core): word vectors from the news (ANT May
# 2018 and the ANERcorp dev tail left out), 100k news sentences tagged by the shipped
# model as the teacher (TEACHER; known places it left untagged are filled in), two
# BiLSTM-CRFs pre-trained on WikiFANE Gold + that silver and fine-tuned on ANERcorp
# train minus its dev tail, joined as one ensemble. The shipped file of 2026-12-06 was
# taught by the model of b9f38c1 (see the model card).
NER := build/ner
TEACHER ?= src/marsad/ner/model/ner.npz
train-ner: $(STAMP)
	$(PY) -m pip install -q -e '.[train]'
	mkdir -p $(NER) && cp $(TEACHER) $(NER)/teacher.npz
	$(PY) scripts/train_ner_embed.py
	$(PY) scripts/train_ner_silver.py $(NER)/teacher.npz 100000 $(NER)/silver.txt
	$(PY) scripts/train_ner.py --tag a --seed 7 --silver $(NER)/silver.txt --out $(NER)/a.final.npz
	$(PY) scripts/train_ner.py --tag b --seed 13 --silver $(NER)/silver.txt --out $(NER)/b.final.npz
	$(PY) scripts/train_ner_ensemble.py src/marsad/ner/model/ner.npz \
		$(NER)/a.final.npz $(NER)/b.final.npz

# Story-similarity IDF, then LSA topic vectors, from the unlabelled news in ../shared
# (about 2 + 5 min on one core).
NEWS := ../shared/data/news
train-idf: $(STAMP)
	nice -n 19 $(PY) -m marsad.stories.idf src/marsad/stories/model/idf.tsv.gz \
		$(NEWS)/ant_multisource/articles.jsonl.gz $(NEWS)/ant_jawharafm/articles.jsonl.gz \
		$(NEWS)/saudinewsnet/articles.jsonl.gz
	nice -n 19 $(PY) -m marsad.stories.lsa src/marsad/stories/model/lsa.npz \
		$(NEWS)/ant_multisource/articles.jsonl.gz $(NEWS)/ant_jawharafm/articles.jsonl.gz \
		$(NEWS)/saudinewsnet/articles.jsonl.gz

# Arabic → Latin name model from ../shared/data/translit (about 3 min, one core); prints
# the held-out scores that go into src/marsad/translit/model/MODEL_CARD.md.
train-translit: $(STAMP)
	nice -n 19 $(PY) -m marsad.translit.train --shared ../shared --out src/marsad/translit/model
	$(MAKE) names-translit

# Table of established Latin spellings (whole names and tokens) from ../shared/data/translit
# and gazetteers (seconds); `eval` prints held-out accuracy for MODEL_CARD.md.
names-translit: $(STAMP)
	nice -n 19 $(PY) -m marsad.translit.build_names build --shared ../shared --out src/marsad/translit/model
	nice -n 19 $(PY) -m marsad.translit.build_names eval --shared ../shared

# Words never inside a name (stages/spans.py): ANERcorp train + dev news (ANT Feb-Apr 2018).
span-words: $(STAMP)
	nice -n 19 $(PY) scripts/build_span_words.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks eval
	$(VENV)/bin/mypy
	cd benchmarks && MYPYPATH=../src ../$(VENV)/bin/mypy --check-untyped-defs --follow-imports=silent *.py

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache artifacts/screenshots
