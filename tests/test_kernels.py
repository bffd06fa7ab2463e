"""Warm kernels: reports share a kernel per worker, with nothing leaking between them and failures isolated."""

from __future__ import annotations

import pytest

from conftest import make_project

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
    text = ""
    for notebook, slug, params in variants:
        text += f'\n[[reports]]\nnotebook = "{notebook}"\ntitle = "{slug}"\n\n[[reports.variants]]\nslug = "{slug}"\n'
        text += f"params = {params}\n" if params else ""
    return text


def test_nothing_leaks_from_one_report_into_the_next(tmp_path, build_cli):
    toml = _toml(
        [
            ("snoop", "a-polluter", '{ role = "polluter" }'),
            ("snoop", "b-checker", '{ role = "checker" }'),
            ("snoop", "c-checker", '{ role = "checker" }'),
        ]
    )
    config = make_project(tmp_path, toml, {"snoop": SNOOP})
    result = build_cli("--config", str(config), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Done: 3 built" in result.stdout
    assert len(list((tmp_path / "out" / ".build" / "kernels").glob("kernel-*.log"))) == 1, "one warm kernel"


@pytest.mark.parametrize(("breaker", "words"), [(CRASH, "DeadKernelError"), (HANG, "CellTimeoutError")])
def test_a_report_that_kills_or_hangs_its_kernel_fails_alone(tmp_path, build_cli, breaker, words):
    toml = _toml(
        [
            ("snoop", "a-before", '{ role = "checker" }'),
            ("broken", "b-broken", ""),
            ("snoop", "c-after", '{ role = "checker" }'),
        ]
    )
    config = make_project(tmp_path, toml, {"snoop": SNOOP, "broken": breaker})
    out = tmp_path / "out"
    result = build_cli("--config", str(config), "--out", str(out), "--jobs", "1", "--timeout", "5")
    assert result.returncode == 1
    assert "Done: 2 built, 0 unchanged, 1 failed." in result.stdout
    assert "FAILED b-broken" in result.stderr and words in result.stderr
    assert (out / "c-after.html").exists() and not (out / "b-broken.html").exists()
    assert len(list((out / ".build" / "kernels").glob("kernel-*.log"))) == 2, "the dead kernel was replaced"


def test_the_whole_matrix_is_byte_identical_in_fresh_and_warm_kernels(report_matrix, tmp_path, build_cli):
    fresh = tmp_path / "fresh"
    result = build_cli("--out", str(fresh), "--fresh-kernels")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(p.name for p in report_matrix.glob("*.html"))
    assert pages == sorted(p.name for p in fresh.glob("*.html"))
    for name in pages:
        assert (fresh / name).read_bytes() == (report_matrix / name).read_bytes(), name
