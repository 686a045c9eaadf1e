# Build, lint and test haivision.hmp. Every tool runs from .venv (Python 3.11), which is made
# from requirements-dev.txt on first use and made again whenever a requirements file changes.
#
#   make test           everything CI runs: lint sanity unit emulator-test integration build
#   make lint           ansible-lint --profile production
#   make sanity         ansible-test sanity --venv --python 3.11 on build/ansible_collections/haivision/hmp
#   make unit | emulator-test | integration   the pytest suites under tests/
#   make build          build the collection artifact, install it into build/collections, check it
#   make demo           build, then examples/fleet/run.sh: three HMP emulators configured as a fleet
#   make clean          remove build output and caches (keeps .venv); make distclean also removes .venv

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

PYTHON ?= python3.11
VENV := .venv
VENV_STAMP := $(VENV)/.requirements-installed
REQUIREMENTS := requirements-dev.txt requirements.txt
PYTEST_ARGS ?= -p no:cacheprovider

BUILD := build
COLLECTIONS := $(BUILD)/collections
TEST_RESULTS := $(BUILD)/test-results
STAGE := $(BUILD)/ansible_collections/haivision/hmp
# What `make test` runs, in this order; every step runs even when an earlier one failed.
TEST_STEPS := lint sanity unit emulator-test integration build

# The venv's tools first on PATH: ansible-test, ansible-lint and the playbooks all use them.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# $(call banner,TEXT): a visible marker in the log for each thing that runs.
banner = @printf '\n==> %s\n' "$(1)"

.PHONY: FORCE venv test lint sanity unit emulator-test integration build demo clean distclean

# ----------------------------------------------------------------------------------- venv
venv: $(VENV_STAMP)

# Made again when a requirements file is newer than the stamp, or when the venv's python is gone.
$(VENV_STAMP): $(REQUIREMENTS) $(shell test -x $(VENV)/bin/python || echo FORCE)
	$(call banner,creating $(VENV) with $(PYTHON) from requirements-dev.txt)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	$(VENV)/bin/python -m pip check
	touch $@

FORCE:

