"""The policy drafter: answer a questionnaire, watch a municipal open-data policy being written.

An official answers the 25 questions of :func:`civic_kit.policy.questionnaire` (grouped, one group open at a
time, help under every question) and sees, next to them, the draft decree or bill in their language and how
much of the international reference (Sunlight guidelines, Open Data Charter) it covers. Everything is
computed by :mod:`civic_kit.policy`; this module only turns widget values into answers and lays the results
out.

Why it behaves as it does:

- **Nothing typed is lost.** Every widget value lives in :class:`DrafterState` (the language switch rebuilds
  the widgets from it). While an answer is invalid the preview keeps the last valid draft, says so, and the
  problem is shown under the question, in the group's title and in a list above the form.
- **Autosave.** Each new valid set of answers is written, atomically, to a server-side folder
  (:func:`state_dir`) under a random id. Bursts of typing are coalesced (:data:`AUTOSAVE_DELAY_S`) so the
  disk is not hit on every keystroke. On start the app offers the most recent autosaves to continue.
  Everyone who uses the same server sees the same list: on a shared server give each person their own
  ``CIVIC_KIT_STATE_DIR`` (JupyterHub does this naturally, one home folder per user).
- **Fast preview.** Selection, draft, HTML preview and coverage take ~15 ms for the largest questionnaire
  (``benchmarks/bench_drafter.py``); the app updates the existing widgets' values in place. The slow
  things -- the Word file (~250 ms) and the article-by-article comparison (up to ~60 ms) -- are made when
  the official asks for them, and are marked out of date (download links removed) when answers change.
- **Escaping.** The draft is escaped by the domain's templates; every other piece of text from the official
  or a file is escaped in :mod:`civic_kit.apps.drafter_widgets`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from civic_kit.apps.drafter_widgets import (
    CSS,
    QuestionField,
    answer_to_value,
    build_field,
    button,
    comparison_html,
    coverage_html,
    field_value,
    initial_value,
    issues_html,
    options_for,
    preview_html,
    set_field_value,
    value_to_answer,
)
from civic_kit.i18n import LANGUAGES, normalize_language, t
from civic_kit.i18n.numbers import format_date
from civic_kit.policy import Answers, build_draft, compare, coverage, questionnaire, render_html, select
from civic_kit.policy.answers import (
    MAX_FILE_BYTES,
    answers_to_document,
    load_answers,
    parse_answers_document,
    save_answers,
    validate_answers,
)
from civic_kit.problems import CivicKitError, Issue
from civic_kit.ui.html import download_link, escape
from civic_kit.ui.shell import AppShell
from civic_kit.ui.widgets import take_upload, upload_button

__all__ = [
    "AUTOSAVE_DELAY_S",
    "App",
    "CompareSource",
    "DraftStore",
    "DrafterState",
    "Message",
    "RecentDraft",
    "build_app",
    "new_draft_id",
    "state_dir",
    "warm_up",
]

log = logging.getLogger(__name__)

#: Seconds of quiet typing after which the answers are autosaved (immediately when no event loop runs).
AUTOSAVE_DELAY_S = 1.0
#: Recent autosaves offered on start (newest first).
RECENT_LIMIT = 10
#: Problems listed at once for an uploaded file (the rest are counted).
MAX_FILE_ISSUES = 8
_SCAN_LIMIT = 60
_DRAFT_ID = re.compile(r"^[0-9a-f]{16}$")
_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html;charset=utf-8",
    "md": "text/markdown;charset=utf-8",
}


# -- autosaves on the server ---------------------------------------------------------------------------------------


def state_dir() -> Path:
    """Folder of the autosaved drafts: ``$CIVIC_KIT_STATE_DIR/drafts``, else ``~/.local/share/civic-kit/drafts``.

    ``XDG_DATA_HOME`` replaces ``~/.local/share`` when set, as desktop Linux expects.
    """
    configured = os.environ.get("CIVIC_KIT_STATE_DIR")
    if configured:
        return Path(configured).expanduser() / "drafts"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "civic-kit" / "drafts"


def new_draft_id() -> str:
    """A random, unguessable id for one draft's autosave file (16 hex digits)."""
    return secrets.token_hex(8)


@dataclass(frozen=True)
class RecentDraft:
    """An autosaved draft offered in "Continue a recent draft"."""

    draft_id: str
    municipality: str
    saved_at: dt.datetime

    def label(self, lang: str) -> str:
        """``Exemplópolis – 12/03/2026 14:05`` in the reader's date convention."""
        return t(
            "app.drafter.recent-option",
            lang,
            municipality=self.municipality,
            date=format_date(self.saved_at.date(), lang),
            time=self.saved_at.strftime("%H:%M"),
        )


