"""The policy drafter in a real Chromium against a live ``civic-kit start``, with the network cut.

This module starts its own Voila (same :class:`VoilaServer` as the shared fixture) with
``CIVIC_KIT_STATE_DIR`` pointing at a temporary folder: the app autosaves every valid change, and the
tests must neither write into the tester's home folder nor see drafts left there by earlier runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from civic_kit.i18n import LANGUAGE_NAMES, LANGUAGES, t
from civic_kit.policy import questionnaire
from tests.browser.conftest import VoilaServer
from tests.browser.helpers import assert_no_traceback, describe, open_app, screenshot, serious_violations

pytestmark = pytest.mark.browser

NOTEBOOK = "apps/policy_drafter.ipynb"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def voila(tmp_path_factory) -> Iterator[VoilaServer]:
    state = tmp_path_factory.mktemp("drafter-state")
    server = VoilaServer(env={"CIVIC_KIT_STATE_DIR": str(state)})
    try:
        server.wait_ready()
        server.state_dir = state
        yield server
    finally:
        server.stop()


# -- helpers ------------------------------------------------------------------------------------------------------


def label(qid: str, lang: str) -> str:
    return questionnaire().question(qid).label(lang)


def group_title(group: str, lang: str) -> str:
    return next(g.title(lang) for g in questionnaire().groups if g.id == group)


def open_drafter(page, base_url: str, lang: str) -> None:
    open_app(page, base_url, NOTEBOOK, lang)
    page.wait_for_selector(".ck-drafter .ck-preview", timeout=60_000)


def open_group(page, group: str, lang: str) -> None:
    """Show one group of questions by pressing its step button (as an official would)."""
    title = group_title(group, lang)
    page.get_by_role("button", name=title, exact=True).click()
    page.locator(".ck-step-title", has_text=title).wait_for(timeout=20_000)


def fill_required(page, lang: str, municipality: str, population: str = "8500", authority: str = "") -> None:
    page.get_by_label(label("municipality", lang), exact=True).fill(municipality)
    page.get_by_label(label("population", lang), exact=True).fill(population)
    open_group(page, "instrument", lang)
    page.get_by_label(label("issuing_authority", lang), exact=True).fill(authority or "O Prefeito Municipal")


def wait_for_ementa(page, text: str) -> None:
    page.wait_for_function(
        "(text) => (document.querySelector('.ck-preview .ck-ementa')?.innerText || '').includes(text)",
        arg=text,
        timeout=20_000,
    )


def status_text(page) -> str:
    return page.inner_text(".ck-app .ck-status")


def full_screenshot(page, name: str) -> None:
    """Voila scrolls inside its own container, so grow the viewport to the app's height before the shot."""
    page.evaluate("document.querySelector('#rendered_cells')?.scrollTo(0, 0); window.scrollTo(0, 0)")
    height = page.evaluate("Math.ceil(document.querySelector('.ck-app').getBoundingClientRect().bottom) + 40")
    page.set_viewport_size({"width": 1280, "height": max(900, min(int(height), 7000))})
    page.wait_for_timeout(400)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


# -- tests ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_drafter_in_each_language(voila, offline_page, lang):
    page = offline_page.page
    open_drafter(page, voila.base_url, lang)
    assert page.locator(".ck-app h1").first.inner_text().strip() == t("app.policy-drafter.title", lang)
    body = page.inner_text(".ck-app")
    for key in (
        "app.drafter.section.questions",
        "app.drafter.section.preview",
        "app.drafter.section.coverage",
        "app.drafter.section.save",
        "app.drafter.section.compare",
        "app.drafter.preview-empty",
    ):
        assert t(key, lang) in body, key
    for group in questionnaire().groups:  # every group title is on screen
        assert group.title(lang) in body
    region = page.get_by_role("region", name=t("app.drafter.preview-region", lang))
    assert region.get_attribute("tabindex") == "0"
    assert page.get_by_label(label("municipality", lang), exact=True).is_visible()
    assert label("population", lang) in body and questionnaire().question("population").help(lang) in body
    assert status_text(page).strip() == ""
    assert_no_traceback(page)
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    full_screenshot(page, f"drafter-{lang}")
    assert offline_page.blocked == [], f"tried to reach the internet: {offline_page.blocked[:5]}"


