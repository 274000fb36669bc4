"""The policy drafter app driven from Python: widget changes -> state and outputs, bad input -> translated message."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import io
import itertools
import json
import re
from pathlib import Path

import pytest

from civic_kit.apps import drafter_widgets as dw
from civic_kit.apps.policy_drafter import App, DraftStore, build_app, state_dir
from civic_kit.i18n import LANGUAGES, catalog, t
from civic_kit.policy import Answers, build_draft, questionnaire, render_html
from civic_kit.policy.answers import SCHEMA_VERSION, load_answers, save_answers

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"municipality": "Exemplópolis", "population": "8500", "issuing_authority": "O Prefeito Municipal"}
XSS = "<script>alert(1)</script>"


# -- helpers ------------------------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def make_app(store: DraftStore, lang: str = "pt-BR", **answers) -> App:
    app = App(lang, store=store, autosave_delay=0)
    fill(app, **answers)
    return app


def fill(app: App, **values) -> None:
    for qid, value in values.items():
        app.set_answer(qid, value)


def text_of(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def status(app: App) -> str:
    return text_of(app.shell.status.value).strip()


def uploaded(name: str, content: bytes, size: int | None = None) -> dict:
    """One file as ipywidgets' FileUpload holds it after the browser sent it."""
    return {
        "name": name,
        "type": "application/json",
        "size": len(content) if size is None else size,
        "content": memoryview(content),
        "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


def saved_bytes(answers: Answers, tmp_path: Path, name: str = "answers.json") -> bytes:
    return save_answers(answers, tmp_path / name, lang="pt-BR").read_bytes()


def links(value: str) -> dict[str, bytes]:
    """``{file name: bytes}`` of every data: download link in an HTML snippet."""
    found = re.findall(r'download="([^"]+)" href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"', value)
    return {html.unescape(name): base64.b64decode(payload) for name, payload in found}


def minimal() -> Answers:
    return Answers("Exemplópolis", 8500, "O Prefeito Municipal")


# -- building -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builds_in_each_language_with_a_labelled_widget_and_help_per_question(store, lang):
    app = make_app(store, lang)
    form = questionnaire()
    assert set(app.w.fields) == {q.id for q in form.questions}
    for question in form.questions:
        item = app.w.fields[question.id]
        if question.type == "multi":
            assert question.label(lang) in item.box.children[0].value
            assert [box.description for _, box in item.checkboxes] == [o.label(lang) for o in question.options]
        else:
            assert item.input.description == question.label(lang)
        assert html.escape(question.help(lang)) in "".join(
            c.value for c in item.box.children if isinstance(c, dw.widgets.HTML)
        )
    assert [label for label, _ in app.w.steps.options] == [g.title(lang) for g in form.groups]
    assert [box.layout.display for box in app.w.groups] == [None] + ["none"] * (len(form.groups) - 1)
    assert app.shell.status.value == ""  # a fresh form is not all red
    preview = text_of(app.w.preview.value)
    assert t("app.drafter.preview-empty", lang) in preview
    for qid in REQUIRED:
        assert form.question(qid).label(lang) in preview
    assert 'role="region"' in app.w.preview.value and 'tabindex="0"' in app.w.preview.value
    for widget in (app.w.reopen, app.w.export, app.w.compare, app.w.compare_update, app.w.compare_clear):
        assert widget.description.strip()
    assert app.w.export.disabled
    assert t("app.drafter.save-first", lang) in text_of(app.w.save_link.value)


def test_build_app_returns_the_shell_container(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(tmp_path))
    widget = build_app("es")
    assert "ck-app" in widget._dom_classes
    assert t("app.policy-drafter.title", "es") in widget.children[1].children[0].value


def test_headings_go_down_one_level_at_a_time(store):
    app = make_app(store, **REQUIRED)
    levels: list[int] = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            levels.extend(int(n) for n in re.findall(r"<h([1-6])[ >]", value))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.shell.body)
    assert levels[0] == 2
    assert 1 not in levels  # the draft's own <h1> is demoted under the app's <h1>
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_steps_show_one_group_at_a_time_and_survive_new_problem_labels(store):
    app = make_app(store, **REQUIRED)
    groups = questionnaire().groups
    assert app.w.previous.layout.display == "none"
    assert app.w.next.description == t("app.drafter.next", "pt-BR", group=groups[1].title("pt-BR"))
    app.w.next.click()
    assert app.state.open_group == 1 and app.w.steps.value == 1
    assert app.w.groups[1].layout.display is None and app.w.groups[0].layout.display == "none"
    step = t("app.drafter.step-title", "pt-BR", number=2, total=len(groups), group=groups[1].title("pt-BR"))
    assert step in text_of(app.w.step_title.value)
    app.w.steps.value = 7  # a step button, as a click (or Enter on it) would set it
    assert app.state.open_group == 7 and app.w.groups[7].layout.display is None
    app.set_answer("review_period_years", "0")  # a problem relabels the steps: the open step must not move
    assert app.w.steps.value == 7 and app.state.open_group == 7
    app.w.steps.value = len(groups) - 1
    assert app.w.next.layout.display == "none" and app.w.previous.layout.display is None
    app.w.previous.click()
    assert app.state.open_group == len(groups) - 2
    app.shell.language_switch.value = "en"
    assert app.w.steps.value == len(groups) - 2  # the open step survives the language switch