# ----------------------------------------------------------------------------------- test
test: venv
	@rm -rf $(TEST_RESULTS); failed=(); timings=(); \
	for step in $(TEST_STEPS); do \
	  start=$$SECONDS; \
	  if $(MAKE) --no-print-directory $$step; then result=ok; else result=FAILED; failed+=("$$step"); fi; \
	  timings+=("$$(printf '%-14s %-7s %4ds' "$$step" "$$result" $$((SECONDS - start)))"); \
	done; \
	printf '\n==> make test summary\n'; printf '  %s\n' "$${timings[@]}"; \
	$(VENV)/bin/python .ci/junit-summary $(TEST_RESULTS) || failed+=("no tests ran"); \
	if [ $${#failed[@]} -gt 0 ]; then echo "make test: FAILED: $${failed[*]}"; exit 1; fi

# ----------------------------------------------------------------------------------- lint
# ansible-lint resolves haivision.hmp.* from this checkout through build/lint (a symlink), so the
# examples and playbooks are checked against the modules being written, without any install.
lint: venv
	$(call banner,lint: action group and ansible-lint --profile production)
	$(VENV)/bin/python .ci/check-action-group
	mkdir -p $(BUILD)/lint/ansible_collections/haivision
	ln -sfn ../../../.. $(BUILD)/lint/ansible_collections/haivision/hmp
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(BUILD)/lint ansible-lint --profile production $(if $(CI),--nocolor)

# ----------------------------------------------------------------------------------- sanity
# ansible-test needs the ansible_collections/<namespace>/<name> layout: .ci/stage-collection copies
# what the collection ships (plus galaxy.yml and tests/config.yml) there. No ignore file.
sanity: venv
	$(call banner,sanity: ansible-test sanity --venv --python 3.11)
	.ci/prepare-ansible-test $(VENV)/bin/python
	$(VENV)/bin/python .ci/stage-collection $(STAGE)
	cd $(STAGE) && ansible-test sanity --venv --python 3.11

# ----------------------------------------------------------------------------------- pytest
# $(call pytest,NAME,DIR[,ARGS]): run the pytest suite in DIR (with extra pytest ARGS); a missing directory or a suite without any
# test is reported, not failed (`make test` fails when no suite ran a test at all).
define pytest
	$(call banner,$(1): pytest $(2))
	@mkdir -p $(TEST_RESULTS)
	@if [ ! -d $(2) ]; then echo "$(2) does not exist: nothing to run"; exit 0; fi; \
	status=0; $(VENV)/bin/python -m pytest $(PYTEST_ARGS) $(3) --junitxml=$(TEST_RESULTS)/$(1).xml $(2) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "$(2) has no tests yet"; exit 0; fi; exit $$status
endef

unit: venv
	$(call pytest,unit,tests/unit)

emulator-test: venv
	$(call pytest,emulator-test,tests/emulator)

# Two workers, one emulator each: every test is a real ansible-playbook run, mostly waiting on
# process start-up, so this halves the slowest step on two cores.
integration: venv
	$(call pytest,integration,tests/integration,-n 2)

# ----------------------------------------------------------------------------------- build
# The artifact must hold the collection and nothing else (ALLOWED: the only top-level entries it may
# have; FORBIDDEN: never anywhere), and each module's docs must render from the installed copy.
ALLOWED_IN_ARTIFACT := ^(MANIFEST\.json|FILES\.json|README\.md|LICENSE|requirements\.txt|CHANGELOG\.(rst|md)|(meta|plugins|roles|playbooks|docs|changelogs|examples)(/.*)?)$$
FORBIDDEN_IN_ARTIFACT := (^|/)(run\.sh|__pycache__|[^/]*\.pyc|[^/]*\.tar\.gz|\.[^/]*)(/|$$)

build: venv
	$(call banner,build: ansible-galaxy collection build + install + check)
	rm -rf $(COLLECTIONS) $(BUILD)/haivision-hmp-*.tar.gz
	ansible-galaxy collection build --output-path $(BUILD) .
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) ansible-galaxy collection install --offline --force -p $(COLLECTIONS) $(BUILD)/haivision-hmp-*.tar.gz
	@tarball=$$(ls $(BUILD)/haivision-hmp-*.tar.gz); \
	if tar -tzf "$$tarball" | grep -Ev '$(ALLOWED_IN_ARTIFACT)' || tar -tzf "$$tarball" | grep -E '$(FORBIDDEN_IN_ARTIFACT)'; then \
	  echo "build: $$tarball holds the entries above, which are not part of the collection"; exit 1; fi; \
	echo "build: $$tarball holds $$(tar -tzf "$$tarball" | wc -l) entries, no emulator, tests, benchmarks or CI files"
	@modules=$$(find plugins/modules -name '*.py' ! -name '__init__.py' -printf '%f\n' | sed 's/\.py$$//' | sort); \
	[ -n "$$modules" ] || { echo "build: no module in plugins/modules"; exit 1; }; \
	for module in $$modules; do \
	  doc=$$(ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) ansible-doc -t module "haivision.hmp.$$module"); \
	  grep -q "$(COLLECTIONS)/ansible_collections/haivision/hmp/plugins/modules/$$module.py" <<<"$$doc" \
	    || { echo "$$doc"; echo "build: ansible-doc haivision.hmp.$$module did not render from $(COLLECTIONS)"; exit 1; }; \
	  echo "build: ansible-doc haivision.hmp.$$module renders ($$(wc -l <<<"$$doc") lines)"; \
	done

# ----------------------------------------------------------------------------------- demo
demo: build
	$(call banner,demo: examples/fleet/run.sh)
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) examples/fleet/run.sh

# ----------------------------------------------------------------------------------- clean
clean:
	rm -rf $(BUILD) .ansible .pytest_cache tests/output
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
