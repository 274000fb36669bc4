"""Faults an official may meet, in a real Chromium against a live ``civic-kit start``.

- The app's kernel dies mid-use (killed here with SIGKILL, as the out-of-memory killer would): the page
  says so in the user's language in an accessible alert with a Reload button, and after the reload the
  transparency assessment comes back from its autosave.
- The server restarts while a page is open: the page says the connection was lost, and on the restarted
  server nothing that was autosaved is lost (autosaves are files, not kernel memory).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest

from civic_kit.i18n import LANGUAGE_NAMES, t
from tests.browser.conftest import VoilaServer
from tests.browser.helpers import assert_no_traceback, describe, open_app, serious_violations

pytestmark = pytest.mark.browser

TRANSPARENCY = "apps/transparency.ipynb"
GALLERY = "apps/index.ipynb"
BANNER = "#ck-kernel-lost[role=alert]"


def _server(state_dir: Path) -> VoilaServer:
    server = VoilaServer(env={"CIVIC_KIT_STATE_DIR": str(state_dir)})
    server.wait_ready()
    return server


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("autosaves")


@pytest.fixture(scope="module")
def voila(state_dir):
    """A server of this module, autosaving into a folder of this test run."""
    server = _server(state_dir)
    try:
        yield server
    finally:
        server.stop()


def _kernel_id(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _kernel_process(server: VoilaServer, kernel_id: str) -> psutil.Process:
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if any(Path(part).name == f"kernel-{kernel_id}.json" for part in child.cmdline()):
                return child
        except psutil.Error:
            continue
    raise AssertionError(f"no process for kernel {kernel_id}")


def _score(page) -> str:
    return page.locator(".ck-score").first.inner_text().strip()


def _wait_for_file_with(state_dir: Path, *needles: str, timeout: float = 30.0) -> None:
    """Wait until an autosave file holds every needle (the page's "saved" note may still show the
    previous save's time when two answers land in the same second)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in state_dir.rglob("*.json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if all(needle in text for needle in needles):
                return
        time.sleep(0.2)
    raise AssertionError(f"no autosave holding {needles} within {timeout}s")


def _answer_and_wait_for_autosave(page, lang: str, municipality: str, state_dir: Path) -> str:
    page.wait_for_selector(".ck-score", timeout=30_000)
    name = page.get_by_label(t("app.transparency.municipality", lang))
    name.fill(municipality)
    name.press("Enter")
    page.get_by_role("radio", name=t("transparency.answer.yes", lang)).first.check()
    page.wait_for_function("() => !/^0[,.]0%$/.test(document.querySelector('.ck-score').innerText.trim())")
    first = _score(page)
    page.get_by_role("radio", name=t("transparency.answer.partial", lang)).nth(1).check()
    page.wait_for_function(
        "(before) => document.querySelector('.ck-score').innerText.trim() !== before", arg=first, timeout=15_000
    )
    saved = t("app.transparency.autosave-done", lang, time="@@").split("@@")[0].strip()
    page.get_by_text(saved).first.wait_for(timeout=15_000)
    _wait_for_file_with(state_dir, municipality, '"partial"')
    return _score(page)


def _continue_recent(page, lang: str, municipality: str, score: str) -> None:
    page.wait_for_selector(".ck-score", timeout=30_000)
    recent = page.get_by_label(t("app.transparency.recent", lang))
    option = recent.locator("option", has_text=municipality).first
    recent.select_option(value=option.get_attribute("value"))
    page.get_by_role("button", name=t("app.transparency.reopen", lang)).click()
    page.wait_for_function(
        "(score) => document.querySelector('.ck-score').innerText.trim() === score", arg=score, timeout=15_000
    )
    assert page.get_by_label(t("app.transparency.municipality", lang)).input_value() == municipality


def test_killed_kernel_shows_a_translated_alert_and_reload_restores_the_assessment(voila, offline_page, state_dir):
    page = offline_page.page
    lang = "pt-BR"
    open_app(page, voila.base_url, TRANSPARENCY, lang)
    score = _answer_and_wait_for_autosave(page, lang, "Município Derrubado", state_dir)
    assert page.locator(BANNER).count() == 0  # a healthy page shows no alert

    _kernel_process(voila, _kernel_id(page)).send_signal(signal.SIGKILL)

    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)
    assert banner.get_attribute("lang") == lang
    assert banner.locator("p").inner_text().strip() == t("ops.kernel-lost", lang)
    reload = banner.get_by_role("button", name=t("ops.reload", lang))
    assert reload.evaluate("el => el === document.activeElement")  # keyboard users land on it
    violations = serious_violations(page, context=BANNER)
    assert violations == [], describe(violations)

    with page.expect_navigation(timeout=60_000):
        reload.click()
    page.wait_for_selector(".ck-app select", state="visible", timeout=90_000)
    assert page.locator(BANNER).count() == 0
    _continue_recent(page, lang, "Município Derrubado", score)
    assert_no_traceback(page)
    assert offline_page.blocked == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_alert_speaks_the_language_the_user_switched_to(voila, offline_page, lang):
    page = offline_page.page
    open_app(page, voila.base_url, GALLERY, "pt-BR")
    page.select_option(".ck-app select", label=LANGUAGE_NAMES[lang])
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang, timeout=30_000)

    _kernel_process(voila, _kernel_id(page)).send_signal(signal.SIGKILL)

    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)
    assert banner.locator("p").inner_text().strip() == t("ops.kernel-lost", lang)
    assert banner.get_by_role("button").inner_text().strip() == t("ops.reload", lang)
    assert page.locator(BANNER).count() == 1


def test_reloading_a_healthy_page_shows_no_alert(voila, offline_page):
    page = offline_page.page
    open_app(page, voila.base_url, GALLERY, "pt-BR")
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(".ck-app select", state="visible", timeout=90_000)
    page.wait_for_timeout(5_000)  # longer than the page script's grace period after a closed channel
    assert page.locator(BANNER).count() == 0


def test_server_restart_loses_nothing_autosaved(state_dir, browser, offline_page):
    lang = "es"
    first = _server(state_dir)
    page = offline_page.page
    try:
        open_app(page, first.base_url, TRANSPARENCY, lang)
        score = _answer_and_wait_for_autosave(page, lang, "Municipio Reiniciado", state_dir)
    finally:
        os.killpg(first.process.pid, signal.SIGTERM)  # a restart: the service manager stops the server
        first.process.wait(timeout=30)
        first.stop()
    banner = page.locator(BANNER)
    banner.wait_for(timeout=30_000)  # the open page says the connection is gone
    assert banner.locator("p").inner_text().strip() == t("ops.kernel-lost", lang)

    second = _server(state_dir)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es")
        try:
            fresh = context.new_page()
            open_app(fresh, second.base_url, TRANSPARENCY, lang)
            _continue_recent(fresh, lang, "Municipio Reiniciado", score)
            assert_no_traceback(fresh)
        finally:
            context.close()
    finally:
        second.stop()