def test_fill_watch_the_preview_and_export_the_docx(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "pt-BR"
    open_drafter(page, voila.base_url, lang)
    fill_required(page, lang, "Exemplópolis", authority="A Prefeita Municipal")
    wait_for_ementa(page, "Exemplópolis")
    assert page.inner_text(".ck-preview h3").startswith("DECRETO")
    assert "14 de 37" in page.inner_text(".ck-coverage")
    # Change a choice: a bill instead of a decree.
    page.get_by_label(label("instrument", lang), exact=True).select_option(label=t("policy.opt.instrument.lei", lang))
    page.wait_for_function(
        "() => document.querySelector('.ck-preview h3').innerText.startsWith('PROJETO DE LEI')", timeout=20_000
    )
    # Tick a multi-choice answer: coverage goes up.
    open_group(page, "publication", lang)
    page.get_by_label(t("policy.opt.publication.api", lang), exact=True).check()
    page.wait_for_function(
        "() => document.querySelector('.ck-coverage').innerText.includes('15 de 37')", timeout=20_000
    )
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    full_screenshot(page, "drafter-pt-BR-filled")

    page.get_by_role("button", name=t("app.drafter.export", lang)).click()
    link = page.get_by_role("link", name=t("app.drafter.download.docx", lang))
    link.wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "minuta-exemplopolis.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    from docx import Document

    document = Document(str(path))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text.startswith("PROJETO DE LEI")
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "CAPÍTULO I – Disposições Gerais"
    articles = [p.text for p in paragraphs if re.match(r"Art\. \d+", p.text)]
    assert articles[0].startswith("Art. 1º") and len(articles) >= 15
    assert any("A Prefeita Municipal" in p.text for p in paragraphs)
    assert any("interfaces de programação" in p.text.lower() or "API" in p.text for p in paragraphs)
    if shutil.which("soffice"):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
            check=True,
            timeout=180,
            capture_output=True,
        )
        assert (tmp_path / "minuta-exemplopolis.pdf").stat().st_size > 10_000
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_typed_markup_shows_as_text_and_never_runs(voila, offline_page, tmp_path):
    page = offline_page.page
    lang = "es"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_drafter(page, voila.base_url, lang)
    fill_required(page, lang, XSS, authority="<b>El Intendente</b>")
    wait_for_ementa(page, XSS)
    assert page.locator(".ck-preview script").count() == 0
    assert page.locator(".ck-preview b").count() == 0
    assert XSS in page.inner_text(".ck-preview .ck-cover-facts")
    assert "<b>El Intendente</b>" in page.inner_text(".ck-preview")
    page.get_by_role("button", name=t("app.drafter.export", lang)).click()
    link = page.get_by_role("link", name=t("app.drafter.download.html", lang))
    link.wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "draft.html"
    download_info.value.save_as(path)
    exported = path.read_text("utf-8")
    assert XSS not in exported and "&lt;script&gt;alert(1)&lt;/script&gt;" in exported
    page.wait_for_timeout(500)
    assert dialogs == []
    full_screenshot(page, "drafter-es-markup")
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_invalid_answer_is_explained_and_the_preview_keeps_the_last_valid_draft(voila, offline_page):
    page = offline_page.page
    lang = "en"
    open_drafter(page, voila.base_url, lang)
    fill_required(page, lang, "Springfield", authority="The Mayor")
    wait_for_ementa(page, "Springfield")
    open_group(page, "implementation", lang)
    review = page.get_by_label(label("review_period_years", lang), exact=True)
    review.fill("0")
    message = t("issue.policy-out-of-range", lang, field=label("review_period_years", lang), value=0, min=1, max=10)
    field_error = page.locator(".ck-q-review-period-years .ck-field-error")
    field_error.wait_for(timeout=20_000)
    assert field_error.inner_text() == message
    page.wait_for_function(  # the status line is updated right after the field's own message
        "(text) => (document.querySelector('.ck-app .ck-status')?.innerText || '').includes(text)",
        arg=t("app.drafter.invalid", lang, count=1),
        timeout=20_000,
    )
    assert t("app.drafter.stale", lang) in page.inner_text(".ck-col-preview")
    assert "Springfield" in page.inner_text(".ck-preview .ck-ementa")  # the last valid draft is still there
    assert page.get_by_role("button", name=t("app.drafter.export", lang)).is_disabled()
    violations = serious_violations(page)
    assert violations == [], describe(violations)
    full_screenshot(page, "drafter-en-invalid")
    review.fill("6")
    page.wait_for_function(
        "() => document.querySelector('.ck-preview').innerText.includes('every 6 years')", timeout=20_000
    )
    # The field's message and the preview are separate widget updates: wait for the message to go.
    page.locator(".ck-q-review-period-years .ck-field-error").wait_for(state="detached", timeout=20_000)
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_every_group_of_questions_is_reachable_by_keyboard(voila, offline_page):
    page = offline_page.page
    lang = "pt-BR"
    open_drafter(page, voila.base_url, lang)
    groups = questionnaire().groups
    # Tab forward from the last field of the first group: the next stop is the "Next" step button.
    page.get_by_label(label("population", lang), exact=True).focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.innerText.trim()")
    assert focused == t("app.drafter.next", lang, group=groups[1].title(lang))
    page.keyboard.press("Enter")
    page.locator(".ck-step-title", has_text=groups[1].title(lang)).wait_for(timeout=20_000)
    # Every step button takes focus and opens its group with the keyboard.
    last = groups[-1].title(lang)
    step = page.get_by_role("button", name=last, exact=True)
    step.focus()
    assert page.evaluate("document.activeElement.innerText.trim()") == last
    page.keyboard.press("Enter")
    page.locator(".ck-step-title", has_text=last).wait_for(timeout=20_000)
    assert page.get_by_label(label("justification", lang), exact=True).is_visible()
    assert_no_traceback(page)


