"""The transparency self-assessment in a real Chromium against a live ``civic-kit start``, network cut."""

from __future__ import annotations

import re

import pytest

from civic_kit.i18n import LANGUAGES, t
from civic_kit.transparency import load_checklist
from tests.browser.conftest import VoilaServer
from tests.browser.helpers import assert_no_traceback, describe, open_app, screenshot, serious_violations

pytestmark = pytest.mark.browser

NOTEBOOK = "apps/transparency.ipynb"


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """The shared fixture's server, but autosaving into a folder of this test run (not the tester's home)."""
    state_dir = tmp_path_factory.mktemp("assessments")
    server = VoilaServer(env={"CIVIC_KIT_STATE_DIR": str(state_dir)})
    server.state_dir = state_dir
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _score(page) -> str:
    return page.locator(".ck-score").first.inner_text().strip()


def _full_screenshot(page, name: str) -> None:
    """Voila scrolls inside its own container, so grow the viewport to the app's height before the shot."""
    height = page.evaluate("Math.ceil(document.querySelector('.ck-app').getBoundingClientRect().bottom) + 40")
    page.set_viewport_size({"width": 1280, "height": max(900, min(int(height), 7000))})
    page.wait_for_timeout(300)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _first_item_title(lang: str, country: str = "BR") -> str:
    return load_checklist().for_country(country)[0].title(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_transparency_app_in_each_language(voila, offline_page, lang):
    page = offline_page.page
    open_app(page, voila.base_url, NOTEBOOK, lang)
    assert page.locator(".ck-app h1").first.inner_text().strip() == t("app.transparency.title", lang)
    page.wait_for_selector(".ck-score", timeout=30_000)
    assert _score(page) == ("0.0%" if lang == "en" else "0,0%")
    country = "MX" if lang == "es" else "BR"
    body = page.inner_text(".ck-app")
    assert _first_item_title(lang, country) in body.replace("\xa0", " ")
    assert t("transparency.report.by-dimension", lang) in body
    assert_no_traceback(page)
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    _full_screenshot(page, f"transparency-{lang}")
    assert offline_page.blocked == [], f"tried to reach the internet: {offline_page.blocked[:5]}"


def test_answers_update_the_result_autosave_and_continue(voila, offline_page, browser):
    page = offline_page.page
    lang = "pt-BR"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-score", timeout=30_000)
    name = page.get_by_label(t("app.transparency.municipality", lang))
    name.fill("Município de Teste Contínuo")
    name.press("Enter")
    page.get_by_role("radio", name=t("transparency.answer.yes", lang)).first.check()
    page.wait_for_function("() => document.querySelector('.ck-score').innerText.trim() !== '0,0%'", timeout=15_000)
    score = _score(page)
    page.get_by_role("radio", name=t("transparency.answer.yes", lang)).nth(1).check()
    page.wait_for_function(
        "(before) => document.querySelector('.ck-score').innerText.trim() !== before", arg=score, timeout=15_000
    )
    score = _score(page)
    page.wait_for_selector("text=Salvo automaticamente", timeout=15_000)
    saved = list(voila.state_dir.glob("transparency-*.json"))
    assert saved, "nothing was autosaved"
    assert any("Município de Teste Contínuo" in path.read_text(encoding="utf-8") for path in saved)
    # The result panel stays in view while the official scrolls down the questions.
    page.get_by_role("button", name=t("app.transparency.show", lang, count=10)).click()  # a long theme
    page.get_by_role("button", name=t("app.transparency.hide", lang, count=10)).wait_for(timeout=15_000)
    page.wait_for_timeout(500)  # let the ten items lay out before scrolling
    page.mouse.move(300, 500)
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(500)
    top = page.locator(".ck-panel").bounding_box()["y"]
    assert 0 <= top < 100, f"result panel scrolled away (top at {top}px)"
    screenshot(page, "transparency-pt-BR-answered")

    # A new visit (a reload, another tab): the autosave is offered and restores the same result.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        second = other.new_page()
        open_app(second, voila.base_url, NOTEBOOK, lang)
        second.wait_for_selector(".ck-score", timeout=30_000)
        recent = second.get_by_label(t("app.transparency.recent", lang))
        option = recent.locator("option", has_text=re.compile("Teste")).first
        recent.select_option(value=option.get_attribute("value"))
        second.get_by_role("button", name=t("app.transparency.reopen", lang)).click()
        second.wait_for_function(
            "(score) => document.querySelector('.ck-score').innerText.trim() === score", arg=score, timeout=15_000
        )
        assert second.get_by_label(t("app.transparency.municipality", lang)).input_value() == (
            "Município de Teste Contínuo"
        )
        assert_no_traceback(second)
    finally:
        other.close()
    assert offline_page.blocked == []


def test_exports_and_a_corrupt_file_is_refused(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "en"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-score", timeout=30_000)
    page.get_by_role("radio", name=t("transparency.answer.partial", lang)).first.check()
    page.wait_for_function("() => document.querySelector('.ck-score').innerText.trim() !== '0.0%'", timeout=15_000)
    score = _score(page)
    page.get_by_role("button", name=t("app.transparency.prepare", lang)).click()
    links = page.locator("a.ck-download")
    links.first.wait_for(timeout=30_000)
    names = links.evaluate_all("els => els.map(e => e.getAttribute('download'))")
    assert [name.rsplit(".", 1)[1] for name in names] == ["html", "docx", "json"]
    assert all(name.startswith("transparency-self-assessment-") for name in names)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "civic-kit/transparency-self-assessment", "schema_version": 1, "assess', "utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(re.escape(t("app.transparency.open-file", lang)))).click()
    chooser.value.set_files(str(broken))
    error = page.locator(".ck-status .ck-note-error")
    error.wait_for(timeout=15_000)
    assert "broken.json" in error.inner_text() and "damaged" in error.inner_text()
    assert _score(page) == score  # the answers on screen are untouched
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_country_changes_the_checklist_and_the_seal_text(voila, offline_page):
    page = offline_page.page
    lang = "es"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-score", timeout=30_000)
    page.get_by_label(t("app.transparency.country", lang)).select_option(label=t("transparency.country.CO", lang))
    page.get_by_role("radio", name=t("transparency.answer.yes", lang)).first.check()
    page.wait_for_function("() => document.querySelector('.ck-score').innerText.trim() !== '0,0%'", timeout=15_000)
    panel = page.inner_text(".ck-panel")
    assert "Colombia" in panel and "no de Colombia" in panel
    assert load_checklist().for_country("CO")[0].title(lang) in page.inner_text(".ck-app").replace("\xa0", " ")
    _full_screenshot(page, "transparency-es-colombia")
    assert_no_traceback(page)
    assert offline_page.blocked == []
