"""The transparency app driven from Python: answers -> result in place, autosave and continue, files."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import re
import statistics
import time

import pytest

from civic_kit.apps.transparency import (
    App,
    autosave_dir,
    build_app,
    default_country,
    recent_assessments,
)
from civic_kit.i18n import LANGUAGES, t
from civic_kit.problems import CivicKitError
from civic_kit.transparency import SelfAssessment, assess, dumps, load, load_checklist, save

CHECKLIST = load_checklist()
BR_ITEMS = CHECKLIST.for_country("BR")


def status(app: App) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.shell.status.value))


def text_of(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def uploaded(name: str, content: bytes, size: int | None = None) -> dict:
    return {
        "name": name,
        "type": "application/json",
        "size": len(content) if size is None else size,
        "content": memoryview(content),
        "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


def open_all(app: App) -> None:
    for dimension, section in app._sections.items():
        if dimension not in app.state.open_dimensions:
            section.toggle.click()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "assessments"


# -- building -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builds_in_each_language_without_writing_anything(lang, folder):
    app = App(lang, state_dir=folder)
    w = app.w
    assert app.shell.status.value == ""
    assert app.state.assessment.country == default_country(lang)
    assert w.name.description == t("app.transparency.municipality", lang)
    assert w.population.description == t("app.transparency.population", lang)
    assert w.country.description == t("app.transparency.country", lang)
    assert w.prepare.description and w.upload.description
    first = CHECKLIST.for_country(default_country(lang))[0]
    assert app._items[first.id].radio.description == first.title(lang)
    assert app._items[first.id].note.description == t("app.transparency.note", lang)
    assert [label for label, _ in app._items[first.id].radio.options] == [
        t(f"transparency.answer.{a}", lang) for a in ("yes", "partial", "no", "na")
    ]
    built = [d for d, s in app._sections.items() if s.built]
    assert built == [first.dimension]  # other themes are built when opened
    assert app.result.score == 0
    assert not folder.exists()  # nothing typed yet, nothing saved
    assert t("app.transparency.recent-none", lang) in text_of(w.recent_note)
    assert w.recent.layout.display == "none"


def test_spanish_lists_the_spanish_speaking_countries_first():
    app = App("es", state_dir=None)
    assert [value for _, value in app.w.country.options] == ["MX", "CO", "CL", "AR", "BR"]
    assert default_country("pt-BR") == "BR" and default_country("en") == "BR"


def test_build_app_returns_the_shell(monkeypatch, folder):
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(folder))
    assert autosave_dir() == folder
    widget = build_app("en")
    assert "ck-app" in widget._dom_classes


def test_default_autosave_folder(monkeypatch):
    monkeypatch.delenv("CIVIC_KIT_STATE_DIR", raising=False)
    assert autosave_dir().parts[-3:] == ("share", "civic-kit", "assessments")


# -- answers update the result in place -------------------------------------------------------------------------------


def test_an_answer_updates_the_result_and_not_the_items(folder):
    app = App("pt-BR", state_dir=folder)
    item = BR_ITEMS[0]
    radio = app._items[item.id].radio
    children = app._sections[item.dimension].items.children
    radio.value = "yes"
    assert app.state.assessment.answers == {item.id: "yes"}
    expected = assess(SelfAssessment(answers={item.id: "yes"}))
    assert app.result.score == expected.score > 0
    assert expected.score_text("pt-BR") in text_of(app.w.score)
    assert app._sections[item.dimension].items.children == children  # items were not rebuilt
    assert app._items[item.id].radio is radio
    assert t("app.transparency.progress", "pt-BR", answered=1, total=5) in text_of(app._sections[item.dimension].header)
    assert load(app.autosave_path) == app.state.assessment
    assert t("app.transparency.autosave-done", "pt-BR", time="")[:20] in text_of(app.w.autosave)


def test_answer_refresh_is_well_under_100_ms(folder):
    app = App("pt-BR", state_dir=folder)
    open_all(app)
    assert len(app._items) == len(BR_ITEMS) == 44
    timings = []
    for answer in ("yes", "partial", "no"):
        for item in BR_ITEMS:
            start = time.perf_counter()
            app._items[item.id].radio.value = answer
            timings.append(time.perf_counter() - start)
    median_ms = statistics.median(timings) * 1000
    assert median_ms < 100, f"median {median_ms:.1f} ms (autosave included)"
    assert app.result.score == 0


def test_seal_text_says_when_no_seal_applies(folder):
    app = App("pt-BR", state_dir=folder)
    open_all(app)
    for item in BR_ITEMS:
        app._items[item.id].radio.value = "yes"
    assert app.result.seal == "diamante"
    assert t("app.transparency.seal-yes", "pt-BR", level="Diamante") in text_of(app.w.score)
    essential = next(item for item in BR_ITEMS if item.weight_class == "essential")
    app._items[essential.id].radio.value = "partial"
    assert app.result.seal == "avancado"
    assert t("app.transparency.seal-no", "pt-BR") in text_of(app.w.score)
    assert "7 de 8" in text_of(app.w.score)
    app.w.country.value = "AR"
    assert app.result.seal is None
    assert t("app.transparency.seal-not-applicable", "pt-BR", country="Argentina") in text_of(app.w.score)


def test_gap_list_is_prioritised_with_basis_and_action(folder):
    app = App("en", state_dir=folder)
    gaps = text_of(app.w.gaps)
    first_gap = app.result.gaps[0]
    assert first_gap.weight_class == "essential"
    assert first_gap.title("en") in gaps and first_gap.action("en") in gaps
    assert first_gap.basis[0].status_label("en") in gaps
    assert t("app.transparency.more-gaps", "en", count=len(app.result.gaps) - 10) in gaps


def test_notes_and_about_fields(folder):
    app = App("pt-BR", state_dir=folder)
    item = BR_ITEMS[0]
    app._items[item.id].note.value = "Link: https://exemplo.gov.br/estrutura"
    assert app.state.assessment.notes == {item.id: "Link: https://exemplo.gov.br/estrutura"}
    assert item.id not in app.state.assessment.answers  # a note alone does not answer the item
    app.w.name.value = "Vale Verde"
    app.w.population.value = 8000
    assert app.state.assessment.municipality == "Vale Verde"
    assert app.result.small_municipality and app.result.reclassified
    app.w.population.value = 0
    assert app.state.assessment.population is None
    assert load(app.autosave_path) == app.state.assessment


@pytest.mark.parametrize(
    ("field", "value"),
    [("note", "x" * 5001), ("name", "Município " * 30)],
    ids=["note-too-long", "name-too-long"],
)
def test_too_long_text_is_refused_with_a_message_and_nothing_changes(folder, field, value):
    app = App("pt-BR", state_dir=folder)
    item = BR_ITEMS[0]
    app._items[item.id].radio.value = "yes"
    before = app.state.assessment
    widget = app._items[item.id].note if field == "note" else app.w.name
    widget.value = value
    assert app.state.assessment == before
    assert load(app.autosave_path) == before
    expected_field = item.title("pt-BR") if field == "note" else t("app.transparency.municipality", "pt-BR")
    assert "longo demais" in status(app) and expected_field in status(app)


def test_country_switch_rebuilds_items_and_keeps_other_answers(folder):
    app = App("es", state_dir=folder)
    app.w.country.value = "BR"
    brazil_only = next(i for i in BR_ITEMS if not i.basis_for("CO"))
    section = app._sections[brazil_only.dimension]
    if not section.built:
        section.toggle.click()
    app._items[brazil_only.id].radio.value = "yes"
    app.w.country.value = "CO"
    co_items = CHECKLIST.for_country("CO")
    assert brazil_only.id not in app._items
    assert app.result.items_total == len(co_items)
    assert app.state.assessment.answers[brazil_only.id] == "yes"  # kept, ignored for Colombia
    assert app.result.ignored_answers == (brazil_only.id,)
    first = co_items[0]
    assert app._items[first.id].radio.description == first.title("es")


def test_all_not_applicable_shows_why_there_is_no_score(folder):
    app = App("pt-BR", state_dir=folder)
    open_all(app)
    for item in BR_ITEMS:
        app._items[item.id].radio.value = "na"
    assert app.result is None
    assert CivicKitError.of("transparency-nothing-to-score").message("pt-BR") in text_of(app.w.score)
    assert status(app) == ""
    assert len(load(app.autosave_path).answers) == 44  # the answers are still saved
    app._items[BR_ITEMS[0].id].radio.value = "yes"
    assert app.result is not None and app.result.score == 1


def test_language_switch_keeps_answers_notes_and_open_themes(folder):
    app = App("pt-BR", state_dir=folder)
    item = BR_ITEMS[0]
    app._items[item.id].radio.value = "partial"
    app._items[item.id].note.value = "nota"
    revenue = app._sections["revenue"]
    revenue.toggle.click()
    app.shell.language_switch.value = "en"
    assert app._items[item.id].radio.value == "partial"
    assert app._items[item.id].note.value == "nota"
    assert app._items[item.id].radio.description == item.title("en")
    assert app._sections["revenue"].built and "revenue" in app.state.open_dimensions
    assert app.w.country.value == "BR"
    app._items[item.id].radio.value = "yes"  # the rebuilt widgets are wired
    assert app.state.assessment.answers[item.id] == "yes"


# -- autosave and continue --------------------------------------------------------------------------------------------


def test_a_new_app_lists_and_restores_the_autosave(folder):
    first = App("pt-BR", state_dir=folder)
    first.w.name.value = "Vale Verde"
    for item in BR_ITEMS[:3]:
        first._items[item.id].radio.value = "yes"
    first._items[BR_ITEMS[0].id].note.value = "ok"

    second = App("pt-BR", state_dir=folder)
    labels = [label for label, _ in second.w.recent.options]
    assert len(labels) == 1 and labels[0].startswith("Vale Verde (Brasil)")
    assert "3 de 44" in labels[0]
    assert second.w.recent.layout.display is None
    second.w.reopen.click()
    assert second.state.assessment == first.state.assessment
    assert second.state.autosave_id == first.state.autosave_id  # continues in the same file
    assert second._items[BR_ITEMS[0].id].radio.value == "yes"
    assert second._items[BR_ITEMS[0].id].note.value == "ok"
    assert second.w.name.value == "Vale Verde"
    assert second.result.score == first.result.score
    assert "Vale Verde" in status(second)
    second._items[BR_ITEMS[3].id].radio.value = "no"
    assert len(load(first.autosave_path).answers) == 4


def test_recent_list_skips_damaged_and_foreign_files(folder):
    folder.mkdir(parents=True)
    good = SelfAssessment(municipality="Boa", answers={BR_ITEMS[0].id: "yes"})
    save(good, folder / "transparency-0123456789abcdef.json")
    (folder / "transparency-fedcba9876543210.json").write_text("{not json", encoding="utf-8")
    newer = json.loads(dumps(good))
    newer["schema_version"] = 99
    (folder / "transparency-00000000000000aa.json").write_text(json.dumps(newer), encoding="utf-8")
    save(good, folder / "notes.json")  # not an autosave name: never read
    (folder / "transparency-1111111111111111.json").mkdir()  # a folder with an autosave's name
    recent = recent_assessments(folder)
    assert [r.autosave_id for r in recent] == ["0123456789abcdef"]
    assert recent_assessments(folder, exclude="0123456789abcdef") == []
    assert recent_assessments(folder / "missing") == []


def test_recent_list_is_newest_first_and_limited(folder):
    folder.mkdir(parents=True)
    for number in range(12):
        path = folder / f"transparency-{number:016x}.json"
        save(SelfAssessment(municipality=f"Cidade {number}"), path)
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
    recent = recent_assessments(folder)
    assert [r.assessment.municipality for r in recent] == [f"Cidade {n}" for n in range(11, 1, -1)]


def test_reopen_without_a_choice_explains(folder):
    app = App("pt-BR", state_dir=folder)
    app.reopen_recent(None)
    assert status(app) == t("app.transparency.pick-recent", "pt-BR")


def test_autosave_failure_is_explained_and_the_result_still_updates(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    app = App("pt-BR", state_dir=blocker / "assessments")
    app._items[BR_ITEMS[0].id].radio.value = "yes"
    assert app.result.score > 0
    assert app.state.assessment.answers == {BR_ITEMS[0].id: "yes"}
    assert status(app) == CivicKitError.of("transparency-file-unwritable", name=str(blocker / "assessments")).message(
        "pt-BR"
    )


# -- files: export, save, reopen ---------------------------------------------------------------------------------


def _links(app: App) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', app.w.exports.value)
    return {name.rsplit(".", 1)[1]: base64.b64decode(payload) for name, payload in found}


def test_exports_are_built_on_request_and_cleared_by_a_change(folder):
    app = App("pt-BR", state_dir=folder)
    app.w.name.value = "<script>alert('x')</script> São João"
    app._items[BR_ITEMS[0].id].radio.value = "yes"
    app.w.prepare.click()
    files = _links(app)
    assert set(files) == {"html", "docx", "json"}
    page = files["html"].decode("utf-8")
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert files["docx"][:2] == b"PK"
    assert load_from_bytes(files["json"]) == app.state.assessment
    assert "autoavaliacao-transparencia-script-alert-x-script-sao-joao-" in app.w.exports.value
    app._items[BR_ITEMS[1].id].radio.value = "no"
    assert app.w.exports.value == ""


def load_from_bytes(content: bytes) -> SelfAssessment:
    from civic_kit.transparency import loads

    return loads(content.decode("utf-8"))


def test_open_a_saved_file_replaces_the_answers_and_keeps_the_old_autosave(folder):
    app = App("pt-BR", state_dir=folder)
    app._items[BR_ITEMS[0].id].radio.value = "no"
    old_path = app.autosave_path
    saved = SelfAssessment(municipality="Arquivo", population=5000, answers={BR_ITEMS[0].id: "yes"}, notes={})
    app.w.upload.value = (uploaded("minha.json", dumps(saved).encode("utf-8")),)
    assert app.state.assessment == saved
    assert app.w.upload.value == ()
    assert app._items[BR_ITEMS[0].id].radio.value == "yes"
    assert app.w.population.value == 5000 and app.w.name.value == "Arquivo"
    assert app.autosave_path != old_path
    assert load(old_path).answers == {BR_ITEMS[0].id: "no"}  # the work that was on screen is not lost
    assert load(app.autosave_path) == saved
    assert "minha.json" in status(app)
    assert [r.autosave_id for r in app.recent] == [old_path.stem.removeprefix("transparency-")]


def _newer() -> bytes:
    data = json.loads(dumps(SelfAssessment()))
    data["schema_version"] = 7
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"format": "civic-kit/transparency-self-assessment", "schema_v', "transparency-file-corrupt"),
        (b"\xff\xfe\x00garbage", "transparency-file-corrupt"),
        (b'{"format": "something-else"}', "transparency-file-not-assessment"),
        (_newer(), "transparency-file-newer"),
        (
            dumps(SelfAssessment()).replace('"answers": {}', '"answers": {"x": "maybe"}').encode(),
            "transparency-bad-answer",
        ),
    ],
    ids=["truncated", "not-utf8", "other-json", "newer-version", "bad-answer"],
)
def test_bad_files_are_refused_and_the_answers_stay(folder, content, code):
    app = App("pt-BR", state_dir=folder)
    app._items[BR_ITEMS[0].id].radio.value = "partial"
    before = app.state.assessment
    saved_before = app.autosave_path.read_bytes()
    with pytest.raises(CivicKitError) as caught:
        app.open_file(content, "ruim.json")
    assert caught.value.issue.code == code
    app.w.upload.value = (uploaded("ruim.json", content),)
    assert status(app) == caught.value.message("pt-BR")
    assert app.state.assessment == before
    assert app._items[BR_ITEMS[0].id].radio.value == "partial"
    assert app.autosave_path.read_bytes() == saved_before
    assert app.w.upload.value == ()


def test_too_large_file_is_refused_before_reading(folder):
    app = App("en", state_dir=folder)
    app.w.upload.value = (uploaded("huge.json", b"{}", size=3_000_000),)
    assert "huge.json" in status(app) and "MB" in status(app)
    assert app.state.assessment == SelfAssessment()