def test_language_switch_keeps_the_answers_and_redrafts(voila, offline_page):
    page = offline_page.page
    open_drafter(page, voila.base_url, "pt-BR")
    fill_required(page, "pt-BR", "Vila Serena")
    wait_for_ementa(page, "Vila Serena")
    page.select_option(".ck-app .ck-header select", label=LANGUAGE_NAMES["es"])
    page.wait_for_function(
        "(t) => document.querySelector('.ck-app h1').innerText.trim() === t",
        arg=t("app.policy-drafter.title", "es"),
        timeout=30_000,
    )
    wait_for_ementa(page, "Establece la Política Municipal de Datos Abiertos del Municipio de Vila Serena")
    assert page.get_by_label(label("municipality", "es"), exact=True).input_value() == "Vila Serena"
    assert page.get_by_label(label("issuing_authority", "es"), exact=True).input_value() == "O Prefeito Municipal"
    assert_no_traceback(page)
    assert offline_page.blocked == []


def test_save_continue_compare_and_refuse_a_corrupt_file(voila, offline_page, tmp_path):
    """One official drafts and downloads; a later visit continues the autosave and compares with the download."""
    page = offline_page.page
    lang = "pt-BR"
    open_drafter(page, voila.base_url, lang)
    fill_required(page, lang, "Campo Alegre")
    wait_for_ementa(page, "Campo Alegre")
    saved = page.get_by_role("link", name=t("app.drafter.download-answers", lang))
    saved.wait_for(timeout=20_000)
    with page.expect_download() as download_info:
        saved.click()
    answers_file = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(answers_file)
    assert answers_file.name == "respostas-campo-alegre.json"
    page.locator(".ck-drafter .ck-note-success", has_text=t("app.drafter.autosaved", lang, time="")[:20]).wait_for(
        timeout=20_000
    )
    drafts = list((voila.state_dir / "drafts").glob("*.json"))
    assert any("Campo Alegre" in path.read_text("utf-8") for path in drafts)

    # A later visit (a new kernel) offers the autosave and continues it.
    later = page.context.new_page()
    open_drafter(later, voila.base_url, lang)
    recent = later.get_by_label(t("app.drafter.recent", lang), exact=True)
    options = recent.locator("option").all_inner_texts()
    assert any(option.replace("\xa0", " ").startswith("Campo Alegre – ") for option in options)
    recent.select_option(label=next(o for o in options if o.replace("\xa0", " ").startswith("Campo Alegre")))
    later.get_by_role("button", name=t("app.drafter.reopen", lang)).click()
    wait_for_ementa(later, "Campo Alegre")
    assert later.get_by_label(label("municipality", lang), exact=True).input_value() == "Campo Alegre"

    # Change a deadline, then compare with the downloaded file: the article shows 60 -> 90 days.
    open_group(later, "deadlines", lang)
    later.get_by_label(label("deadline_plan_days", lang), exact=True).fill("90")
    later.wait_for_function("() => document.querySelector('.ck-preview').innerText.includes('90 dias')", timeout=20_000)
    with later.expect_file_chooser() as chooser:
        later.get_by_role("button", name=re.compile(re.escape(t("app.drafter.compare-file", lang)))).click()
    chooser.value.set_files(str(answers_file))
    change = later.locator(".ck-comparison .ck-change-changed").first
    change.wait_for(timeout=20_000)
    # Each change carries a word for screen readers (visually hidden) before the changed text.
    assert " ".join(change.locator("del").text_content().split()) == "[retirado] 60"
    assert " ".join(change.locator("ins").text_content().split()) == "[incluído] 90"
    violations = serious_violations(later)
    assert violations == [], describe(violations)
    full_screenshot(later, "drafter-pt-BR-compare")

    # A corrupt file is refused with a message and changes nothing.
    corrupt = tmp_path / "quebrado.json"
    corrupt.write_bytes(answers_file.read_bytes()[:40])
    with later.expect_file_chooser() as chooser:
        later.get_by_role("button", name=re.compile(re.escape(t("app.drafter.open-file", lang)))).click()
    chooser.value.set_files(str(corrupt))
    later.locator(".ck-status .ck-note-error").wait_for(timeout=20_000)
    assert t("app.drafter.file-refused", lang, name="quebrado.json") in status_text(later)
    assert later.get_by_label(label("deadline_plan_days", lang), exact=True).input_value() == "90"
    assert "90 dias" in later.inner_text(".ck-preview")
    assert_no_traceback(later)
    later.close()
    assert offline_page.blocked == []
