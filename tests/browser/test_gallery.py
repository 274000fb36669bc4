"""The gallery home in a real Chromium against a live ``civic-kit start``, with the network cut."""

from __future__ import annotations

import pytest

from civic_kit.i18n import LANGUAGE_NAMES, LANGUAGES, t
from tests.browser.helpers import assert_no_traceback, describe, open_app, screenshot, serious_violations

pytestmark = pytest.mark.browser

DISTRICTS = 16


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gallery_renders_in_each_language(voila, offline_page, lang):
    page = offline_page.page
    open_app(page, voila.base_url, "apps/index.ipynb", lang)
    heading = page.locator(".ck-app h1").first
    assert heading.inner_text().strip() == t("gallery.title", lang)
    selected = page.locator(".ck-app select").evaluate("el => el.options[el.selectedIndex].text")
    assert selected == LANGUAGE_NAMES[lang]
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang, timeout=10_000)
    assert page.title() == t("gallery.title", lang)
    body = page.inner_text(".ck-app")
    assert t("gallery.map-heading", lang) in body
    assert t("core.synthetic-note", lang, city="Vale Verde") in body
    assert_no_traceback(page)
    screenshot(page, f"gallery-{lang}")
    assert offline_page.blocked == [], f"tried to reach the internet: {offline_page.blocked[:5]}"


def test_map_draws_one_path_per_district_offline(voila, offline_page):
    page = offline_page.page
    open_app(page, voila.base_url, "apps/index.ipynb", "pt-BR")
    frame_element = page.wait_for_selector("iframe.ck-map", timeout=30_000)
    assert frame_element.get_attribute("title")
    frame = frame_element.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    frame.wait_for_function(
        f"document.querySelectorAll('.leaflet-overlay-pane svg path').length >= {DISTRICTS}", timeout=30_000
    )
    assert frame.locator(".leaflet-overlay-pane svg path").count() == DISTRICTS
    assert frame.locator(".ck-legend").count() == 1
    assert frame.locator(".leaflet-tile").count() == 0  # no basemap tiles requested by default
    assert offline_page.blocked == []


def test_language_switch_changes_the_page(voila, offline_page):
    page = offline_page.page
    open_app(page, voila.base_url, "apps/index.ipynb", "pt-BR")
    page.select_option(".ck-app select", label=LANGUAGE_NAMES["es"])
    page.wait_for_function(
        "(title) => document.querySelector('.ck-app h1').innerText.trim() === title",
        arg=t("gallery.title", "es"),
        timeout=30_000,
    )
    # the title changes first, then the body is rebuilt: wait for the cards' links to follow
    page.wait_for_function(
        "() => { const links = [...document.querySelectorAll('a.ck-card-app')];"
        " return links.length > 0 && links.every(a => a.getAttribute('href').endsWith('lang=es')); }",
        timeout=30_000,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gallery_has_no_serious_accessibility_violation(voila, offline_page, lang):
    page = offline_page.page
    open_app(page, voila.base_url, "apps/index.ipynb", lang)
    page.wait_for_selector("iframe.ck-map")
    violations = serious_violations(page)
    assert violations == [], describe(violations)


def test_root_redirects_to_the_gallery(voila, offline_page):
    page = offline_page.page
    page.goto(voila.base_url + "/", wait_until="domcontentloaded")
    assert "/voila/render/apps/index.ipynb" in page.url
