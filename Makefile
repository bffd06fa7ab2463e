# karabakh-notebooks: `make reports` builds every report, `make test` runs the tests.
# The newest of python3.13, python3.12 and python3.11 that runs (on PATH, or installed by pyenv); PYTHON= overrides.
PYTHON ?= $(shell for v in 3.13 3.12 3.11; do \
	for p in python$$v $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v.*/bin/python$$v 2>/dev/null | sort -V | tail -n 1); do \
	  $$p -c "" >/dev/null 2>&1 && { echo $$p; exit 0; }; \
	done; done; echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check
LOCKS  := requirements/runtime.txt requirements/test.txt requirements/lab.txt
PIPLOCK := requirements/pip.txt
UV     := uv==0.13.9
BUILD_ARGS ?=
LOCK_ARGS  ?=
COVERAGE   := --cov --cov-report=term
# On Python 3.12 and later coverage measures through sys.monitoring, which costs far less than 3.11's settrace.
SYSMON     = $(shell $(BIN)/python -c 'import sys; print("sysmon" if sys.version_info >= (3, 12) else "")' 2>/dev/null)

.PHONY: reports test test-fast lint lab previews control clean lock plotly-bundle pym-bundle help i18n

help:
	@echo "make reports   create .venv, install the locked dependencies, build reports/ and reports/index.html"
	@echo "make test      ruff, import-linter contracts, the CI workflow schema, then every test (kernels, headless Chromium) and line coverage"
	@echo "make test-fast run the tests that need no kernel and no browser (seconds)"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make lab       open JupyterLab on the notebooks, kernel working directory at the project root"
	@echo "make i18n      extract the strings to translate, merge them into analysis/i18n/locale/*/LC_MESSAGES/*.po, compile"
	@echo "make previews  redraw the README's previews (docs/previews/*.png): the maps, and a map, a chart and an embed at phone width from the built site"
	@echo "make control   after an edit to seeds/control.csv: rehash, cut the territories again (maps.derive), rehash, previews"
	@echo "make clean     remove reports/ and caches (keeps .venv)"
	@echo "make lock      re-resolve pyproject.toml into requirements/*.txt (hashed; LOCK_ARGS=--upgrade to upgrade)"
	@echo "make plotly-bundle  fetch the cartesian plotly.js matching plotly.py (needs npm; after make lock)"
	@echo "make pym-bundle     fetch pym.js (PYM_VERSION) for the embed pages' height messages (needs npm)"

