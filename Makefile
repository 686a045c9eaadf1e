# Build, lint and test haivision.hmp. Every tool runs from .venv (Python 3.11), which is made
# from requirements-dev.txt on first use and made again whenever a requirements file changes.
#
#   make test           the loop before every commit (under 10 minutes once the venvs exist): lint sanity unit
#                       emulator-test integration build
#   make test-all       the release-grade checks, run after make test (.ci/run runs both): sanity-all docs-lint
#                       docs changelog-lint ee-context galaxy-import reliability integration-variants variants
#                       releases release-runners eda
#   make lint           ansible-lint --profile production
#   make sanity         ansible-test sanity --venv --python 3.11 on build/ansible_collections/haivision/hmp
#   make sanity-all     sanity with each other ansible-core release requires_ansible claims: 2.18, 2.20, 2.21
#   make unit | emulator-test | integration   the pytest suites under tests/
#   make reliability    tests/release/test_load.py and test_faults.py: 500 tasks from 20 forks, and 300 objects
#                       through errors, drops, lost answers and an expired session
#   make integration-variants   tests/integration against an emulator that speaks every other documented reading
#   make variants       tests/release/test_variants.py: each documented reading alone, qualified and configured
#   make releases       tests/release/test_releases.py: the site playbook and a read-only qualification against
#                       each HMP release the emulator plays, 3.8 to 4.1.1
#   make release-runners   tests/release/runners from .venv-runners: the fleet and device playbooks through
#                       ansible-runner and ansible-navigator (--ee false), and AWX's job slicing
#   make build          build the collection artifact, install it into build/collections, check it
#   make docs-lint | docs   antsibull-docs lint-collection-docs | the docs site into build/docs/html
#   make changelog-lint | changelog-release   check | rebuild the release entry and CHANGELOG.rst
#   make ee-context     ansible-builder create: the execution environment's build context in build/ee-context
#   make galaxy-import  galaxy-importer on the built artifact
#   make demo           build, then examples/fleet/run.sh: three HMP emulators configured as a fleet
#   make demo-devices   build, then examples/devices/run.sh: 300 set-top boxes from the inventory plugin, the
#                       lobby screens to standby for the night and back
#   make eda            the event source haivision.hmp.hmp_watch and the rulebooks of examples/eda under the real
#                       ansible-rulebook (.venv-eda, Java 17+), in make test-all
#   make clean          remove build output and caches (keeps .venv); make distclean also removes .venv and .venv-*

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
# What `make test` and `make test-all` run, in this order; every step runs even when an earlier one failed.
TEST_STEPS := lint sanity unit emulator-test integration build
RELEASE_STEPS := sanity-all docs-lint docs changelog-lint ee-context galaxy-import reliability integration-variants variants \
  releases release-runners eda

# The venv's tools first on PATH: ansible-test, ansible-lint and the playbooks all use them.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# $(call banner,TEXT): a visible marker in the log for each thing that runs.
banner = @printf '\n==> %s\n' "$(1)"

.PHONY: FORCE venv test test-all lint sanity sanity-all reliability integration-variants variants releases sanity-2.18 sanity-2.20 sanity-2.21 unit emulator-test integration build docs-lint docs changelog-lint changelog-release ee-context galaxy-import release-runners eda demo demo-devices clean distclean

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

# Tools that must not share .venv's pins (docs, changelog, execution environment, Galaxy import, older
# ansible-core releases) each get a venv of their own: .venv-NAME from requirements/NAME.txt, made with
# $(PYTHON_NAME) when the Makefile sets one (PYTHON_sanity-2.20 := python3.12, say), else $(PYTHON).
# A tool's target depends on .venv-NAME/.installed.
.venv-%/.installed: requirements/%.txt
	$(call banner,creating .venv-$* from requirements/$*.txt)
	rm -rf .venv-$*
	$(or $(PYTHON_$*),$(PYTHON)) -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --upgrade pip
	.venv-$*/bin/python -m pip install --quiet -r $<
	.venv-$*/bin/python -m pip check
	touch $@

