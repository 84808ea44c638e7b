"""Driving JupyterLab as an analyst does: a server on 127.0.0.1 with a random token, a notebook
opened in headless Chromium, "Run All Cells" from the Run menu. Used by test_jupyterlab and
benchmarks/jupyterlab.py."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# JupyterLab settings of the test's own user: every cell in the page (no virtual scrolling), no news
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(root: Path):
    """A JupyterLab server serving `root`, with its own (temporary) user configuration."""
    home = root.parent / f"{root.name}-jupyter"
    settings = home / "settings"
    for name, value in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    token = secrets.token_hex(24)
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                             "--LabApp.news_url=", "--ServerApp.terminals_enabled=False",
                             *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("JupyterLab did not start: " + (home / "server.log").read_text(errors="replace"))
            time.sleep(0.3)
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def open_notebook(browser, url: str, token: str, name: str):
    """A page with the notebook open (alone, in a workspace of its own) and its kernel idle."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{url}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
    page.wait_for_selector("text=/Python 3.*Idle/", timeout=60000)
    return page


_COUNTS = r"""() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
    .map(p => { const m = p.textContent.match(/\[(\d+)\]/); return m ? +m[1] : 0; })"""


def run_all(page, timeout_s: float = 240) -> float:
    """Run > Run All Cells through the menu; returns the seconds until every code cell has run
    (again, on a second run: each prompt shows an execution count above any it showed before)."""
    before = max(page.evaluate(_COUNTS) or [0])
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    t0 = time.perf_counter()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(f"(before) => {{ const c = ({_COUNTS})(); return c.length > 0 && c.every(n => n > before); }}",
                           arg=before, timeout=timeout_s * 1000, polling=100)
    return time.perf_counter() - t0