class DraftStore:
    """Autosaved answers, one versioned JSON file per draft, written atomically.

    Parameters
    ----------
    folder
        Where the files live; default :func:`state_dir`. Created on the first save.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else state_dir()

    def path(self, draft_id: str) -> Path:
        """The file of ``draft_id``; ids that are not 16 hex digits are refused (no path tricks)."""
        if not isinstance(draft_id, str) or not _DRAFT_ID.match(draft_id):
            raise CivicKitError.of("app-drafter-recent-unreadable")
        return self.folder / f"{draft_id}.json"

    def save(self, draft_id: str, answers: Answers, lang: str) -> Path:
        """Write ``answers`` for ``draft_id`` (atomic: an interrupted save keeps the previous file)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return save_answers(answers, self.path(draft_id), lang)
        except (OSError, CivicKitError):
            raise CivicKitError.of("app-drafter-autosave-failed") from None

    def recent(self, *, exclude: str | None = None, limit: int = RECENT_LIMIT) -> list[RecentDraft]:
        """The newest readable autosaves, newest first; damaged or foreign files are skipped."""
        entries: list[tuple[float, Path]] = []
        try:
            candidates = list(self.folder.glob("*.json"))
        except OSError:
            return []
        for path in candidates:
            if not _DRAFT_ID.match(path.stem) or path.stem == exclude:
                continue
            try:
                entries.append((path.stat().st_mtime, path))
            except OSError:
                continue
        entries.sort(reverse=True)
        found: list[RecentDraft] = []
        for mtime, path in entries[:_SCAN_LIMIT]:
            try:
                answers, _lang = load_answers(path)
            except CivicKitError as error:
                log.info("skipping autosave %s: %s", path.name, error.issue.code)
                continue
            found.append(RecentDraft(path.stem, answers.municipality, dt.datetime.fromtimestamp(mtime)))
            if len(found) >= limit:
                break
        return found

    def load(self, draft_id: str) -> Answers:
        """The answers saved for ``draft_id``; a missing or damaged file gives one translated message."""
        try:
            answers, _lang = load_answers(self.path(draft_id))
        except CivicKitError:
            raise CivicKitError.of("app-drafter-recent-unreadable") from None
        return answers


# -- state --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A status-line message kept as key and parameters, so it is re-translated after a language switch."""

    kind: str
    key: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    more: int = 0
    """Problems not listed (beyond :data:`MAX_FILE_ISSUES`)."""

    def text(self, lang: str) -> str:
        parts = [t(self.key, lang, **self.params)] if self.key else []
        parts.extend(issue.message(lang) for issue in self.issues)
        if self.more:
            parts.append(t("app.drafter.more-issues", lang, count=self.more))
        return " • ".join(parts)


@dataclass(frozen=True)
class CompareSource:
    """The other draft of a comparison: answers from a recent autosave or an uploaded file."""

    answers: Answers
    file_name: str | None = None
    saved_at: dt.datetime | None = None

    def name(self, lang: str) -> str:
        if self.file_name is not None:
            return self.file_name
        when = self.saved_at or dt.datetime.now()
        return RecentDraft("", self.answers.municipality, when).label(lang)


@dataclass
class DrafterState:
    """Everything the official typed or chose; it outlives the language switch, which rebuilds the widgets."""

    values: dict[str, Any]
    """Widget value of every question (numbers as typed text, multi-choice as tuples of option values)."""
    touched: set[str] = field(default_factory=set)
    """Questions the official changed: only their problems are shown (a fresh form is not all red)."""
    answers: Answers | None = None
    """The last valid answers: what the preview, coverage, saves and exports show."""
    issues: tuple[Issue, ...] = ()
    """Problems of the values on screen (empty when they are valid)."""
    draft_id: str = field(default_factory=new_draft_id)
    open_group: int = 0
    compare_with: CompareSource | None = None
    message: Message | None = None
    saved_at: dt.datetime | None = None
    autosave_failed: bool = False

    @classmethod
    def fresh(cls) -> DrafterState:
        """A blank form: every question at its default, the required ones empty."""
        return cls(values={q.id: initial_value(q) for q in questionnaire().questions})


@dataclass
class _Widgets:
    """The widgets of one rendering of the body (rebuilt only when the language changes)."""

    fields: dict[str, QuestionField]
    steps: widgets.ToggleButtons
    """One button per group of questions (keyboard-operable, unlike the Accordion's headers)."""
    groups: list[widgets.VBox]
    step_title: widgets.HTML
    previous: widgets.Button
    next: widgets.Button
    recent_box: widgets.HBox
    recent: widgets.Dropdown
    reopen: widgets.Button
    upload: widgets.FileUpload
    validation: widgets.HTML
    stale: widgets.HTML
    preview: widgets.HTML
    coverage: widgets.HTML
    autosave: widgets.HTML
    save_link: widgets.HTML
    export: widgets.Button
    export_links: widgets.HTML
    compare_box: widgets.HBox
    compare_choice: widgets.Dropdown
    compare: widgets.Button
    compare_upload: widgets.FileUpload
    compare_update: widgets.Button
    compare_clear: widgets.Button
    comparison: widgets.HTML


# -- the app ------------------------------------------------------------------------------------------------------