# ----------------------------------------------------------------------------------- test
# $(call steps,NAME,STEPS): run each step, then print how long each took and the tests each ran.
define steps
	@rm -rf $(TEST_RESULTS); failed=(); timings=(); \
	for step in $(2); do \
	  start=$$SECONDS; \
	  if $(MAKE) --no-print-directory $$step; then result=ok; else result=FAILED; failed+=("$$step"); fi; \
	  timings+=("$$(printf '%-20s %-7s %4ds' "$$step" "$$result" $$((SECONDS - start)))"); \
	done; \
	printf '\n==> make $(1) summary\n'; printf '  %s\n' "$${timings[@]}"; \
	$(VENV)/bin/python .ci/junit-summary $(TEST_RESULTS) || failed+=("no tests ran"); \
	if [ $${#failed[@]} -gt 0 ]; then echo "make $(1): FAILED: $${failed[*]}"; exit 1; fi
endef

test: venv
	$(call steps,test,$(TEST_STEPS))

test-all: venv
	$(call steps,test-all,$(RELEASE_STEPS))

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

# ----------------------------------------------------------------------------------- sanity-all
# ansible-test sanity with every other ansible-core release requires_ansible (meta/runtime.yml) claims: 2.19 is
# `make sanity` (.venv, in make test); each other release runs from .venv-sanity-2.NN (requirements/sanity-2.NN.txt)
# on a controller Python it supports, against a staged copy of its own under build/sanity-2.NN.
SANITY_RELEASES := 2.18 2.20 2.21
PYTHON_sanity-2.20 = $(call python_for,3.12)
PYTHON_sanity-2.21 = $(call python_for,3.13)

# $(call python_for,3.NN): python3.NN from PATH when it runs, else pyenv's build of it (pyenv's shims
# only answer for the versions pyenv has selected).
python_for = $(or $(shell python$(1) -c 'import sys; print(sys.executable)' 2>/dev/null),$(call pyenv_python,$(1)),python$(1))
pyenv_python = $(lastword $(sort $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/$(1).*/bin/python$(1))))

sanity-all: $(SANITY_RELEASES:%=sanity-%)

$(SANITY_RELEASES:%=sanity-%): sanity-%: .venv-sanity-%/.installed venv
	$(call banner,sanity-$*: ansible-test sanity --venv with ansible-core $* on the Python of .venv-sanity-$*)
	.ci/prepare-ansible-test .venv-sanity-$*/bin/python
	$(VENV)/bin/python .ci/stage-collection $(BUILD)/sanity-$*/ansible_collections/haivision/hmp
	cd $(BUILD)/sanity-$*/ansible_collections/haivision/hmp \
	  && PATH=$(CURDIR)/.venv-sanity-$*/bin:$$PATH ansible-test sanity --venv \
	    --python $$($(CURDIR)/.venv-sanity-$*/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# ----------------------------------------------------------------------------------- pytest
# $(call pytest,NAME,DIR[,ARGS]): run the pytest suite in DIR (with extra pytest ARGS); a missing directory or a suite without any
# test is reported, not failed (`make test` fails when no suite ran a test at all).
define pytest
	$(call banner,$(1): pytest $(2))
	@mkdir -p $(TEST_RESULTS)
	@for path in $(2); do [ -e $$path ] || { echo "$$path does not exist: nothing to run"; exit 0; }; done; \
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

# The same suite against an emulator that speaks every other documented reading of HMP at once
# (docs/docsite/rst/contract.rst, V1 to V9).
integration-variants: export HMP_EMULATOR_VARIANTS = all
integration-variants: venv
	$(call pytest,integration-variants,tests/integration,-n 2)

# Release-grade tests that use the integration fixtures (tests/release/conftest.py): the 500-task load and the
# faults convergence, and each documented reading alone.
reliability: venv
	$(call pytest,reliability,tests/release/test_load.py tests/release/test_faults.py,-n 2)

variants: venv
	$(call pytest,variants,tests/release/test_variants.py,-n 2)

# Every published HMP release, 3.8 to 4.1.1, played by the emulator: the site playbook and a read-only
# qualification on each, an API key on the releases without key login (contract: releases).
releases: venv
	$(call pytest,releases,tests/release/test_releases.py,-n 2)

# ----------------------------------------------------------------------------------- build
# The artifact must hold the collection and nothing else (ALLOWED: the only top-level entries it may
# have; FORBIDDEN: never anywhere), and each module's, inventory plugin's and lookup plugin's docs must render from the
# installed copy.
ALLOWED_IN_ARTIFACT := ^(MANIFEST\.json|FILES\.json|README\.md|SECURITY\.md|LICENSE|requirements\.txt|CHANGELOG\.(rst|md)|(meta|plugins|roles|playbooks|docs|changelogs|examples|extensions)(/.*)?)$$
FORBIDDEN_IN_ARTIFACT := (^|/)(run\.sh|__pycache__|[^/]*\.pyc|[^/]*\.tar\.gz|\.[^/]*)(/|$$)

# The artifact is built once for a given state of what it ships ($(BUILT) is newer than every such file):
# ee-context, galaxy-import, release-runners and the demos use the one `make test` built.
ARTIFACT_SOURCES := $(shell find plugins roles playbooks meta docs changelogs examples extensions -type f ! -path '*/exports/*' 2>/dev/null | sed 's/ /\\ /g') \
  galaxy.yml README.md SECURITY.md LICENSE requirements.txt CHANGELOG.rst
BUILT := $(BUILD)/.built

build: $(BUILT)

$(BUILT): $(ARTIFACT_SOURCES) $(VENV_STAMP)
	$(call banner,build: ansible-galaxy collection build + install + check)
	rm -rf $(COLLECTIONS) $(BUILD)/haivision-hmp-*.tar.gz $@
	ansible-galaxy collection build --output-path $(BUILD) .
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) ansible-galaxy collection install --offline --force -p $(COLLECTIONS) $(BUILD)/haivision-hmp-*.tar.gz
	@tarball=$$(ls $(BUILD)/haivision-hmp-*.tar.gz); \
	if tar -tzf "$$tarball" | grep -Ev '$(ALLOWED_IN_ARTIFACT)' || tar -tzf "$$tarball" | grep -E '$(FORBIDDEN_IN_ARTIFACT)'; then \
	  echo "build: $$tarball holds the entries above, which are not part of the collection"; exit 1; fi; \
	echo "build: $$tarball holds $$(tar -tzf "$$tarball" | wc -l) entries, no emulator, tests, benchmarks or CI files"
	@for kind in module inventory lookup; do \
	  dir=plugins/$$([ $$kind = module ] && echo modules || echo $$kind); \
	  names=$$(find $$dir -name '*.py' ! -name '__init__.py' -printf 'haivision.hmp.%f\n' 2>/dev/null | sed 's/\.py$$//' | sort); \
	  [ -n "$$names" ] || [ $$kind != module ] || { echo "build: no module in plugins/modules"; exit 1; }; \
	  [ -n "$$names" ] || continue; \
	  doc=$$(ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) ansible-doc -t $$kind $$names); \
	  for name in $$names; do \
	    grep -q "$(COLLECTIONS)/ansible_collections/haivision/hmp/$$dir/$${name#haivision.hmp.}.py" <<<"$$doc" \
	      || { echo "$$doc"; echo "build: ansible-doc -t $$kind $$name did not render from $(COLLECTIONS)"; exit 1; }; \
	  done; \
	  echo "build: ansible-doc -t $$kind renders $$(wc -w <<<"$$names") plugins from $(COLLECTIONS) ($$(wc -l <<<"$$doc") lines)"; \
	done
	touch $@

