"""The PB simulator in a real Chromium against a live ``civic-kit start``, with the network cut."""

from __future__ import annotations

import re

import pytest

from civic_kit.i18n import LANGUAGES, t
from tests.browser.helpers import assert_no_traceback, describe, open_app, screenshot, serious_violations

pytestmark = pytest.mark.browser

NOTEBOOK = "apps/pb_simulator.ipynb"
XSS = "<img src=x onerror=alert(1)>"
SMALL_PB = f"""META
key;value
description;Bairro Alegre test vote
budget;1000
vote_type;approval
currency;BRL
PROJECTS
project_id;cost;name;category;latitude;longitude
p1;600;{XSS};health;-22.55;-47.92
p2;500;Horta comunitária do Alegre;green_spaces;-22.54;-47.90
p3;400;Escola de capoeira;sport;-22.53;-47.91
VOTES
voter_id;vote;district
1;p1,p2;Norte
2;p1;Sul
3;p2,p3;Norte
4;p3;Sul
"""


def _results(page) -> str:
    return page.locator(".ck-pb .ck-pair").first.inner_text()


def _full_screenshot(page, name: str) -> None:
    """Voila scrolls inside its own container, so grow the viewport to the app's height before the shot."""
    height = page.evaluate("Math.ceil(document.querySelector('.ck-app').getBoundingClientRect().bottom) + 40")
    page.set_viewport_size({"width": 1280, "height": max(900, min(int(height), 7000))})
    page.wait_for_timeout(400)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _open(page, base_url: str, lang: str) -> None:
    open_app(page, base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-pb .ck-stats", timeout=60_000)


def _choose(select, label: str) -> None:
    """Pick an option by its text (ipywidgets writes option labels with no-break spaces)."""
    texts = [text.replace("\xa0", " ") for text in select.locator("option").all_inner_texts()]
    select.select_option(index=texts.index(label))


def _upload(page, lang: str, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(re.escape(t("app.pb.upload", lang)))).click()
    chooser.value.set_files(str(path))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_election_shows_both_rules_in_each_language(voila, offline_page, lang):
    page = offline_page.page
    _open(page, voila.base_url, lang)
    assert page.locator(".ck-app h1").first.inner_text().strip() == t("app.pb-simulator.title", lang)
    results = _results(page)
    for letter, rule in (("A", "greedy"), ("B", "mes-complete")):
        assert t("app.pb.rule-heading", lang, letter=letter, rule=t(f"pb.rule.{rule}", lang)) in results
    assert results.count(t("app.pb.stat.used", lang)) == 2
    assert "Centro cultural da Vila Operária" in results
    frame_element = page.wait_for_selector("iframe.ck-map", timeout=30_000)
    assert frame_element.get_attribute("title") == t("app.pb.map-title", lang)
    frame = frame_element.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    # 16 district polygons and 40 project circles, drawn by Leaflet with no tiles.
    frame.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length >= 56", timeout=30_000)
    assert frame.locator(".leaflet-tile").count() == 0
    why = page.get_by_label(t("app.pb.why-pick", lang))
    assert why.locator("option").count() > 5
    assert_no_traceback(page)
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    _full_screenshot(page, f"pb-{lang}")
    assert offline_page.blocked == [], f"tried to reach the internet: {offline_page.blocked[:5]}"


def test_budget_slider_by_keyboard_changes_budget_used(voila, offline_page):
    page = offline_page.page
    lang = "pt-BR"
    _open(page, voila.base_url, lang)
    before = _results(page)
    assert "R$ 11.916.000" in before  # most votes first spends this of the R$ 12 million
    handle = page.get_by_role("slider", name=t("app.pb.budget", lang))
    handle.focus()
    handle.press("ArrowRight")  # 100% -> 105%: R$ 12.600.000
    page.wait_for_function(
        "() => document.querySelector('.ck-pb').innerText.includes('R$ 12.600.000 (105%')", timeout=30_000
    )
    page.wait_for_function(
        "(before) => document.querySelector('.ck-pb .ck-pair').innerText !== before", arg=before, timeout=30_000
    )
    after = _results(page)
    assert "R$ 12.579.000" in after  # greedy at R$ 12.6 million, as the domain layer computes it
    assert "R$ 11.916.000" not in after
    handle.press("End")  # 150%: R$ 18.000.000
    page.wait_for_function(
        "() => document.querySelector('.ck-pb').innerText.includes('R$ 18.000.000 (150%')", timeout=30_000
    )
    page.wait_for_function(
        "() => document.querySelector('.ck-pb .ck-pair').innerText.includes('de R$ 18.000.000')", timeout=30_000
    )
    assert page.locator(".ck-status .ck-note-error").count() == 0
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_malformed_upload_names_the_line_and_keeps_results(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "es"
    _open(page, voila.base_url, lang)
    before = _results(page)
    bad = tmp_path / "roto.pb"
    bad.write_text(SMALL_PB.replace("p3;400;", "p3;cuatrocientos;"), encoding="utf-8")
    _upload(page, lang, bad)
    status = page.locator(".ck-status .ck-note-error")
    status.wait_for(timeout=20_000)
    message = status.inner_text()
    assert "roto.pb" in message
    assert "Línea 11" in message
    assert "cuatrocientos" in message
    assert _results(page) == before
    assert "Vale Verde" in page.locator(".ck-pb p").first.inner_text()
    _full_screenshot(page, "pb-es-bad-upload")
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_valid_upload_shows_its_projects_escaped(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "en"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, voila.base_url, lang)
    small = tmp_path / "alegre.pb"
    small.write_text(SMALL_PB, encoding="utf-8")
    _upload(page, lang, small)
    page.locator(".ck-status .ck-note-success").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('.ck-pb').innerText.includes('Your file alegre.pb: 3 projects, 4 votes')",
        timeout=30_000,
    )
    results = _results(page)
    assert XSS in results  # shown as text...
    assert page.locator(".ck-pb img").count() == 0  # ...never as an element
    assert "Escola de capoeira" in results
    why = page.get_by_label(t("app.pb.why-pick", lang))
    assert "Horta comunitária do Alegre" in why.inner_text().replace("\xa0", " ")  # ipywidgets uses nbsp
    frame_element = page.wait_for_selector("iframe.ck-map", timeout=30_000)
    frame = frame_element.content_frame()
    frame.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length === 3", timeout=30_000)
    assert frame.locator("img").count() == 0
    group_by = page.get_by_label(t("app.pb.group-by", lang))
    assert t("app.pb.attribute.district", lang) in group_by.inner_text().replace("\xa0", " ")
    assert "Norte" in page.locator(".ck-pb .ck-bars").first.inner_text()
    assert dialogs == []
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    _full_screenshot(page, "pb-en-upload")
    page.get_by_role("button", name=t("app.pb.use-teaching", lang, city="Vale Verde")).click()
    page.wait_for_function(
        "() => document.querySelector('.ck-pb').innerText.includes('Centro cultural da Vila Operária')",
        timeout=30_000,
    )
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_rule_and_why_pickers_update_the_page(voila, offline_page):
    page = offline_page.page
    lang = "pt-BR"
    _open(page, voila.base_url, lang)
    why = page.get_by_label(t("app.pb.why-pick", lang))
    first_explanation = page.locator(".ck-pb section").last.inner_text()
    why.select_option(index=2)
    page.wait_for_function(
        "(before) => document.querySelectorAll('.ck-pb section')[document.querySelectorAll('.ck-pb section').length"
        " - 1].innerText !== before",
        arg=first_explanation,
        timeout=15_000,
    )
    _choose(page.get_by_label(t("app.pb.rule-b", lang)), t("pb.rule.mes", lang))
    page.wait_for_function(
        "(text) => document.querySelector('.ck-pb .ck-pair').innerText.includes(text)",
        arg=t("app.pb.rule-heading", lang, letter="B", rule=t("pb.rule.mes", lang)),
        timeout=30_000,
    )
    assert t("app.pb.rule-help.mes", lang) in page.inner_text(".ck-pb")
    _choose(page.get_by_label(t("app.pb.group-by", lang)), t("app.pb.group.category", lang))
    page.wait_for_function(
        "(text) => document.querySelector('.ck-pb').innerText.includes(text)",
        arg=t("app.pb.category.culture", lang),
        timeout=15_000,
    )
    _full_screenshot(page, "pb-pt-BR-mes-category")
    assert_no_traceback(page)
    assert offline_page.blocked == []