# Locked, hashed dependencies: pip itself first, then runtime (building reports), test and lab (resolved against runtime).
$(STAMP): $(PIPLOCK) $(LOCKS) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null || \
	 { echo "karabakh-notebooks needs Python 3.11, 3.12 or 3.13 (found: $(PYTHON)); install one or run make PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(PIPLOCK)
	$(PIP) install --quiet --require-hashes $(addprefix -r ,$(LOCKS))
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

reports: $(STAMP)
	$(BIN)/python -m analysis build $(BUILD_ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/reports.yml
	$(BIN)/zizmor --offline .github/workflows/reports.yml
	COVERAGE_CORE=$(SYSMON) $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder $(COVERAGE)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" -q -n 2 --dist loadfile --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Message catalogs (Babel): extract → update (new strings added untranslated, changed ones marked fuzzy) → compile.
# The data domain is compiled by the build (analysis.i18n.language.compile_catalog): pybabel's compile would check
# any cell with a % sign ("70% of") as a %-format string, which seeds cells never are.
# The .po files are committed; the .pot templates and compiled .mo files are build output.
LOCALE    := analysis/i18n/locale
LANGS     := hy az ru
I18N_KEYS := -k n_:1,2 -k N_ -k N_plural:1,2
i18n: $(STAMP)
	for domain in messages narrative data; do \
	  $(BIN)/pybabel extract -F $(LOCALE)/$$domain.cfg $(I18N_KEYS) --add-location=file --sort-by-file --width=100 --add-comments=TRANSLATORS: \
	    --project=karabakh-notebooks --copyright-holder="karabakh-notebooks contributors" \
	    -o $(LOCALE)/$$domain.pot . || exit 1; \
	  for lang in $(LANGS); do \
	    $(BIN)/pybabel update -D $$domain -i $(LOCALE)/$$domain.pot -d $(LOCALE) -l $$lang --init-missing \
	      --ignore-pot-creation-date --ignore-obsolete --width=100 || exit 1; \
	  done; \
	  if [ $$domain != data ]; then $(BIN)/pybabel compile -D $$domain -d $(LOCALE) --statistics || exit 1; fi; \
	done
	$(BIN)/python -m analysis i18n || true

# The phone screenshots are taken from the built site: the reports first (nothing is rebuilt that has not changed).
previews: reports
	$(BIN)/python -m maps.previews

# After an edit to seeds/control.csv: accept the edit, cut the territories again, accept them, redraw the previews.
control: $(STAMP)
	$(BIN)/python -m analysis rehash
	$(BIN)/python -m maps.derive
	$(BIN)/python -m analysis rehash
	$(MAKE) previews

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

lab: $(STAMP)
	mkdir -p $(LAB_SETTINGS) && cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.kernel_manager_class=analysis.build.lab.ProjectRootKernelManager

clean:
	rm -rf reports .pytest_cache .ruff_cache .coverage .coverage.* htmlcov
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

# Each group is compiled with hashes, universally (one lock for Python 3.11 to 3.13 on every platform); an existing pin
# is kept unless pyproject.toml needs another (or --upgrade).
lock:
	rm -rf /tmp/karabakh-lock && $(PYTHON) -m venv /tmp/karabakh-lock
	/tmp/karabakh-lock/bin/python -m pip install --quiet --disable-pip-version-check $(UV)
	mkdir -p requirements
	for group in pip runtime lab test; do \
	  case $$group in pip) src="--group pyproject.toml:pip";; \
	                  runtime) src="pyproject.toml";; \
	                  lab) src="--group pyproject.toml:lab -c requirements/runtime.txt";; \
	                  test) src="--group pyproject.toml:test -c requirements/runtime.txt -c requirements/lab.txt";; \
	  esac; \
	  /tmp/karabakh-lock/bin/uv pip compile $$src --universal --python-version 3.11 --generate-hashes --quiet $(LOCK_ARGS) \
	    --custom-compile-command "make lock" --output-file requirements/$$group.txt || exit 1; \
	done

# The reports load plotly.js's cartesian bundle (1.5 MB, not the full 4.8 MB) at the version plotly.py targets.
plotly-bundle: $(STAMP)
	version=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())") && \
	rm -rf /tmp/karabakh-plotly && mkdir -p /tmp/karabakh-plotly && cd /tmp/karabakh-plotly && \
	npm pack --silent plotly.js-cartesian-dist-min@$$version && tar xzf plotly.js-cartesian-dist-min-$$version.tgz
	cp /tmp/karabakh-plotly/package/plotly-cartesian.min.js analysis/build/assets/plotly-cartesian.min.js
	cp /tmp/karabakh-plotly/package/LICENSE analysis/build/assets/plotly.js-LICENSE
	cd analysis/build/assets && sha256sum plotly-cartesian.min.js > plotly-cartesian.min.js.sha256

# The embed pages and the snippet under each figure send and read the iframe's height with NPR's pym.js.
PYM_VERSION ?= $(shell cat analysis/build/assets/pym.v1.min.js.version)
pym-bundle:
	rm -rf /tmp/karabakh-pym && mkdir -p /tmp/karabakh-pym && cd /tmp/karabakh-pym && \
	npm pack --silent pym.js@$(PYM_VERSION) && tar xzf pym.js-$(PYM_VERSION).tgz
	cp /tmp/karabakh-pym/package/dist/pym.v1.min.js analysis/build/assets/pym.v1.min.js
	cp /tmp/karabakh-pym/package/LICENSE analysis/build/assets/pym.js-LICENSE
	echo $(PYM_VERSION) > analysis/build/assets/pym.v1.min.js.version
	cd analysis/build/assets && sha256sum pym.v1.min.js > pym.v1.min.js.sha256
