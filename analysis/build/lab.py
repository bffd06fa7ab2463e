"""JupyterLab as the project uses it: kernels start in the project root, whatever folder a notebook is in.

`make lab` runs `jupyter lab --ServerApp.kernel_manager_class=analysis.build.lab.ProjectRootKernelManager`, and
copies jupyter/overrides.json into the venv so a double-click opens notebooks/*.py as a notebook (jupytext).
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from analysis.core.paths import PROJECT_ROOT


class ProjectRootKernelManager(AsyncMappingKernelManager):
    """Start every kernel with the project root as its working directory, as the report build does."""

    def cwd_for_path(self, path, **kwargs):
        return str(PROJECT_ROOT)