# ----------------------------------------------------------------------------------- docs
# antsibull-docs and Sphinx run from .venv-docs (requirements/docs.txt) on a copy of what the collection
# ships, staged by .ci/stage-collection where ansible-doc finds it through ANSIBLE_COLLECTIONS_PATH.
#   docs-lint  every module's and role's documentation, and the guides of docs/docsite/ with their references
#   docs       the HTML site in build/docs/html: modules, roles and guides (no download; a warning fails it)
DOCS_COLLECTIONS := $(BUILD)/docs/collections
DOCS_SITE := $(BUILD)/docs/site
DOCS_HTML := $(BUILD)/docs/html
docs_env = PATH=$(CURDIR)/.venv-docs/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(DOCS_COLLECTIONS)

docs-lint: .venv-docs/.installed
	$(call banner,docs-lint: antsibull-docs lint-collection-docs --plugin-docs)
	.venv-docs/bin/python .ci/stage-collection $(DOCS_COLLECTIONS)/ansible_collections/haivision/hmp
	cd $(DOCS_COLLECTIONS)/ansible_collections/haivision/hmp && $(docs_env) antsibull-docs lint-collection-docs \
	  --plugin-docs --check-extra-docs-refs --validate-collection-refs all --disallow-unknown-collection-refs .
	@echo "docs-lint: no problem found"

