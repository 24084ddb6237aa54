# banmian: `make issue` builds the newest issue (or ISSUE=issues/...), `make test` runs the tests.
# Every install step lives here so a fresh clone on a fresh Debian machine works.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
ISSUE  ?= $(patsubst %/issue.yaml,%,$(lastword $(sort $(wildcard issues/*/issue.yaml))))
ID     := $(notdir $(ISSUE))
SYSDEPS_STAMP := build/.sysdeps

.PHONY: issue test clean fonts sysdeps venv archive bench check

# ARGS passes options to banmian build, e.g. make issue ARGS=--accept (re-lock after a reviewed change)
issue: venv sysdeps
	$(BIN)/banmian build $(ISSUE) -o build/$(ID).pdf --proof $(ARGS)

test: venv sysdeps
	$(BIN)/python -m pytest -q

archive: venv sysdeps
	$(BIN)/banmian archive issues

bench: venv sysdeps
	$(BIN)/python scripts/bench.py

venv: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

# Fonts and the command-line witnesses (poppler, qpdf, Ghostscript) come from Debian.
fonts sysdeps:
	@scripts/install-system-deps.sh

clean:
	rm -rf build .pytest_cache
