"""What a closed tab leaves behind, and what an open one asks for that does not exist.

- Closing a tab (``beforeunload`` runs, so Voila's page sends its shutdown beacon) must stop that
  visitor's kernel at once, not 15 minutes later when the culler passes: a workshop of 60 people who
  each open and close a few apps would otherwise hold hundreds of idle kernels. Plain standalone Voila
  0.5 answers the beacon with 403 because it never sets the ``_xsrf`` cookie; civic-kit's server does.
- The same inside Jupyter Server (Binder, JupyterHub), where an official follows a link straight to a
  Voila URL: civic-kit's server extension (``civic_kit.jupyter_ext``) sets the cookie there.
- An app page and its maps request nothing that answers 4xx/5xx (Leaflet used to ask for its default
  marker images, which are not served).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, free_port
from tests.browser.helpers import open_app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

MAP_APPS = ("apps/index.ipynb", "apps/pb_simulator.ipynb", "apps/access.ipynb")


def _kernel_exists(base_url: str, kernel_id: str, query: str = "") -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/api/kernels/{kernel_id}{query}", timeout=5) as reply:
            return reply.status == 200
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def _kernel_id(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_closing_a_tab_stops_its_kernel(voila, browser):
    context = browser.new_context(locale="pt-BR")
    try:
        page = context.new_page()
        open_app(page, voila.base_url, "apps/index.ipynb", "pt-BR")
        kernel_id = _kernel_id(page)
        assert _kernel_exists(voila.base_url, kernel_id)
        page.close(run_before_unload=True)
        deadline = time.monotonic() + 30
        while _kernel_exists(voila.base_url, kernel_id) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not _kernel_exists(voila.base_url, kernel_id), "the closed tab's kernel is still running"
        assert f"403 POST /voila/api/shutdown/{kernel_id}" not in voila.log()
    finally:
        context.close()


@pytest.fixture
def jupyter_server(tmp_path):
    """A plain ``jupyter server`` (as on Binder or JupyterHub) whose config enables only what civic-kit ships."""
    config = tmp_path / "config"
    (config / "jupyter_server_config.d").mkdir(parents=True)
    shipped = ROOT / "jupyter-config" / "jupyter_server_config.d" / "civic_kit.json"
    shutil.copy(shipped, config / "jupyter_server_config.d" / "civic_kit.json")
    port, token = free_port(), "civic-kit-test"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"jupyter-server-{port}.log"
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT / 'notebooks'}", "--allow-root",
    ]  # fmt: skip
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"jupyter server did not start; see {log_path}") from None
                time.sleep(0.3)
        yield base_url, token, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_inside_jupyter_server_closing_a_voila_tab_stops_its_kernel(jupyter_server, browser):
    base_url, token, log_path = jupyter_server
    with urllib.request.urlopen(f"{base_url}/api/kernels?token={token}", timeout=5) as reply:
        assert json.load(reply) == []
    context = browser.new_context(locale="es")
    try:
        page = context.new_page()
        # An official's link goes straight to the app: no JupyterLab page has set any cookie before.
        page.goto(f"{base_url}/voila/render/apps/index.ipynb?lang=es&token={token}", timeout=120_000)
        page.wait_for_selector(".ck-app select", state="visible", timeout=120_000)
        kernel_id = _kernel_id(page)
        assert _kernel_exists(base_url, kernel_id, f"?token={token}")
        page.close(run_before_unload=True)
        deadline = time.monotonic() + 30
        while _kernel_exists(base_url, kernel_id, f"?token={token}") and time.monotonic() < deadline:
            time.sleep(0.25)
        log = log_path.read_text(errors="replace")
        assert not _kernel_exists(base_url, kernel_id, f"?token={token}"), f"kernel still running; log:\n{log[-3000:]}"
        assert "civic-kit: Voila pages set the _xsrf cookie" in log
    finally:
        context.close()


@pytest.mark.parametrize("notebook", MAP_APPS)
def test_app_and_its_map_request_nothing_missing(voila, offline_page, notebook):
    page = offline_page.page
    failed: list[str] = []
    page.context.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    open_app(page, voila.base_url, notebook, "pt-BR")
    frame = page.wait_for_selector("iframe.ck-map", timeout=60_000).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    page.wait_for_timeout(1_000)  # let late image requests from the map arrive
    assert failed == [], f"requests that failed: {failed[:5]}"
    assert offline_page.blocked == []