# antsibull-docs wants the site and rst/ directories writable by their owner only.
docs: .venv-docs/.installed
	$(call banner,docs: antsibull-docs + sphinx-build into $(DOCS_HTML))
	.venv-docs/bin/python .ci/stage-collection $(DOCS_COLLECTIONS)/ansible_collections/haivision/hmp
	rm -rf $(DOCS_SITE) $(DOCS_HTML)
	mkdir -p -m 700 $(DOCS_SITE)
	$(docs_env) antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error \
	  --no-add-antsibull-docs-version --project haivision.hmp --copyright 'haivision.hmp contributors' \
	  --title 'haivision.hmp: Ansible collection for Haivision Media Platform' --html-short-title haivision.hmp \
	  --dest-dir $(DOCS_SITE) haivision.hmp >/dev/null
	.venv-docs/bin/python .ci/docsite-offline $(DOCS_SITE)
	chmod 700 $(DOCS_SITE)/rst
	$(docs_env) antsibull-docs --config-file $(DOCS_SITE)/antsibull-docs.cfg collection --use-current \
	  --squash-hierarchy --fail-on-error --cleanup everything --dest-dir $(DOCS_SITE)/rst haivision.hmp
	$(docs_env) sphinx-build -b html -W --keep-going -q -c $(DOCS_SITE) $(DOCS_SITE)/rst $(DOCS_HTML)
	@echo "docs: open $(DOCS_HTML)/index.html"

