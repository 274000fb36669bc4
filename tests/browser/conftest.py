"""Browser fixtures: a live standalone Voila (``civic-kit start``) and Debian Chromium via Playwright.

The page's network is cut to this machine: any request to another host is aborted and recorded, and a
test fails if the app tried one (maps, fonts and scripts must come from installed packages).
On failure a full-page screenshot is saved in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CIVIC_KIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VoilaServer:
    """A ``civic-kit start`` process on a free port, with its log kept for post-mortems."""

    def __init__(
        self, extra: list[str] | None = None, env: dict[str, str] | None = None, notebooks: Path | None = None
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"voila-{self.port}.log"
        command = [sys.executable, "-m", "civic_kit.cli", "start", "--port", str(self.port), "--host", "127.0.0.1"]
        if notebooks:
            command += ["--notebooks", str(notebooks)]
        if extra:
            command += ["--", *extra]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited early; see {self.log_path}:\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/voila/api/shutdown/none", timeout=2):
                    pass
            except urllib.error.HTTPError:
                return  # the server answers (405/404 are fine): it is up
            except OSError:
                time.sleep(0.3)
                continue
            return
        raise TimeoutError(f"Voila did not start within {timeout}s; see {self.log_path}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self._log.close()


@pytest.fixture(scope="session")
def voila() -> Iterator[VoilaServer]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does it as root)")
    server = VoilaServer()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class OfflinePage:
    """A page plus what it tried to fetch from outside this machine."""

    def __init__(self, page) -> None:
        self.page = page
        self.blocked: list[str] = []


@pytest.fixture
def offline_page(browser, request) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = context.new_page()
    holder = OfflinePage(page)

    def route(route_obj):
        host = urlparse(route_obj.request.url).hostname or ""
        if route_obj.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route_obj.continue_()
        else:
            holder.blocked.append(route_obj.request.url)
            route_obj.abort("internetdisconnected")

    context.route("**/*", route)
    yield holder
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
