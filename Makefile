# banmian: `make issue` builds the sample issue (or ISSUE=issues/...), `make test` runs the tests.
# Every install step lives here so a fresh clone on a fresh Debian machine works:
# first the Debian packages (fonts, PDF witnesses, python3-venv where Python is Debian's),
# then the virtual environment with the Python packages.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The showcase: the complete multi-page sample issue the README's tour follows.
SAMPLE := issues/2026-046
ISSUE  ?= $(SAMPLE)
ID     := $(notdir $(ISSUE))
FULL   ?=

.PHONY: help issue test check archive bench clean fonts sysdeps venv messages locale bytecode

help:           ## list the targets
	@echo "banmian: make TARGET"
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z]+):[^#]*## /  \1\t/' | expand -t 12

# ARGS passes options to banmian build, e.g. make issue ARGS=--accept (re-lock after a reviewed change)
issue: venv locale bytecode ## install what is missing, build issues/2026-046 (or ISSUE=...) to build/<id>.pdf + proof PNGs
	@echo "== building $(ISSUE) -> build/$(ID).pdf (a few seconds; the first build prepares the fonts: about a minute)"
	$(BIN)/banmian build $(ISSUE) -o build/$(ID).pdf --proof $(ARGS)

test: venv locale ## run the test suite (about a minute)
	@echo "== running the tests (about a minute)"
	$(BIN)/python -m pytest -q

check: issue    ## preflight the built PDF as a print shop would (banmian check)
	$(BIN)/banmian check build/$(ID).pdf

archive: venv locale bytecode ## rebuild every out-of-date issue and write build/archive/index.html
	$(BIN)/banmian archive issues

bench: venv bytecode ## speed and memory figures (a few minutes; FULL=1 runs everything)
	$(BIN)/python scripts/bench.py $(if $(FULL),--full,)

venv: sysdeps $(STAMP)

# banmian's own modules compiled to bytecode (only those changed since): an editable install has
# none, and where Python does not write it (PYTHONDONTWRITEBYTECODE, a read-only checkout) every
# edited module would be compiled again on every run, some 60 ms of a build
bytecode: venv
	@$(BIN)/python -m compileall -q layout

# The editor's language (layout/i18n.py): the Chinese catalogue is the .po (committed, edited by
# hand); the .mo is compiled from it here, never committed (a binary that would conflict on every
# merge). `make messages` adds the messages new in the code to the .po with an empty translation.
LOCALE := layout/locale
PO     := $(LOCALE)/zh/LC_MESSAGES/banmian.po
MO     := $(PO:.po=.mo)
BABEL_KEYWORDS := --no-default-keywords -k M -k N:1,2

locale: $(MO)     ## compile the message catalogues (.po -> .mo) for the editor's language

$(MO): $(PO) $(STAMP)
	$(BIN)/python -m layout.i18n

messages: venv  ## add messages new in the code to the Chinese catalogue (then translate them)
	@mkdir -p build
	$(BIN)/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --no-wrap --sort-by-file --project banmian \
	    -o build/banmian.pot layout
	$(BIN)/pybabel -q update -i build/banmian.pot -d $(LOCALE) -D banmian -l zh --no-wrap --ignore-obsolete --no-fuzzy-matching
	@echo "now translate the entries with msgstr \"\" in $(PO) (tests/test_i18n.py lists them)"

$(STAMP):
	@echo "== creating $(VENV) and installing banmian's Python packages (first time: about a minute)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

# Fonts, python3-venv and the command-line witnesses (poppler, qpdf, Ghostscript) come from Debian.
fonts: sysdeps
sysdeps:        ## install the Debian packages banmian needs (only those missing)
	@PYTHON="$(PYTHON)" scripts/install-system-deps.sh

clean:          ## remove build output (not the venv)
	rm -rf build .pytest_cache
