"""The access app in a real Chromium against a live ``civic-kit start``, with the network cut."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from civic_kit.i18n import LANGUAGES, t
from tests.browser.helpers import assert_no_traceback, describe, open_app, screenshot, serious_violations

pytestmark = pytest.mark.browser

NOTEBOOK = "apps/access.ipynb"
DISTRICTS = 16


def _headline(page) -> str:
    return page.locator(".ck-stats").first.inner_text()


def _full_screenshot(page, name: str) -> None:
    """Voila scrolls inside its own container, so grow the viewport to the app's height before the shot."""
    height = page.evaluate("Math.ceil(document.querySelector('.ck-app').getBoundingClientRect().bottom) + 40")
    page.set_viewport_size({"width": 1280, "height": max(900, min(int(height), 6000))})
    page.wait_for_timeout(300)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _map_frame(page):
    frame_element = page.wait_for_selector("iframe.ck-map", timeout=30_000)
    frame = frame_element.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    return frame_element, frame


@pytest.mark.parametrize("lang", LANGUAGES)
def test_access_app_in_each_language(voila, offline_page, lang):
    page = offline_page.page
    open_app(page, voila.base_url, NOTEBOOK, lang)
    assert page.locator(".ck-app h1").first.inner_text().strip() == t("app.access.title", lang)
    page.wait_for_selector(".ck-stats", timeout=30_000)
    body = page.inner_text(".ck-app")
    for key in ("app.access.headline.covered", "app.access.section.districts", "app.access.section.map"):
        assert t(key, lang) in body
    frame_element, frame = _map_frame(page)
    assert frame_element.get_attribute("title") == t(
        "app.access.map-title", lang, kind=t("access.kind.health_unit", lang), threshold=1000
    )
    frame.wait_for_function(
        f"document.querySelectorAll('.leaflet-overlay-pane svg path').length > {DISTRICTS}", timeout=30_000
    )
    assert frame.locator(".leaflet-tile").count() == 0
    assert_no_traceback(page)
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    _full_screenshot(page, f"access-{lang}")
    assert offline_page.blocked == [], f"tried to reach the internet: {offline_page.blocked[:5]}"


def test_slider_updates_numbers_then_map(voila, offline_page):
    page = offline_page.page
    lang = "pt-BR"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-stats", timeout=30_000)
    before = _headline(page)
    handle = page.get_by_role("slider", name=t("app.access.threshold", lang))
    handle.focus()
    for _ in range(5):  # 5 steps of 100 m: 1,000 -> 1,500 m
        handle.press("ArrowRight")
    # The numbers follow every step of the slider; wait for the last one (1.500 m in pt-BR's digits).
    page.wait_for_function(
        "() => document.querySelector('.ck-stats').innerText.includes('1.500 metros')", timeout=15_000
    )
    assert _headline(page) != before
    title = t("app.access.map-title", lang, kind=t("access.kind.health_unit", lang), threshold=1500)
    page.wait_for_function(
        "(title) => document.querySelector('iframe.ck-map')?.getAttribute('title') === title",
        arg=title,
        timeout=15_000,
    )
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_suggest_add_and_reset(voila, offline_page):
    page = offline_page.page
    lang = "es"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-stats", timeout=30_000)
    page.get_by_role("button", name=t("app.access.suggest", lang)).click()
    caption = page.locator(".ck-access table caption", has_text=re.compile(r"lugares sugeridos"))
    caption.wait_for(timeout=15_000)
    picker = page.get_by_label(t("app.access.candidate", lang))
    # The table and the picker's options are separate widget updates: wait for the options too.
    # (ipywidgets writes the option text with non-breaking spaces, which \s matches.)
    expect(picker.locator("option").nth(1)).to_have_text(re.compile(r"^Sugerencia\s1\b"), timeout=15_000)
    before = _headline(page)
    picker.select_option(index=1)
    page.get_by_role("button", name=t("app.access.add", lang)).click()
    status = page.locator(".ck-status .ck-note-success")
    status.wait_for(timeout=15_000)
    assert "Centro agregado" in status.inner_text()
    assert _headline(page) != before
    _, frame = _map_frame(page)
    frame.wait_for_function(
        "document.querySelectorAll('.leaflet-overlay-pane path[stroke=\"#7a1016\"]').length === 1", timeout=15_000
    )
    _full_screenshot(page, "access-es-added")
    page.get_by_role("button", name=t("app.access.reset", lang)).click()
    page.wait_for_function(
        "(before) => document.querySelector('.ck-stats').innerText === before", arg=before, timeout=15_000
    )
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_upload_lists_bad_rows_and_keeps_good_ones(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "en"
    open_app(page, voila.base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-stats", timeout=30_000)
    csv = tmp_path / "my_units.csv"
    csv.write_text(
        "nome;latitude;longitude\n"
        "UBS Norte;-22,5200;-47,9100\n"
        "UBS Lua;10,0000;-47,9100\n"
        "UBS Sem número;abc;-47,9000\n"
        "UBS Sul;-22,5700;-47,9000\n",
        encoding="cp1252",
    )
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(re.escape(t("app.access.upload", lang)))).click()
    chooser.value.set_files(str(csv))
    report = page.locator(".ck-access .ck-note", has_text="my_units.csv")
    report.wait_for(timeout=20_000)
    text = report.inner_text()
    assert "Row 3" in text and "Row 4" in text
    assert "2 of 4 rows" in text
    source = page.inner_text(".ck-access")
    assert "Your file my_units.csv: 2 facilities" in source
    _full_screenshot(page, "access-en-upload")
    assert_no_traceback(page)
    assert offline_page.blocked == []