# -- answers to preview -------------------------------------------------------------------------------------------


def test_required_answers_build_the_draft_and_its_coverage(store):
    app = make_app(store, **REQUIRED)
    assert app.state.answers == minimal()
    assert app.shell.status.value == ""
    ementa = build_draft(minimal(), "pt-BR").ementa
    assert html.escape(ementa) in app.w.preview.value
    assert app.coverage_report.covered.__len__() == 14  # docs/officials.md: the minimal answers cover 14 of 37
    coverage = text_of(app.w.coverage.value)
    assert "14 de 37" in coverage
    assert t("app.drafter.coverage.missing", "pt-BR", count=23) in coverage
    first_missing = app.coverage_report.to_dict("pt-BR")["items"]
    why = next(item["why"] for item in first_missing if not item["covered"])
    assert why in coverage  # "why it matters" is shown, not only the name
    assert not app.w.export.disabled


def test_typing_the_municipality_changes_the_preview_in_place(store):
    app = make_app(store, **REQUIRED)
    preview = app.w.preview
    app.set_answer("municipality", "Vila Nova")
    assert app.w.preview is preview  # the same widget, new value
    assert "Vila Nova" in preview.value and "Exemplópolis" not in preview.value
    assert app.draft.ementa.count("Vila Nova") == 1


def test_typing_resends_the_preview_but_not_an_unchanged_coverage_panel(store):
    app = make_app(store, **REQUIRED)
    sent: list[str] = []
    app.w.coverage.observe(lambda change: sent.append(change["new"]), names="value")
    for name in ("V", "Vi", "Vila"):
        app.set_answer("municipality", name)
    assert sent == [] and "Vila" in app.w.preview.value
    app.set_answer("publication", ("api",))
    assert len(sent) == 1 and "15 de 37" in text_of(sent[0])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("8.500", 8500), ("8,500", 8500), ("8 500", 8500), (" 12000 ", 12000)],
    ids=["dot-grouping", "comma-grouping", "space-grouping", "padded"],
)
def test_grouped_thousands_are_read_as_whole_numbers(store, typed, expected):
    app = make_app(store, **{**REQUIRED, "population": typed})
    assert app.state.answers.population == expected


