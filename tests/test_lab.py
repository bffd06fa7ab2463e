"""JupyterLab as a journalist uses it: a real Jupyter server opens each committed notebook (jupytext) and runs
it top to bottom through the sessions and kernels API; plotly figures come out, and the kernel sits in the
project root. Also: notebooks in git stay reviewable text."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests
import websocket

from helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
TOKEN = uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log = (tmp_path_factory.mktemp("lab") / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "server",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={ROOT}",
            "--ServerApp.kernel_manager_class=analysis.build.lab.ProjectRootKernelManager",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT / "notebooks",
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/status", headers=_auth(), timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"the Jupyter server did not start; see {log.name}")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _auth() -> dict:
    return {"Authorization": f"token {TOKEN}"}


def _run(ws, code: str, timeout: float = 240) -> list[dict]:
    """Send one execute_request over the kernel's websocket; return its iopub outputs, failing on an error."""
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "msg_type": "execute_request",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    outputs, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "error":
            pytest.fail(f"cell failed: {msg['content']['ename']}: {msg['content']['evalue']}\n{code[:300]}")
        if kind in {"display_data", "execute_result", "stream"}:
            outputs.append(msg["content"])
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            return outputs
    pytest.fail(f"cell did not finish in {timeout}s:\n{code[:300]}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.slow
def test_notebook_runs_through_the_server_and_draws(server, notebook):
    rel = notebook.relative_to(ROOT).as_posix()
    model = requests.get(
        f"{server}/api/contents/{rel}", params={"type": "notebook", "content": 1}, headers=_auth(), timeout=30
    )
    assert model.ok, model.text
    cells = [c for c in model.json()["content"]["cells"] if c["cell_type"] == "code"]
    assert cells, "jupytext should open the .py file as a notebook"
    session = requests.post(
        f"{server}/api/sessions",
        headers=_auth(),
        timeout=60,
        json={"path": rel, "type": "notebook", "name": notebook.name, "kernel": {"name": "python3"}},
    ).json()
    kernel = session["kernel"]["id"]
    ws = websocket.create_connection(
        f"{server.replace('http', 'ws')}/api/kernels/{kernel}/channels?token={TOKEN}", timeout=240
    )
    try:
        cwd = _run(ws, "import os; print(os.getcwd())")
        assert cwd[0]["text"].strip() == str(ROOT), "the kernel starts in the project root"
        figures = 0
        for cell in cells:
            for out in _run(ws, cell["source"]):
                figures += "application/vnd.plotly.v1+json" in out.get("data", {})
        assert figures >= 1, f"{rel} produced no plotly figure"
    finally:
        ws.close()
        requests.delete(f"{server}/api/sessions/{session['id']}", headers=_auth(), timeout=30)


def test_notebooks_in_git_are_reviewable_text():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT).stdout.split()
    assert not [f for f in tracked if f.endswith(".ipynb")], "commit notebooks as jupytext .py files only"
    for notebook in NOTEBOOKS:
        text = notebook.read_text(encoding="utf-8")
        assert "format_name: percent" in text, f"{notebook.name}: not a jupytext percent notebook"
        assert "execution_count" not in text and "outputs" not in text.split("# ---", 2)[1]
        for marker in ("/work/", "/home/", "/root/", "/tmp/", "C:\\"):
            assert marker not in text, f"{notebook.name} mentions a machine path ({marker})"
