"""Kernels for the report build.

By default each build worker keeps one warm kernel and runs report after report in it: pandas, geopandas, plotly
and the package are imported once, and what the package caches by content (parsed territories, validated seeds)
stays warm. Before each report the kernel's namespace is reset (:func:`restore` runs inside the kernel), so a
report sees exactly what it would see in a fresh kernel. A report that fails, hangs past the timeout or kills its
kernel fails alone: its kernel is shut down and the next report gets a new one. ``build --fresh-kernels`` starts
one kernel per report instead (papermill's own path), for debugging.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

from analysis.core.paths import PROJECT_ROOT

KERNEL_NAME = "python3"  # the venv's own ipykernel: jupyter_client runs it with this interpreter
CELL_TIMEOUT = 600  # seconds one cell may run before its report fails
RESET_TAG = "karabakh-reset"
RESET_SOURCE = "%reset -f\nimport analysis.build.kernels\nanalysis.build.kernels.restore()"

# Inside a kernel: the state a fresh kernel starts with, recorded on its first report.
_BASELINE: dict[str, Any] = {}


def restore() -> None:
    """Run inside a kernel before each report: put back what a report could have changed outside its namespace."""
    import gc
    import random

    import numpy as np
    import plotly.io as pio

    if not _BASELINE:
        _BASELINE.update(
            cwd=os.getcwd(),
            template=pio.templates.default,
            renderer=pio.renderers.default,
            environ=dict(os.environ),
            path=list(sys.path),
            warnings=list(warnings.filters),
        )
        return
    sys.path[:] = _BASELINE["path"]
    warnings.filters[:] = _BASELINE["warnings"]
    warnings._filters_mutated()  # forget which warnings were already shown: each report sees its own, as when fresh
    os.chdir(_BASELINE["cwd"])
    os.environ.clear()
    os.environ.update(_BASELINE["environ"])
    pio.templates.default = _BASELINE["template"]
    pio.renderers.default = _BASELINE["renderer"]
    random.seed()
    np.random.seed()  # the legacy global state is what a careless notebook would touch
    # What survives the reset (modules, caches by content) is frozen out of the cyclic garbage collector: %reset's two
    # full collections then walk only what the next report makes (0.2 s a report less). Refcounting still frees it.
    gc.freeze()


def launcher(log: Path, mode: str = "a"):
    """A kernel manager class whose kernel starts in the project root (as in JupyterLab, see analysis.lab), draws
    plotly figures as their JSON mimetype, and writes its own stderr to ``log``. Only the kernel's process gets
    these settings: the build's own working directory and environment stay as they are."""
    from jupyter_client.manager import AsyncKernelManager

    class ProjectKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw["cwd"] = str(PROJECT_ROOT)
            kw["env"] = {**(kw.get("env") or os.environ), "PLOTLY_RENDERER": "plotly_mimetype"}
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open(mode, encoding="utf-8") as handle:
                kw["stderr"] = handle
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return ProjectKernelManager


class WarmKernels:
    """One kernel per build worker thread, reused across reports."""

    def __init__(self, log_dir: Path, timeout: int = CELL_TIMEOUT):
        self.log_dir, self.timeout = log_dir, timeout
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._count = 0

    def run(self, nb, notebook: str):
        """Execute ``nb`` (parameters already injected) in this worker's kernel; return the executed notebook."""
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        km = self._kernel()
        nb.cells.insert(0, nbformat.v4.new_code_cell(RESET_SOURCE, metadata={"tags": [RESET_TAG]}))
        client = NotebookClient(
            nb, km=km, kernel_name=KERNEL_NAME, timeout=self.timeout, allow_errors=False, record_timing=False
        )
        client.kc = getattr(self._local, "kc", None)
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            self._discard()
            failed = _failed_cell(nb)
            if failed is None or isinstance(exc, (CellTimeoutError, DeadKernelError)):
                raise RuntimeError(f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1]}") from None
            index, cell, error = failed
            raise PapermillExecutionError(
                index,
                cell.get("execution_count"),
                cell.source,
                error["ename"],
                error["evalue"],
                error.get("traceback", []),
            ) from None
        except BaseException:
            self._discard()
            raise
        finally:
            if nb.cells and RESET_TAG in nb.cells[0].get("metadata", {}).get("tags", []):
                nb.cells.pop(0)
        self._local.kc = client.kc
        return nb

    def _kernel(self):
        km = getattr(self._local, "km", None)
        if km is not None and km.has_kernel:
            return km
        with self._lock:
            self._count += 1
            number = self._count
        from jupyter_client.utils import run_sync

        km = launcher(self.log_dir / f"kernel-{number}.log")(kernel_name=KERNEL_NAME)
        run_sync(km.start_kernel)()
        self._local.km, self._local.kc = km, None
        with self._lock:
            self._all.append(km)
        return km

    def _discard(self) -> None:
        """Shut this worker's kernel down (after a failure): the next report gets a new one."""
        km = getattr(self._local, "km", None)
        kc = getattr(self._local, "kc", None)
        self._local.km = self._local.kc = None
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            _shutdown(km)

    def close(self) -> None:
        with self._lock:
            kernels, self._all = self._all, []
        for km in kernels:
            _shutdown(km)


def _shutdown(km) -> None:
    from jupyter_client.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass


def _failed_cell(nb):
    """(index without the reset cell, cell, error output) of the first cell that raised, or None."""
    cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    for index, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return index, cell, out
    return None
