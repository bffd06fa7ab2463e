"""No hidden inputs: no environment or working directory changed by the build, no import side effects. (The build
with the clock a year ahead is in test_shards.py, with the other rebuilds of the whole matrix.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT, make_project, report_entry


def test_importing_the_packages_changes_no_global_state():
    probe = (
        "import os, plotly.io as pio; env = dict(os.environ); cwd = os.getcwd(); default = pio.templates.default; "
        "import importlib, pkgutil, analysis, maps; "
        "[importlib.import_module(m.name) for p in (analysis, maps) "
        " for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.') if not m.name.endswith('__main__')]; "
        "assert pio.templates.default == default, pio.templates.default; "
        "assert dict(os.environ) == env and os.getcwd() == cwd; print('clean')"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "clean", result.stderr


TOY = """# %% tags=["parameters"]
report_context = None

# %%
print("a report that reads nothing")
"""


@pytest.mark.slow
def test_the_build_leaves_its_environment_and_working_directory_alone(tmp_path, execute_notebook):
    from analysis.build import builder as build
    from analysis.build import config

    project = make_project(tmp_path, report_entry("toy", "toy"), {"toy": TOY})
    env, cwd = dict(os.environ), os.getcwd()
    jobs, rejected = config.jobs(project)
    outcomes = build.Builder(tmp_path / "out", ROOT / "seeds", jobs=1, log=lambda _: None).run(jobs, rejected)
    assert [o.status for o in outcomes] == ["built"]
    assert dict(os.environ) == env and os.getcwd() == cwd
