# karabakh-notebooks: `make reports` builds every report, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD_ARGS ?=

.PHONY: reports test lab clean lock plotly-bundle help

help:
	@echo "make reports   create .venv, install the locked dependencies, build reports/ and reports/index.html"
	@echo "make test      run the test suite (builds into temporary folders, uses /usr/bin/chromium)"
	@echo "make lab       open JupyterLab on the notebooks, kernel working directory at the project root"
	@echo "make clean     remove reports/ and caches (keeps .venv)"
	@echo "make lock      re-resolve dependencies from pyproject.toml into requirements.lock"
	@echo "make plotly-bundle  fetch the cartesian plotly.js matching plotly.py (needs npm; after make lock)"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

reports: $(STAMP)
	$(BIN)/python -m analysis build $(BUILD_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

lab: $(STAMP)
	mkdir -p $(LAB_SETTINGS) && cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.kernel_manager_class=analysis.lab.ProjectRootKernelManager

clean:
	rm -rf reports .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

lock:
	rm -rf /tmp/karabakh-lock && $(PYTHON) -m venv /tmp/karabakh-lock
	/tmp/karabakh-lock/bin/python -m pip install --quiet ".[test]"
	(echo "# Locked dependencies for karabakh-notebooks (Python 3.11). Regenerate: make lock"; \
	 /tmp/karabakh-lock/bin/python -m pip freeze --exclude-editable | grep -v '^karabakh') > requirements.lock

# The reports load plotly.js's cartesian bundle (1.5 MB, not the full 4.8 MB) at the version plotly.py targets.
plotly-bundle: $(STAMP)
	version=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())") && \
	rm -rf /tmp/karabakh-plotly && mkdir -p /tmp/karabakh-plotly && cd /tmp/karabakh-plotly && \
	npm pack --silent plotly.js-cartesian-dist-min@$$version && tar xzf plotly.js-cartesian-dist-min-$$version.tgz
	cp /tmp/karabakh-plotly/package/plotly-cartesian.min.js analysis/assets/plotly-cartesian.min.js
	cp /tmp/karabakh-plotly/package/LICENSE analysis/assets/plotly.js-LICENSE