class App:
    """The policy drafter: one :class:`DrafterState`, an :class:`AppShell`, widgets updated in place.

    Parameters
    ----------
    lang
        Initial language of the page and of the draft.
    state
        Start from this state (tests; default: a blank form).
    store
        Where autosaves go (default: :func:`state_dir`).
    autosave_delay
        Seconds of quiet before autosaving when an event loop runs (Voila); ``0`` saves at once.
    """

    def __init__(
        self,
        lang: str,
        state: DrafterState | None = None,
        *,
        store: DraftStore | None = None,
        autosave_delay: float = AUTOSAVE_DELAY_S,
    ) -> None:
        self.state = state or DrafterState.fresh()
        self.store = store or DraftStore()
        self.lang = normalize_language(lang)
        self.autosave_delay = autosave_delay
        self.draft: Any = None
        """The :class:`~civic_kit.policy.Draft` in the preview (``None`` until the answers are valid)."""
        self.coverage_report: Any = None
        self.comparison: Any = None
        """The :class:`~civic_kit.policy.compare.DraftComparison` on screen, if any."""
        self.recent: list[RecentDraft] = []
        self.refresh_ms: list[float] = []
        """Kernel time of each refresh after a change, in milliseconds (the last 200)."""
        self.w: _Widgets | None = None
        self._draft_key: tuple[Answers, str] | None = None
        self._coverage_key: tuple[Any, str] | None = None
        self._save_key: tuple[Answers, str] | None = None
        self._exports: tuple[tuple[Answers, str], dict[str, bytes]] | None = None
        self._comparison_key: tuple[CompareSource, Answers, str] | None = None
        self._saved_answers: Answers | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._syncing = False
        form = questionnaire()
        self._conditional = {f for q in form.questions if q.show_when for f in q.show_when.fields()}
        self._option_fields = {f for q in form.questions for o in q.options if o.when for f in o.when.fields()}
        self.shell = AppShell(
            title_key="app.policy-drafter.title",
            subtitle_key="app.drafter.subtitle",
            lang=self.lang,
            render_body=self._body,
            footer=lambda lang: t("app.drafter.footer", lang),
        )
        self.container = self.shell.container
        self._show_status()

    # -- building -------------------------------------------------------------------------------------------------
    def _body(self, lang: str) -> widgets.Widget:
        self.lang = lang
        form = questionnaire()
        state = self.state
        self._draft_key = self._save_key = self._coverage_key = None  # new widgets: nothing is on screen yet
        self.recent = self.store.recent(exclude=state.draft_id)
        fields: dict[str, QuestionField] = {}
        for question in form.questions:
            options = options_for(question, lang, state.values) if question.type == "choice" else None
            fields[question.id] = build_field(question, lang, state.values[question.id], options)
            if question.type == "choice":
                state.values[question.id] = field_value(fields[question.id])
        steps = widgets.ToggleButtons(
            options=[(g.title(lang), index) for index, g in enumerate(form.groups)],
            value=state.open_group,
            style={"button_width": "auto", "description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        steps.description = t("app.drafter.steps", lang)
        steps.add_class("ck-steps")
        w = _Widgets(
            fields=fields,
            steps=steps,
            groups=[widgets.VBox([fields[q.id].box for q in g.questions]) for g in form.groups],
            step_title=widgets.HTML(),
            previous=button(""),
            next=button("", "info"),
            recent_box=widgets.HBox(),
            recent=_dropdown(t("app.drafter.recent", lang)),
            reopen=button(t("app.drafter.reopen", lang), "primary"),
            upload=upload_button(t("app.drafter.open-file", lang), ".json,.yaml,.yml,application/json"),
            validation=widgets.HTML(),
            stale=widgets.HTML(),
            preview=widgets.HTML(),
            coverage=widgets.HTML(),
            autosave=widgets.HTML(),
            save_link=widgets.HTML(),
            export=button(t("app.drafter.export", lang), "primary"),
            export_links=widgets.HTML(),
            compare_box=widgets.HBox(),
            compare_choice=_dropdown(t("app.drafter.compare-with", lang)),
            compare=button(t("app.drafter.compare", lang)),
            compare_upload=upload_button(t("app.drafter.compare-file", lang), ".json,.yaml,.yml,application/json"),
            compare_update=button(t("app.drafter.compare-update", lang)),
            compare_clear=button(t("app.drafter.compare-clear", lang)),
            comparison=widgets.HTML(),
        )
        w.recent_box.children = [w.recent, w.reopen]
        w.compare_box.children = [w.compare_choice, w.compare]
        for box in (w.recent_box, w.compare_box):
            box.add_class("ck-row")
        self.w = w
        self._show_group()
        self._apply_visibility()
        self._render_recent()
        if state.compare_with is not None and state.answers is not None:
            self._draft_for(state.answers)
            self._compute_comparison()
        self._refresh(user=False)
        self._render_autosave()
        self._wire(w)  # after the first fill, so filling the widgets is not mistaken for the official's input
        return self._layout(w, lang)

    def _layout(self, w: _Widgets, lang: str) -> widgets.Widget:
        def h2(key: str) -> widgets.HTML:
            return widgets.HTML(f'<h2 lang="{lang}">{escape(t(key, lang))}</h2>')

        def help_text(key: str) -> widgets.HTML:
            return widgets.HTML(f'<p class="ck-help" lang="{lang}">{escape(t(key, lang))}</p>')

        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        start = widgets.VBox(
            [
                h2("app.drafter.section.start"),
                help_text("app.drafter.start-help"),
                w.recent_box,
                widgets.HBox([w.upload], layout=row),
                help_text("app.drafter.open-file-help"),
            ]
        )
        group_panel = widgets.VBox([w.step_title, *w.groups, widgets.HBox([w.previous, w.next], layout=row)])
        group_panel.add_class("ck-group-panel")
        form = widgets.VBox(
            [
                h2("app.drafter.section.questions"),
                help_text("app.drafter.questions-help"),
                w.validation,
                w.steps,
                group_panel,
            ]
        )
        form.add_class("ck-col-form")
        preview = widgets.VBox(
            [h2("app.drafter.section.preview"), w.stale, w.preview, h2("app.drafter.section.coverage"), w.coverage]
        )
        preview.add_class("ck-col-preview")
        columns = widgets.HBox([form, preview], layout=widgets.Layout(width="100%"))
        columns.add_class("ck-columns")
        save = widgets.VBox(
            [
                h2("app.drafter.section.save"),
                w.autosave,
                w.save_link,
                help_text("app.drafter.export-help"),
                widgets.HBox([w.export], layout=row),
                w.export_links,
            ]
        )
        comparison = widgets.VBox(
            [
                h2("app.drafter.section.compare"),
                help_text("app.drafter.compare-help"),
                w.compare_box,
                widgets.HBox([w.compare_upload, w.compare_update, w.compare_clear], layout=row),
                w.comparison,
            ]
        )
        for section in (save, comparison):
            section.add_class("ck-section")
        body = widgets.VBox([widgets.HTML(CSS), start, columns, save, comparison], layout=widgets.Layout(width="100%"))
        body.add_class("ck-drafter")
        return body

    def _wire(self, w: _Widgets) -> None:
        """Connect every input to one state change followed by :meth:`_refresh`, each through ``guard``."""
        for qid, item in w.fields.items():
            if item.checkboxes:
                for _option, box in item.checkboxes:
                    box.observe(
                        self._guarded(lambda _c, qid=qid, item=item: self._on_value(qid, field_value(item))),
                        names="value",
                    )
            else:
                assert item.input is not None
                item.input.observe(self._guarded(lambda c, qid=qid: self._on_value(qid, c["new"])), names="value")
        w.steps.observe(self._guarded(self._on_group), names="value")
        w.previous.on_click(self._guarded(lambda _b: self.go_to_group(self.state.open_group - 1)))
        w.next.on_click(self._guarded(lambda _b: self.go_to_group(self.state.open_group + 1)))
        w.reopen.on_click(self._guarded(lambda _b: self.reopen_recent(w.recent.value)))
        w.upload.observe(self._guarded(lambda _c: self._read_upload(w.upload, self.open_file)), names="value")
        w.export.on_click(self._guarded(lambda _b: self.create_files()))
        w.compare.on_click(self._guarded(lambda _b: self.compare_with_recent(w.compare_choice.value)))
        w.compare_upload.observe(
            self._guarded(lambda _c: self._read_upload(w.compare_upload, self.compare_file)), names="value"
        )
        w.compare_update.on_click(self._guarded(lambda _b: self.update_comparison()))
        w.compare_clear.on_click(self._guarded(lambda _b: self.stop_comparing()))

    def _guarded(self, callback: Callable[[Any], Any]) -> Callable[[Any], Any]:
        # The shell does not exist yet while its constructor renders the body the first time, so the guard is
        # looked up when an event arrives (always after construction).
        def run(argument: Any) -> Any:
            return self.shell.guard(callback)(argument)

        return run

    # -- input ----------------------------------------------------------------------------------------------------
    def _on_value(self, qid: str, value: Any) -> None:
        if self._syncing:
            return
        self.state.values[qid] = value
        self.state.touched.add(qid)
        self.state.message = None
        if qid in self._option_fields:
            self._sync_options()
        if qid in self._conditional:
            self._apply_visibility()
        self._refresh()

    def _on_group(self, change: Mapping[str, Any]) -> None:
        if self._syncing or not isinstance(change["new"], int):
            return
        self.state.open_group = change["new"]
        self._show_group()

    def go_to_group(self, index: int) -> None:
        """Show group ``index`` of the questionnaire (the step buttons, Previous and Next all land here)."""
        assert self.w is not None
        index = max(0, min(index, len(self.w.groups) - 1))
        self.state.open_group = index
        with self._silenced():
            self.w.steps.value = index
        self._show_group()

    def _show_group(self) -> None:
        """Show only the open group, its "Step n of N" heading and the neighbouring steps' buttons."""
        assert self.w is not None
        lang = self.lang
        groups = questionnaire().groups
        current = self.state.open_group
        for index, box in enumerate(self.w.groups):
            box.layout.display = None if index == current else "none"
        title = t(
            "app.drafter.step-title", lang, number=current + 1, total=len(groups), group=groups[current].title(lang)
        )
        self.w.step_title.value = f'<h3 class="ck-step-title" lang="{lang}">{escape(title)}</h3>'
        previous, following = self.w.previous, self.w.next
        previous.layout.display = None if current > 0 else "none"
        following.layout.display = None if current < len(groups) - 1 else "none"
        if current > 0:
            previous.description = t("app.drafter.previous", lang, group=groups[current - 1].title(lang))
        if current < len(groups) - 1:
            following.description = t("app.drafter.next", lang, group=groups[current + 1].title(lang))

    def set_answer(self, qid: str, value: Any) -> None:
        """Change one question's widget as the official would (used by tests and scripted demos)."""
        assert self.w is not None
        set_field_value(self.w.fields[qid], value)

    @contextlib.contextmanager
    def _silenced(self) -> Iterator[None]:
        """Programmatic widget changes inside this block are not the official's input."""
        previous = self._syncing
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = previous

    def _sync_options(self) -> None:
        """Offer only the options that apply (a Brazilian city cannot adopt an *ordenanza*)."""
        assert self.w is not None
        lang = self.lang
        with self._silenced():
            for qid, item in self.w.fields.items():
                question = item.question
                if question.type != "choice" or not any(o.when for o in question.options):
                    continue
                choices = options_for(question, lang, self.state.values)
                dropdown = item.input
                assert dropdown is not None
                allowed = [value for _label, value in choices]
                if [tuple(o) for o in dropdown.options] != choices:
                    dropdown.options = choices
                current = self.state.values[qid]
                chosen = current if current in allowed else allowed[0]
                if dropdown.value != chosen:
                    dropdown.value = chosen
                self.state.values[qid] = chosen

    def _apply_visibility(self) -> None:
        assert self.w is not None
        for item in self.w.fields.values():
            if item.question.show_when is not None:
                item.box.layout.display = None if item.question.visible(self.state.values) else "none"

    def _sync_widgets(self) -> None:
        """Show ``state.values`` in the widgets (after opening a file) without treating it as typing."""
        assert self.w is not None
        with self._silenced():
            self._sync_options()
            for qid, item in self.w.fields.items():
                set_field_value(item, self.state.values[qid])
        self._apply_visibility()

    def _answers_input(self) -> dict[str, Any]:
        """The answers to validate: hidden questions are left out, so they keep their defaults."""
        values = self.state.values
        return {q.id: value_to_answer(q, values[q.id]) for q in questionnaire().questions if q.visible(values)}

    # -- refresh --------------------------------------------------------------------------------------------------
    def _refresh(self, *, user: bool = True) -> None:
        """Validate the answers on screen and update every output widget in place.

        Valid answers rebuild the preview and coverage (only when they or the language changed) and schedule
        an autosave; invalid ones leave the last valid draft on screen, marked as such.
        """
        if self.w is None:
            return
        start = time.perf_counter()
        state = self.state
        report = validate_answers(self._answers_input())
        state.issues = report.issues
        if report.valid and report.answers is not None:
            answers = report.answers
            changed = answers != state.answers
            state.answers = answers
            self._draft_for(answers)
            if changed and user:
                self._schedule_autosave()
        elif state.answers is not None:
            self._draft_for(state.answers)  # only redraws after a language switch
        else:
            self._show_missing()
        self._render_issues()
        self._render_save()
        self._render_exports()
        self._render_comparison()
        self._show_status()
        if user:
            self.refresh_ms = [*self.refresh_ms[-199:], (time.perf_counter() - start) * 1000]

    def _draft_for(self, answers: Answers) -> None:
        """Preview and coverage of ``answers`` in the page language (skipped when already on screen)."""
        assert self.w is not None
        lang = self.lang
        if self._draft_key == (answers, lang):
            return
        selection = select(answers)
        draft = build_draft(answers, lang, selection)
        report = coverage(answers, selection)
        self.w.preview.value = preview_html(render_html(draft, standalone=False), lang)
        # Coverage changes only when clauses come or go, not while a name is being typed: skip the ~15 kB
        # panel then, so each keystroke sends the browser only the new preview.
        coverage_key = (report.items, lang)
        if coverage_key != self._coverage_key:
            self.w.coverage.value = coverage_html(report.to_dict(lang), lang)
            self._coverage_key = coverage_key
        self.draft, self.coverage_report = draft, report
        self._draft_key = (answers, lang)

    def _show_missing(self) -> None:
        """No valid answers yet: say which answers the first draft needs."""
        assert self.w is not None
        lang = self.lang
        form = questionnaire()
        wanted = {i.column for i in self.state.issues if i.column}
        labels = [q.label(lang) for q in form.questions if q.id in wanted]
        self.w.preview.value = preview_html(None, lang, missing=labels)
        self.w.coverage.value = f'<p class="ck-help" lang="{lang}">{escape(t("app.drafter.coverage-empty", lang))}</p>'
        self._draft_key = self._coverage_key = None
        self.draft = self.coverage_report = None

    def visible_issues(self) -> list[Issue]:
        """Problems of questions the official touched (or of the whole file they opened)."""
        touched = self.state.touched
        return [i for i in self.state.issues if i.column is None or i.column in touched]

    def _render_issues(self) -> None:
        assert self.w is not None
        lang = self.lang
        form = questionnaire()
        shown = self.visible_issues()
        by_field: dict[str, list[str]] = {}
        for issue in shown:
            by_field.setdefault(issue.column or "", []).append(issue.message(lang))
        for qid, item in self.w.fields.items():
            messages = by_field.get(qid, [])
            text = "".join(f'<p class="ck-field-error" lang="{lang}">{escape(m)}</p>' for m in messages)
            assert item.error is not None
            if item.error.value != text:
                item.error.value = text
            if messages:
                item.box.add_class("ck-field-invalid")
            else:
                item.box.remove_class("ck-field-invalid")
        titles = []
        lines = []
        for group in form.groups:
            count = sum(len(by_field.get(q.id, [])) for q in group.questions)
            title = group.title(lang)
            titles.append(t("app.drafter.group-problems", lang, group=title, count=count) if count else title)
            lines.extend(f"{title}: {m}" for q in group.questions for m in by_field.get(q.id, []))
        lines.extend(by_field.get("", []))
        options = [(title, index) for index, title in enumerate(titles)]
        if [tuple(o) for o in self.w.steps.options] != options:
            with self._silenced():  # new labels reset the selection: put it back without "changing group"
                self.w.steps.options = options
                self.w.steps.value = self.state.open_group
        heading = t("app.drafter.issues-heading", lang, count=len(lines))
        self.w.validation.value = issues_html(lines, lang, heading=heading)
        stale = ""
        if self.state.issues and self.state.answers is not None:
            stale = f'<div class="ck-note ck-note-warning" lang="{lang}">{escape(t("app.drafter.stale", lang))}</div>'
        self.w.stale.value = stale

    def _current(self) -> Answers | None:
        """The valid answers on screen right now (``None`` while something is invalid)."""
        return self.state.answers if not self.state.issues else None

    def _render_save(self) -> None:
        assert self.w is not None
        lang = self.lang
        answers = self._current()
        if answers is None:
            key = "app.drafter.save-unavailable" if self.state.answers is not None else "app.drafter.save-first"
            self.w.save_link.value = f'<p class="ck-help" lang="{lang}">{escape(t(key, lang))}</p>'
            self._save_key = None
            return
        if self._save_key == (answers, lang):
            return
        document = json.dumps(answers_to_document(answers, lang), ensure_ascii=False, indent=2) + "\n"
        link = download_link(
            document.encode("utf-8"),
            _file_name(t("app.drafter.answers-stem", lang), answers.municipality, "json"),
            "application/json",
            t("app.drafter.download-answers", lang),
        )
        self.w.save_link.value = f'<p lang="{lang}">{link}</p>'
        self._save_key = (answers, lang)

    def _render_exports(self) -> None:
        assert self.w is not None
        lang = self.lang
        answers = self._current()
        self.w.export.disabled = answers is None
        if self._exports is None:
            self.w.export_links.value = ""
            return
        key, files = self._exports
        if key != (answers, lang):
            note = t("app.drafter.export-outdated", lang)
            self.w.export_links.value = f'<div class="ck-note ck-note-warning" lang="{lang}">{escape(note)}</div>'
            return
        assert answers is not None
        links = "".join(
            download_link(
                files[fmt],
                _file_name(t("app.drafter.draft-stem", lang), answers.municipality, fmt),
                _MIME[fmt],
                t(f"app.drafter.download.{fmt}", lang),
            )
            for fmt in ("docx", "html", "md")
        )
        self.w.export_links.value = f'<div class="ck-downloads" lang="{lang}">{links}</div>'

    def _render_comparison(self) -> None:
        assert self.w is not None
        w = self.w
        source = self.state.compare_with
        active = source is not None and self.comparison is not None and self._comparison_key is not None
        w.compare_clear.layout.display = None if source is not None else "none"
        if not active:
            w.compare_update.layout.display = "none"
            if w.comparison.value:
                w.comparison.value = ""
            return
        assert source is not None and self._comparison_key is not None
        outdated = self._comparison_key[1:] != (self._current(), self.lang)
        w.compare_update.layout.display = None if outdated else "none"
        w.comparison.value = comparison_html(self.comparison, self.lang, name=source.name(self.lang), outdated=outdated)

    def _render_recent(self) -> None:
        assert self.w is not None
        w = self.w
        options = [(r.label(self.lang), r.draft_id) for r in self.recent]
        for dropdown, box in ((w.recent, w.recent_box), (w.compare_choice, w.compare_box)):
            dropdown.options = options
            dropdown.value = options[0][1] if options else None
            box.layout.display = None if options else "none"

    def _render_autosave(self) -> None:
        assert self.w is not None
        lang = self.lang
        if self.state.autosave_failed:
            text, kind = t("app.drafter.autosave-failed", lang), "warning"
        elif self.state.saved_at is not None:
            text = t("app.drafter.autosaved", lang, time=self.state.saved_at.strftime("%H:%M:%S"))
            kind = "success"
        else:
            text, kind = t("app.drafter.autosave-info", lang), "info"
        self.w.autosave.value = f'<div class="ck-note ck-note-{kind}" lang="{lang}">{escape(text)}</div>'

    # -- status line ---------------------------------------------------------------------------------------------
    def _say(
        self, kind: str, key: str | None = None, *, issues: tuple[Issue, ...] = (), more: int = 0, **params: Any
    ) -> None:
        self.state.message = Message(kind, key, params, issues, more)
        self._show_status()

    def _show_status(self) -> None:
        shell = getattr(self, "shell", None)
        if shell is None:
            return
        lang = self.lang
        message = self.state.message
        if message is not None:
            shell.notify(message.text(lang), message.kind)
            return
        count = len(self.visible_issues())
        if count:
            shell.notify(t("app.drafter.invalid", lang, count=count), "warning")
        else:
            shell.clear_status()

    # -- autosave -------------------------------------------------------------------------------------------------
    def _schedule_autosave(self) -> None:
        self._cancel_autosave()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python (tests, scripts): no loop to wait on
            loop = None
        if loop is None or self.autosave_delay <= 0:
            self.autosave()
            return

        def fire() -> None:
            self._timer = None
            self.shell.guard(self.autosave)()

        self._timer = loop.call_later(self.autosave_delay, fire)

    def _cancel_autosave(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def autosave_pending(self) -> bool:
        """An autosave is waiting for the official to stop typing."""
        return self._timer is not None

    def flush_autosave(self) -> None:
        """Write a pending autosave now (before the draft being edited changes)."""
        if self._timer is not None:
            self._cancel_autosave()
            self.autosave()

    def autosave(self) -> None:
        """Save the current valid answers under this draft's id, unless that exact version is saved already.

        A failing disk never interrupts the official: the app says that automatic saving is not working
        and points to the download link.
        """
        answers = self.state.answers
        if answers is None or answers == self._saved_answers:
            return
        try:
            self.store.save(self.state.draft_id, answers, self.lang)
        except CivicKitError as error:
            log.warning("autosave failed in %s: %s", self.store.folder, error.issue.code)
            self.state.autosave_failed = True
        else:
            self._saved_answers = answers
            self.state.saved_at = dt.datetime.now()
            self.state.autosave_failed = False
        if self.w is not None:
            self._render_autosave()

    # -- actions (also the API the unit tests drive) ---------------------------------------------------------------
    def _load(self, answers: Answers, *, draft_id: str | None = None) -> None:
        """Replace the form with ``answers``; the draft continues under ``draft_id`` or a new id."""
        self.flush_autosave()
        form = questionnaire()
        state = self.state
        state.values = {q.id: answer_to_value(q, getattr(answers, q.id)) for q in form.questions}
        state.touched = set()
        state.message = None
        if draft_id is not None:
            state.draft_id = draft_id
            self._saved_answers = answers  # that file already holds these answers
        else:
            state.draft_id = new_draft_id()
            self._saved_answers = None
        state.saved_at = None
        self._sync_widgets()
        self._refresh()
        self.recent = self.store.recent(exclude=state.draft_id)
        self._render_recent()
        self._render_autosave()

    def reopen_recent(self, draft_id: str | None) -> None:
        """Continue an autosaved draft: its answers replace the form and later changes are saved into it."""
        if not draft_id:
            self._say("info", "app.drafter.pick-recent")
            return
        try:
            answers = self.store.load(draft_id)
        except CivicKitError as error:
            self._say("error", issues=(error.issue,))
            return
        self._load(answers, draft_id=draft_id)
        self._say("success", "app.drafter.reopened", municipality=answers.municipality)

    def _answers_from_file(self, content: bytes, name: str) -> Answers | None:
        """Read an answers file; on any problem say what is wrong (every problem) and return ``None``."""
        try:
            saved = parse_answers_document(content, name)
        except CivicKitError as error:
            self._say("error", "app.drafter.file-refused", issues=(error.issue,), name=name)
            return None
        report = validate_answers(saved.answers)
        if not report.valid or report.answers is None:
            issues = report.issues
            self._say(
                "error",
                "app.drafter.file-invalid",
                issues=tuple(issues[:MAX_FILE_ISSUES]),
                more=max(0, len(issues) - MAX_FILE_ISSUES),
                name=name,
                count=len(issues),
            )
            return None
        return report.answers

    def open_file(self, content: bytes, name: str) -> None:
        """Open saved answers (JSON from this app, or a hand-written YAML); a bad file changes nothing."""
        answers = self._answers_from_file(content, name)
        if answers is None:
            return
        self._load(answers)
        self._say("success", "app.drafter.file-opened", name=name)

    def _read_upload(self, upload: widgets.FileUpload, action: Callable[[bytes, str], None]) -> None:
        try:
            take_upload(upload, action, max_bytes=MAX_FILE_BYTES)
        except CivicKitError as error:
            self._say("error", issues=(error.issue,))

    def create_files(self) -> None:
        """Make the .docx, .html and .md of the current draft and offer them as download links."""
        answers = self._current()
        if answers is None or self.draft is None:
            self._say("error", "app.drafter.export-invalid")
            return
        from civic_kit.policy.export import draft_bytes

        self._draft_for(answers)
        files = {fmt: draft_bytes(self.draft, fmt) for fmt in ("docx", "html", "md")}
        self._exports = ((answers, self.lang), files)
        self._render_exports()
        self._say("success", "app.drafter.files-ready")

    @property
    def export_files(self) -> dict[str, bytes]:
        """The files behind the current download links (empty when there are none or they are outdated)."""
        if self._exports is None or self._exports[0] != (self._current(), self.lang):
            return {}
        return dict(self._exports[1])

    def compare_with_recent(self, draft_id: str | None) -> None:
        """Compare a recent autosave (before) with the current answers (after)."""
        if not draft_id:
            self._say("info", "app.drafter.pick-recent")
            return
        try:
            answers = self.store.load(draft_id)
        except CivicKitError as error:
            self._say("error", issues=(error.issue,))
            return
        when = next((r.saved_at for r in self.recent if r.draft_id == draft_id), None)
        self._start_comparison(CompareSource(answers, saved_at=when))

    def compare_file(self, content: bytes, name: str) -> None:
        """Compare an uploaded answers file (before) with the current answers (after)."""
        answers = self._answers_from_file(content, name)
        if answers is not None:
            self._start_comparison(CompareSource(answers, file_name=name))

    def _start_comparison(self, source: CompareSource) -> None:
        if self._current() is None:
            self._say("error", "app.drafter.compare-needs-draft")
            return
        previous = self.state.compare_with
        self.state.compare_with = source
        try:
            self._compute_comparison()
        except CivicKitError:
            self.state.compare_with = previous
            raise
        self._render_comparison()
        self._say("success", "app.drafter.compared", name=source.name(self.lang))

    def update_comparison(self) -> None:
        """Compare the same other draft again with the answers as they are now."""
        if self.state.compare_with is None:
            return
        if self._current() is None:
            self._say("error", "app.drafter.compare-needs-draft")
            return
        self._compute_comparison()
        self._render_comparison()

    def _compute_comparison(self) -> None:
        source = self.state.compare_with
        current = self.state.answers
        if source is None or current is None:
            return
        self._draft_for(current)
        before = build_draft(source.answers, self.lang)
        self.comparison = compare(before, self.draft)
        self._comparison_key = (source, current, self.lang)

    def stop_comparing(self) -> None:
        self.state.compare_with = None
        self.comparison = None
        self._comparison_key = None
        self._render_comparison()


# -- helpers ------------------------------------------------------------------------------------------------------


def _dropdown(label: str) -> widgets.Dropdown:
    dropdown = widgets.Dropdown(options=[], layout=widgets.Layout(width="min(100%, 560px)"))
    dropdown.description = label
    dropdown.style.description_width = "initial"
    return dropdown


def _file_name(stem: str, municipality: str, extension: str) -> str:
    """``minuta-exemplopolis.docx``: ASCII only, so every browser and file system keeps the name."""
    ascii_name = unicodedata.normalize("NFKD", municipality).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"{stem}-{slug}.{extension}" if slug else f"{stem}.{extension}"


# -- entry points -------------------------------------------------------------------------------------------------


def warm_up() -> None:
    """Load the questionnaire, catalogue, templates and python-docx before a visitor arrives.

    The first draft a kernel builds reads YAML catalogues and compiles Jinja templates (~0.3 s), and the
    first .docx imports python-docx and lxml; a preheated Voila kernel does all of that here.
    """
    from civic_kit.policy.export import draft_bytes

    questionnaire()
    answers = Answers(municipality="Vale Verde", population=120_000, issuing_authority="O Prefeito Municipal")
    selection = select(answers)
    draft = None
    for lang in LANGUAGES:
        draft = build_draft(answers, lang, selection)
        render_html(draft, standalone=False)
        coverage(answers, selection).to_dict(lang)
        draft_bytes(draft, "md")
        draft_bytes(draft, "html")
    assert draft is not None
    draft_bytes(draft, "docx")
    compare(draft, draft)


def build_app(lang: str | None = None) -> widgets.Widget:
    """The policy drafter for ``lang`` (default: the page's ``?lang=`` or pt-BR)."""
    from civic_kit.ui.request import request_language

    return App(request_language(lang)).container