@pytest.mark.parametrize(
    ("qid", "typed", "code_key", "params"),
    [
        ("review_period_years", "0", "issue.policy-out-of-range", {"value": 0, "min": 1, "max": 10}),
        ("review_period_years", "11", "issue.policy-out-of-range", {"value": 11, "min": 1, "max": 10}),
        ("population", "8,5", "issue.policy-not-integer", {"value": "8,5"}),
        ("population", "", "issue.policy-required", {}),
        ("deadline_plan_days", "abc", "issue.policy-not-integer", {"value": "abc"}),
        ("municipality", "x" * 121, "issue.policy-too-long", {"length": 121, "limit": 120}),
        ("municipality", "Vila\x07Nova", "issue.policy-control-characters", {}),
        ("issuing_authority", "   ", "issue.policy-required", {}),
    ],
    ids=[
        "review-0-years",
        "review-11-years",
        "decimal-population",
        "empty-population",
        "letters-in-days",
        "name-too-long",
        "control-character",
        "blank-authority",
    ],
)
def test_invalid_answer_shows_its_message_and_keeps_the_last_valid_draft(store, qid, typed, code_key, params):
    app = make_app(store, **REQUIRED)
    before_preview, before_answers = app.w.preview.value, app.state.answers
    app.set_answer(qid, typed)
    label = questionnaire().question(qid).label("pt-BR")
    message = t(code_key, "pt-BR", field=label, **params)
    assert message in text_of(app.w.fields[qid].error.value)
    assert "ck-field-invalid" in app.w.fields[qid].box._dom_classes
    assert message in text_of(app.w.validation.value)
    assert t("app.drafter.invalid", "pt-BR", count=1) in status(app)
    assert app.w.preview.value == before_preview  # nothing lost: the last valid draft stays
    assert app.state.answers == before_answers
    assert t("app.drafter.stale", "pt-BR") in text_of(app.w.stale.value)
    group = questionnaire().question(qid).group
    title = next(g.title("pt-BR") for g in questionnaire().groups if g.id == group)
    step_labels = [label for label, _ in app.w.steps.options]
    assert t("app.drafter.group-problems", "pt-BR", group=title, count=1) in step_labels
    assert app.w.export.disabled
    assert t("app.drafter.save-unavailable", "pt-BR") in text_of(app.w.save_link.value)
    assert app.state.values[qid] == typed  # what was typed stays in the box