# ----------------------------------------------------------------------------------- changelog
# antsibull-changelog from .venv-changelog (requirements/changelog.txt); it lists the modules with .venv's ansible-doc.
#   changelog-lint     the fragments and changelogs/changelog.yaml, then .ci/changelog-release --check: the
#                      release entry for galaxy.yml's version holds every fragment and CHANGELOG.rst renders it
#   changelog-release  (re)make that entry from the fragments, and CHANGELOG.rst; commit both
changelog-lint: .venv-changelog/.installed venv
	$(call banner,changelog-lint: antsibull-changelog lint + the release entry for galaxy.yml's version)
	.venv-changelog/bin/antsibull-changelog lint
	.venv-changelog/bin/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	.venv-changelog/bin/python .ci/changelog-release --check

changelog-release: .venv-changelog/.installed venv
	$(call banner,changelog-release: antsibull-changelog release for galaxy.yml's version)
	.venv-changelog/bin/python .ci/changelog-release

# ----------------------------------------------------------------------------------- ee-context
# ansible-builder (.venv-ee, requirements/ee.txt) turns execution-environment.yml into the build context of
# an execution environment that installs the artifact of `make build`. No container engine runs here:
# .ci/check-ee-context checks the context instead (podman build -t haivision-hmp-ee build/ee-context builds it).
EE_CONTEXT := $(BUILD)/ee-context

ee-context: build .venv-ee/.installed
	$(call banner,ee-context: ansible-builder create into $(EE_CONTEXT))
	rm -rf $(EE_CONTEXT)
	.venv-ee/bin/ansible-builder create --file execution-environment.yml --context $(EE_CONTEXT) --output-filename Containerfile
	.venv-ee/bin/python .ci/check-ee-context $(EE_CONTEXT)

# ----------------------------------------------------------------------------------- galaxy-import
# galaxy-importer (.venv-importer, requirements/importer.txt; settings in .ci/galaxy-importer.cfg) imports the
# artifact as Galaxy would, offline: metadata, changelog, role READMEs, ansible-doc, ansible-lint. Any ERROR
# or WARNING it logs fails the target.
galaxy-import: build .venv-importer/.installed
	$(call banner,galaxy-import: galaxy-importer on the artifact)
	rm -rf $(BUILD)/galaxy-import
	PATH=$(CURDIR)/.venv-importer/bin:$$PATH .venv-importer/bin/python .ci/galaxy-import \
	  $$(ls $(BUILD)/haivision-hmp-*.tar.gz) $(BUILD)/galaxy-import

# ----------------------------------------------------------------------------------- release-runners
# The collection as AWX and the automation controller run it, from the artifact of `make build` installed into a
# folder of its own: the fleet and device playbooks through ansible-runner (their engine) and through
# `ansible-navigator run --ee false`, and AWX's job slicing (the inventory synced once, its hosts split into
# slices run side by side) reaching the same end state as one run. pytest tests/release/runners from .venv-runners
# (requirements/runners.txt: ansible-runner, ansible-navigator). Not in `make test`.
release-runners: build .venv-runners/.installed
	$(call banner,release-runners: pytest tests/release/runners from .venv-runners)
	@mkdir -p $(TEST_RESULTS)
	PATH=$(CURDIR)/.venv-runners/bin:$$PATH .venv-runners/bin/python -m pytest $(PYTEST_ARGS) \
	  --junitxml=$(TEST_RESULTS)/release-runners.xml tests/release/runners

# ----------------------------------------------------------------------------------- eda
# tests/eda: the event source haivision.hmp.hmp_watch and the rulebooks of examples/eda run by the real
# ansible-rulebook (.venv-eda, requirements/eda.txt) against emulators, the collection as `make build`
# installed it. pytest runs from .venv and starts ansible-rulebook from .venv-eda/bin, first on its PATH
# (ansible-rulebook finds the collection with that venv's ansible-galaxy). ansible-rulebook needs Java 17+:
# .ci/find-java finds one (JAVA_HOME, PATH, /usr/lib/jvm), installs openjdk-17-jre-headless on CI (root,
# apt-get), and otherwise fails saying how to install it. A few minutes: each test starts a JVM and polls.
# -rP shows what each test prints: requests per poll against the read floor, seconds from a change to its action.
eda: export HMP_EDA_VENV := $(CURDIR)/.venv-eda
eda: export HMP_EDA_COLLECTIONS := $(CURDIR)/$(COLLECTIONS)
eda: build .venv-eda/.installed
	.ci/find-java >/dev/null
	$(call pytest,eda,tests/eda,-rP)

# ----------------------------------------------------------------------------------- demo
demo: build
	$(call banner,demo: examples/fleet/run.sh)
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) examples/fleet/run.sh

demo-devices: build
	$(call banner,demo-devices: examples/devices/run.sh)
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS) examples/devices/run.sh

# ----------------------------------------------------------------------------------- clean
clean:
	rm -rf $(BUILD) .ansible .pytest_cache tests/output
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .venv-*
