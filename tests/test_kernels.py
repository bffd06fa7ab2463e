"""Warm kernels: reports share a kernel per worker, with nothing leaking between them and failures isolated."""

from __future__ import annotations

import pytest

from helpers import make_project, report_entry

pytestmark = [pytest.mark.slow]

SNOOP = """# %% tags=["parameters"]
role = "checker"

# %%
import os

import numpy as np
import plotly.io as pio

if role == "polluter":
    leaked_variable = "from the report before"
    os.environ["KARABAKH_LEAK"] = "1"
    os.chdir("/")
    pio.templates.default = "ggplot2"
    np.random.seed(1234)  # the global random state (the kernel's own machinery draws from the random module's)
    print("polluted")
else:
    problems = [name for name in ("leaked_variable",) if name in globals()]
    problems += ["environment"] if "KARABAKH_LEAK" in os.environ else []
    problems += ["working directory"] if not os.path.exists("reports.toml") else []
    problems += ["plotly template"] if pio.templates.default == "ggplot2" else []
    drawn = np.random.random()
    np.random.seed(1234)
    problems += ["random state"] if drawn == np.random.random() else []
    assert not problems, f"leaked from an earlier report: {problems}"
    print("clean")
"""

CRASH = """# %%
import os
os._exit(1)
"""

HANG = """# %%
import time
time.sleep(120)
"""


def _toml(variants: list[tuple[str, str, str]]) -> str:
    return "".join(report_entry(notebook, slug, params) for notebook, slug, params in variants)


@pytest.fixture(scope="module")
def ordeal(tmp_path_factory, build_cli):
    """One build, one worker, one report after another: a polluter then two checkers in one warm kernel, then a
    report that kills its kernel, a checker, a report that hangs past the timeout, and a last checker."""
    tmp = tmp_path_factory.mktemp("kernels")
    toml = _toml(
        [
            ("snoop", "a-polluter", '{ role = "polluter" }'),
            ("snoop", "b-checker", '{ role = "checker" }'),
            ("snoop", "c-checker", '{ role = "checker" }'),
            ("crash", "d-crash", ""),
            ("snoop", "e-checker", '{ role = "checker" }'),
            ("hang", "f-hang", ""),
            ("snoop", "g-checker", '{ role = "checker" }'),
        ]
    )
    config = make_project(tmp, toml, {"snoop": SNOOP, "crash": CRASH, "hang": HANG})
    out = tmp / "out"
    result = build_cli("--config", str(config), "--out", str(out), "--jobs", "1", "--timeout", "4")
    return out, result


def test_nothing_leaks_from_one_report_into_the_next(ordeal):
    out, result = ordeal
    assert "FAILED b-checker" not in result.stderr and "FAILED c-checker" not in result.stderr, result.stderr
    assert (out / "b-checker.html").exists() and (out / "c-checker.html").exists()
    assert "leaked from an earlier report" not in result.stderr


@pytest.mark.parametrize(("slug", "words"), [("d-crash", "DeadKernelError"), ("f-hang", "CellTimeoutError")])
def test_a_report_that_kills_or_hangs_its_kernel_fails_alone(ordeal, slug, words):
    out, result = ordeal
    assert result.returncode == 1
    assert "Done: 5 built, 0 unchanged, 2 failed." in result.stdout
    failure = next(line for line in result.stderr.splitlines() if line.startswith(f"FAILED {slug}"))
    assert words in failure
    assert not (out / f"{slug}.html").exists()


def test_a_dead_or_hung_kernel_is_replaced_and_the_next_report_builds(ordeal):
    out, _ = ordeal
    assert (out / "e-checker.html").exists() and (out / "g-checker.html").exists()
    logs = sorted(p.name for p in (out / ".build" / "kernels").glob("kernel-*.log"))
    assert logs == ["kernel-1.log", "kernel-2.log", "kernel-3.log"], "one warm kernel, then one after each failure"