def test_fixing_the_answer_clears_the_message_and_updates_the_preview(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("review_period_years", "0")
    app.set_answer("review_period_years", "5")
    assert app.state.answers.review_period_years == 5
    assert app.w.fields["review_period_years"].error.value == ""
    assert app.w.validation.value == "" and app.w.stale.value == ""
    assert app.shell.status.value == ""
    assert "a cada 5 anos" in text_of(app.w.preview.value) and "a cada 4 anos" not in text_of(app.w.preview.value)


def test_empty_review_period_means_no_review(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("review_period_years", "")
    assert app.state.answers is not None and app.state.answers.review_period_years is None
    assert app.draft.article("future-review") is None


def test_country_limits_the_instruments_offered(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("instrument", "lei")
    assert app.draft.title.startswith("PROJETO DE LEI")
    app.set_answer("country", "MX")
    offered = [value for _label, value in app.w.fields["instrument"].input.options]
    assert "lei" not in offered and "ordenanza" in offered
    assert app.state.values["instrument"] == "decreto"
    assert app.state.answers.country == "MX" and app.state.answers.instrument == "decreto"
    app.set_answer("instrument", "ordenanza")
    assert app.draft.title.startswith("ORDENANZA")


def test_portal_address_is_asked_only_when_there_is_a_portal(store):
    app = make_app(store, **REQUIRED)
    box = app.w.fields["portal_url"].box
    assert box.layout.display == "none"
    app.set_answer("existing", ("portal",))
    assert box.layout.display is None
    app.set_answer("portal_url", "javascript:alert(1)")
    assert "ck-field-invalid" in box._dom_classes
    app.set_answer("existing", ())
    assert box.layout.display == "none"
    assert app.state.issues == ()  # a hidden question is not checked: it keeps its default
    assert app.state.answers.portal_url == ""
    assert app.state.values["portal_url"] == "javascript:alert(1)"  # but what was typed is kept


def test_checkboxes_set_a_multi_choice_answer_and_raise_coverage(store):
    app = make_app(store, **REQUIRED)
    before = len(app.coverage_report.covered)
    app.set_answer("publication", ("api", "bulk-download"))
    assert app.state.answers.publication == ("bulk-download", "api")  # questionnaire order
    assert len(app.coverage_report.covered) == before + 2


def test_every_format_unticked_is_a_problem(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("formats", ())
    label = questionnaire().question("formats").label("pt-BR")
    assert t("issue.policy-too-few-items", "pt-BR", field=label, min=1) in text_of(app.w.validation.value)


def test_language_switch_keeps_answers_and_changes_the_draft_language(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("deadline_plan_days", "0")  # an invalid answer must survive the switch too
    old_widgets = app.w
    app.shell.language_switch.value = "es"
    assert app.w is not old_widgets
    assert app.w.fields["municipality"].input.value == "Exemplópolis"
    assert app.w.fields["municipality"].input.description == questionnaire().question("municipality").label("es")
    assert app.w.fields["deadline_plan_days"].input.value == "0"
    label = questionnaire().question("deadline_plan_days").label("es")
    assert t("issue.policy-out-of-range", "es", field=label, value=0, min=1, max=730) in text_of(
        app.w.fields["deadline_plan_days"].error.value
    )
    assert app.draft.lang == "es"  # the last valid draft, now in Spanish
    assert html.escape(build_draft(minimal(), "es").ementa) in app.w.preview.value
    assert t("app.drafter.invalid", "es", count=1) in status(app)


# -- escaping -------------------------------------------------------------------------------------------------------


def test_typed_markup_is_text_everywhere(store):
    app = make_app(store, **{**REQUIRED, "municipality": XSS, "issuing_authority": "<b>Prefeito</b>"})
    app.set_answer("justification", "<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))")
    for value in (app.w.preview.value, app.w.coverage.value, app.w.save_link.value):
        assert "<script>" not in value and "<b>Prefeito" not in value and "<img" not in value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in app.w.preview.value
    app.create_files()
    files = app.export_files
    page = files["html"].decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page
    assert "\\<script\\>" in files["md"].decode("utf-8")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    assert XSS in text  # plain text in Word
    names = links(app.w.export_links.value)
    assert set(names) == {
        "minuta-script-alert-1-script.docx",
        "minuta-script-alert-1-script.html",
        "minuta-script-alert-1-script.md",
    }


def test_messages_quoting_typed_values_are_escaped(store):
    app = make_app(store, **REQUIRED)
    app.set_answer("existing", ("portal",))
    app.set_answer("portal_url", "<b>bold</b>")
    assert "<b>bold" not in app.w.validation.value and "&lt;b&gt;bold" in app.w.validation.value
    assert "<b>bold" not in app.w.fields["portal_url"].error.value


def test_demote_headings_only_touches_real_tags():
    fragment = "<h1>Title</h1><p>&lt;h1&gt;typed&lt;/h1&gt;</p><h2 id='x'>Chapter</h2>"
    assert dw.demote_headings(fragment) == "<h3>Title</h3><p>&lt;h1&gt;typed&lt;/h1&gt;</p><h4 id='x'>Chapter</h4>"


@pytest.mark.parametrize(
    ("qid", "value", "expected"),
    [
        ("population", "", None),
        ("population", "8.500", "8500"),
        ("population", "8,5", "8,5"),
        ("review_period_years", "  ", None),
        ("formats", ("csv", "json"), ["csv", "json"]),
        ("focal_points", True, True),
        ("municipality", " Vila ", " Vila "),
    ],
    ids=["empty-number", "grouped", "decimal-kept-for-validation", "blank-number", "multi", "bool", "text-as-typed"],
)
def test_value_to_answer(qid, value, expected):
    assert dw.value_to_answer(questionnaire().question(qid), value) == expected


def test_answer_to_value_round_trip():
    answers, _ = load_answers(ROOT / "examples" / "drafter" / "complete.yaml")
    form = questionnaire()
    values = {q.id: dw.answer_to_value(q, getattr(answers, q.id)) for q in form.questions}
    again = {q.id: dw.value_to_answer(q, values[q.id]) for q in form.questions}
    from civic_kit.policy import validate_answers

    assert validate_answers(again).answers == answers


# -- autosave and "continue a recent draft" -------------------------------------------------------------------------


def test_autosave_then_a_new_app_lists_and_restores_the_draft(store):
    first = make_app(store, **REQUIRED)
    first.set_answer("deadline_plan_days", "45")
    files = list(store.folder.glob("*.json"))
    assert [f.stem for f in files] == [first.state.draft_id]
    saved, lang = load_answers(files[0])  # a normal versioned answers file
    assert saved == first.state.answers and lang == "pt-BR"
    assert json.loads(files[0].read_text("utf-8"))["schema_version"] == SCHEMA_VERSION
    assert t("app.drafter.autosaved", "pt-BR", time="").split("{")[0][:20] in text_of(first.w.autosave.value)

    second = App("es", store=store, autosave_delay=0)
    assert [r.draft_id for r in second.recent] == [first.state.draft_id]
    label, value = second.w.recent.options[0]
    assert label.startswith("Exemplópolis – ") and value == first.state.draft_id
    assert second.w.recent_box.layout.display is None
    second.w.reopen.click()
    assert second.state.answers == first.state.answers
    assert second.w.fields["deadline_plan_days"].input.value == "45"
    assert second.state.draft_id == first.state.draft_id  # continuing: later changes go into the same file
    assert t("app.drafter.reopened", "es", municipality="Exemplópolis") in status(second)
    second.set_answer("deadline_plan_days", "50")
    assert len(list(store.folder.glob("*.json"))) == 1
    assert load_answers(files[0])[0].deadline_plan_days == 50


def test_no_recent_drafts_hides_the_offer(store):
    app = make_app(store)
    assert app.recent == [] and app.w.recent_box.layout.display == "none"
    assert app.w.compare_box.layout.display == "none"


def test_nothing_is_saved_before_the_answers_are_valid(store):
    make_app(store, municipality="Exemplópolis")
    assert not store.folder.exists() or list(store.folder.iterdir()) == []


def test_autosave_waits_for_typing_to_pause_under_an_event_loop(store):
    app = App("pt-BR", store=store, autosave_delay=0.05)
    fill(app, **REQUIRED)  # no running loop here: saved at once
    assert len(list(store.folder.glob("*.json"))) == 1
    path = store.path(app.state.draft_id)

    async def type_fast():
        for name in ("Vila", "Vila N", "Vila Nova"):
            app.set_answer("municipality", name)
        assert app.autosave_pending
        assert load_answers(path)[0].municipality == "Exemplópolis"  # not yet written
        await asyncio.sleep(0.3)

    asyncio.run(type_fast())
    assert not app.autosave_pending
    assert load_answers(path)[0].municipality == "Vila Nova"


def test_autosave_failure_warns_and_the_app_keeps_working(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app(DraftStore(blocker / "drafts"), **REQUIRED)
    assert app.state.autosave_failed
    assert t("app.drafter.autosave-failed", "pt-BR") in text_of(app.w.autosave.value)
    app.set_answer("municipality", "Vila Nova")
    assert "Vila Nova" in app.w.preview.value
    assert "Traceback" not in app.shell.status.value


def test_recent_skips_damaged_foreign_and_future_files(store, tmp_path):
    good = make_app(store, **REQUIRED)
    folder = store.folder
    (folder / "0123456789abcdef.json").write_text('{"schema_version": 1, "app": "civic-kit-policy-dr', "utf-8")
    (folder / "fedcba9876543210.json").write_text(
        json.dumps({"schema_version": 99, "app": "civic-kit-policy-drafter", "answers": {}}), "utf-8"
    )
    (folder / "not-an-id.json").write_bytes((folder / f"{good.state.draft_id}.json").read_bytes())
    (folder / "aaaaaaaaaaaaaaaa.json").write_bytes(b"\xff\xfe binary")
    assert [r.draft_id for r in store.recent()] == [good.state.draft_id]
    assert store.recent(exclude=good.state.draft_id) == []


def test_reopening_a_draft_deleted_meanwhile_changes_nothing(store):
    first = make_app(store, **REQUIRED)
    second = make_app(store, **{**REQUIRED, "municipality": "Vila Nova"})
    store.path(first.state.draft_id).unlink()
    second.reopen_recent(first.state.draft_id)
    assert t("issue.app-drafter-recent-unreadable", "pt-BR") in status(second)
    assert second.state.answers.municipality == "Vila Nova"


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "", "ABCDEF0123456789", "0123"], ids=str)
def test_store_refuses_ids_that_are_not_its_own(store, bad_id):
    from civic_kit.problems import CivicKitError

    with pytest.raises(CivicKitError):
        store.path(bad_id)


def test_state_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(tmp_path))
    assert state_dir() == tmp_path / "drafts"
    monkeypatch.delenv("CIVIC_KIT_STATE_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert state_dir() == tmp_path / "xdg" / "civic-kit" / "drafts"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert state_dir() == Path.home() / ".local" / "share" / "civic-kit" / "drafts"


# -- opening a file -------------------------------------------------------------------------------------------------


def test_opening_a_saved_file_replaces_the_form(store, tmp_path):
    complete, _ = load_answers(ROOT / "examples" / "drafter" / "complete.yaml")
    app = make_app(store, **REQUIRED)
    old_id = app.state.draft_id
    app.w.upload.value = (uploaded("mine.json", saved_bytes(complete, tmp_path)),)
    assert app.state.answers == complete
    assert app.w.fields["oversight_body"].input.value == complete.oversight_body
    assert app.coverage_report.score == 1.0
    assert t("app.drafter.file-opened", "pt-BR", name="mine.json") in status(app)
    assert app.w.upload.value == ()  # ready for the next file
    assert app.state.draft_id != old_id  # the previous draft stays in the recent list
    assert old_id in {r.draft_id for r in app.recent}


def test_opening_a_hand_written_yaml_file(store):
    app = make_app(store)
    content = (ROOT / "examples" / "drafter" / "minimal.yaml").read_bytes()
    app.w.upload.value = (uploaded("minimal.yaml", content),)
    assert app.state.answers == minimal()


BAD_FILES = {
    "truncated": (
        "a.json",
        b'{"schema_version": 1, "app": "civic-kit-policy-drafter", "answers": {"munic',
        "issue.policy-file-corrupt",
        {"path": "a.json", "line": 1},
    ),
    "future-version": (
        "b.json",
        json.dumps({"schema_version": 7, "app": "civic-kit-policy-drafter", "answers": {}}).encode(),
        "issue.policy-file-future-version",
        {"path": "b.json", "version": 7, "supported": 1},
    ),
    "other-app": (
        "c.json",
        json.dumps({"schema_version": 1, "app": "transparency", "answers": {}}).encode(),
        "issue.policy-file-wrong-app",
        {"path": "c.json", "app": "transparency"},
    ),
    "a-list": ("d.json", b"[1, 2, 3]", "issue.policy-file-not-mapping", {"path": "d.json"}),
    "not-utf8": ("e.json", "município".encode("cp1252"), "issue.policy-file-encoding", {"path": "e.json"}),
    "bad-yaml": ("f.yaml", b"municipality: [unclosed\n", "issue.policy-file-corrupt", {"path": "f.yaml", "line": 2}),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_gives_a_message_and_changes_nothing(store, case):
    name, content, key, params = BAD_FILES[case]
    app = make_app(store, **REQUIRED)
    before = (app.state.answers, dict(app.state.values), app.w.preview.value, app.state.draft_id)
    app.w.upload.value = (uploaded(name, content),)
    shown = status(app)
    assert t("app.drafter.file-refused", "pt-BR", name=name) in shown
    assert t(key, "pt-BR", **params) in shown
    assert (app.state.answers, app.state.values, app.w.preview.value, app.state.draft_id) == before
    assert "error" in app.shell.status.value


def test_a_file_with_invalid_answers_lists_every_problem(store):
    app = make_app(store, **REQUIRED)
    content = json.dumps({"municipality": "X", "population": 0, "colour": "blue", "formats": []}).encode()
    app.w.upload.value = (uploaded("bad.json", content),)
    shown = status(app)
    assert t("app.drafter.file-invalid", "pt-BR", name="bad.json", count=4) in shown
    assert t("issue.policy-unknown-field", "pt-BR", name="colour") in shown
    population = questionnaire().question("population").label("pt-BR")
    assert t("issue.policy-out-of-range", "pt-BR", field=population, value=0, min=1, max=30_000_000) in shown
    assert app.state.answers == minimal()


def test_a_file_larger_than_the_limit_is_refused_before_reading(store):
    app = make_app(store, **REQUIRED)
    app.w.upload.value = (uploaded("huge.json", b"{}", size=5_000_000),)
    assert t("issue.upload-too-large", "pt-BR", name="huge.json", size_mb=5.0, limit_mb=1) in status(app)
    assert app.state.answers == minimal()


def test_messages_are_translated_again_after_a_language_switch(store):
    app = make_app(store, **REQUIRED)
    app.w.upload.value = (uploaded("d.json", b"[1]"),)
    app.shell.language_switch.value = "en"
    assert t("app.drafter.file-refused", "en", name="d.json") in status(app)


# -- save link and exports -----------------------------------------------------------------------------------------


def test_the_save_link_holds_the_versioned_answers(store, tmp_path):
    app = make_app(store, **REQUIRED)
    files = links(app.w.save_link.value)
    assert list(files) == ["respostas-exemplopolis.json"]
    document = json.loads(files["respostas-exemplopolis.json"])
    assert document["schema_version"] == SCHEMA_VERSION and document["lang"] == "pt-BR"
    path = tmp_path / "downloaded.json"
    path.write_bytes(files["respostas-exemplopolis.json"])
    assert load_answers(path)[0] == minimal()


def test_create_files_offers_docx_html_and_md_of_the_current_draft(store):
    from docx import Document

    app = make_app(store, **REQUIRED)
    app.w.export.click()
    assert t("app.drafter.files-ready", "pt-BR") in status(app)
    files = links(app.w.export_links.value)
    assert set(files) == {"minuta-exemplopolis.docx", "minuta-exemplopolis.html", "minuta-exemplopolis.md"}
    document = Document(io.BytesIO(files["minuta-exemplopolis.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("CAPÍTULO I")
    articles = [p.text for p in document.paragraphs if p.text.startswith("Art. ")]
    assert len(articles) == len(app.draft.articles()) and articles[0].startswith("Art. 1º")
    assert files["minuta-exemplopolis.html"].decode().startswith("<!DOCTYPE html>")
    assert files["minuta-exemplopolis.html"] == render_html(app.draft).encode()
    assert "**Art. 1º**" in files["minuta-exemplopolis.md"].decode()


def test_changing_an_answer_withdraws_the_files(store):
    app = make_app(store, **REQUIRED)
    app.create_files()
    app.set_answer("deadline_plan_days", "90")
    assert links(app.w.export_links.value) == {}
    assert t("app.drafter.export-outdated", "pt-BR") in text_of(app.w.export_links.value)
    assert app.export_files == {}
    app.create_files()
    assert (
        "90 dias para a publicação do primeiro Plano"
        in links(app.w.export_links.value)["minuta-exemplopolis.md"].decode()
    )


def test_no_files_without_a_valid_draft(store):
    app = make_app(store, municipality="Exemplópolis")
    app.create_files()
    assert t("app.drafter.export-invalid", "pt-BR") in status(app)
    assert app.w.export_links.value == ""


# -- comparing ----------------------------------------------------------------------------------------------------


def test_compare_with_a_recent_draft_shows_changed_words(store):
    before = make_app(store, **REQUIRED)
    app = make_app(store, **{**REQUIRED, "deadline_plan_days": "90"})
    app.compare_with_recent(before.state.draft_id)
    assert [c.kind for c in app.comparison.changes] == ["changed"]
    shown = app.w.comparison.value
    assert re.search(r"<del><span class=\"ck-sr\">\[retirado\] </span>60</del>", shown)
    assert re.search(r"<ins><span class=\"ck-sr\">\[incluído\] </span>90</ins>", shown)
    name = next(r.label("pt-BR") for r in app.recent if r.draft_id == before.state.draft_id)
    assert name.startswith("Exemplópolis – ") and name in text_of(shown)  # named by municipality and time
    assert t("app.drafter.compared", "pt-BR", name=name) in status(app)
    assert app.w.compare_clear.layout.display is None
    app.set_answer("deadline_plan_days", "120")
    assert t("app.drafter.compare.outdated", "pt-BR") in text_of(app.w.comparison.value)
    assert app.w.compare_update.layout.display is None
    app.w.compare_update.click()
    assert "120" in app.w.comparison.value and app.w.compare_update.layout.display == "none"
    app.w.compare_clear.click()
    assert app.w.comparison.value == "" and app.state.compare_with is None


def test_compare_with_an_uploaded_file_lists_added_and_removed_articles(store, tmp_path):
    complete, _ = load_answers(ROOT / "examples" / "drafter" / "complete.yaml")
    app = make_app(store, **REQUIRED)
    app.w.compare_upload.value = (uploaded("complete.json", saved_bytes(complete, tmp_path)),)
    kinds = {c.kind for c in app.comparison.changes}
    assert "removed" in kinds  # the complete draft has articles the minimal one lacks
    shown = text_of(app.w.comparison.value)
    assert "complete.json" in shown
    counts = {k: len(app.comparison.of_kind(k)) for k in ("added", "removed", "changed", "renumbered")}
    assert (
        t("app.drafter.compare.summary", "pt-BR", name="complete.json", unchanged=app.comparison.unchanged, **counts)
        in shown
    )
    assert app.state.answers == minimal()  # comparing never changes the answers


def test_compare_escapes_both_drafts(store, tmp_path):
    other = Answers("<b>Velha</b>", 8500, "O Prefeito Municipal")
    app = make_app(store, **{**REQUIRED, "municipality": "<i>Nova</i>"})
    app.w.compare_upload.value = (uploaded("<img src=x>.json", saved_bytes(other, tmp_path)),)
    shown = app.w.comparison.value
    assert "<b>" not in shown and "<i>" not in shown and "<img" not in shown
    assert "&lt;b&gt;Velha&lt;/b&gt;" in shown


def test_compare_needs_a_valid_current_draft(store, tmp_path):
    app = make_app(store, municipality="Exemplópolis")
    app.w.compare_upload.value = (uploaded("m.json", saved_bytes(minimal(), tmp_path)),)
    assert t("app.drafter.compare-needs-draft", "pt-BR") in status(app)
    assert app.comparison is None


def test_a_bad_comparison_file_keeps_the_current_comparison(store, tmp_path):
    before = make_app(store, **REQUIRED)
    app = make_app(store, **{**REQUIRED, "deadline_plan_days": "90"})
    app.compare_with_recent(before.state.draft_id)
    shown = app.w.comparison.value
    app.w.compare_upload.value = (uploaded("x.json", b"{"),)
    assert t("app.drafter.file-refused", "pt-BR", name="x.json") in status(app)
    assert app.w.comparison.value == shown


# -- messages -----------------------------------------------------------------------------------------------------


def test_every_message_key_the_app_uses_exists_in_three_languages():
    source = "".join(
        (ROOT / "civic_kit" / "apps" / name).read_text("utf-8") for name in ("policy_drafter.py", "drafter_widgets.py")
    )
    keys = set(re.findall(r"\"(app\.drafter\.[a-z0-9.-]+[a-z0-9])\"", source))
    keys |= set(re.findall(r"'(app\.drafter\.[a-z0-9.-]+[a-z0-9])'", source))
    keys |= {f"app.drafter.compare.kind.{k}" for k in ("added", "removed", "changed", "renumbered")}
    keys |= {f"app.drafter.download.{f}" for f in ("docx", "html", "md")}
    keys |= {f"issue.{code}" for code in re.findall(r"CivicKitError\.of\(\"([a-z-]+)\"", source)}
    assert len(keys) > 60
    for lang in LANGUAGES:
        assert sorted(keys - set(catalog(lang))) == [], lang
