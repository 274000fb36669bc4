"""Transparency self-assessment: how far is our city from what the law asks?

An official answers the checklist (yes / partial / no / not applicable, with an optional note) item by
item, grouped by theme. The score, the level or seal, the essential items met, a chart by theme and the
prioritised list of what is missing follow every answer. The assessment can be exported as a printable
HTML page or a Word document, saved as a JSON file and reopened later.

Why autosave: an assessment takes an afternoon, and a closed tab or a dropped connection must not cost
it. After every change the assessment is written atomically (:func:`civic_kit.transparency.save`) to a
server-side folder (:func:`autosave_dir`), under a random file name; on start the app offers the most
recent autosaves, so an official can continue where they stopped. Everybody who uses the same server
sees that list; the app says so.

Why items are built lazily: the checklist has 44 items and each needs three widgets. Only the themes an
official opens are built, so the page appears fast and an answer only updates the result widgets.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from civic_kit.i18n import DEFAULT_LANGUAGE, t
from civic_kit.i18n.numbers import format_date
from civic_kit.problems import CivicKitError
from civic_kit.transparency import (
    ANSWERS,
    COUNTRIES,
    AssessmentResult,
    Checklist,
    SelfAssessment,
    assess,
    load_checklist,
    percent_text,
)
from civic_kit.ui.html import bar_chart, download_link, escape
from civic_kit.ui.shell import AppShell
from civic_kit.ui.widgets import labelled, take_upload, upload_button

__all__ = [
    "AUTOSAVE_PREFIX",
    "MAX_NAME_LENGTH",
    "RECENT_LIMIT",
    "App",
    "RecentAssessment",
    "TransparencyState",
    "autosave_dir",
    "build_app",
    "default_country",
    "recent_assessments",
    "warm_up",
]

log = logging.getLogger(__name__)

#: Autosave files are ``transparency-<16 hex digits>.json``; nothing else in the folder is ever read.
AUTOSAVE_PREFIX = "transparency-"
_AUTOSAVE_NAME = re.compile(r"^transparency-([0-9a-f]{16})\.json$")
#: How many recent autosaves the "continue" list offers.
RECENT_LIMIT = 10
#: Municipality names longer than this are refused (the domain's own limit).
MAX_NAME_LENGTH = 200
_MAX_POPULATION = 50_000_000
_GAPS_SHOWN = 10
_COUNTRY_ORDER = {"es": ("MX", "CO", "CL", "AR", "BR")}

# The result panel sticks to the top of the page while the official scrolls the questions. Sticky only works
# when no box between the panel and the page's scroller clips its content, so the page's own wrappers are
# told not to clip -- only on this app's page (``:has``), where nothing else is shown.
_CSS = """<style>
.ck-transparency .ck-columns{gap:20px}
.ck-transparency .ck-sticky{position:sticky;top:8px;align-self:flex-start}
.ck-app:has(.ck-transparency),.jp-OutputArea:has(.ck-transparency),.jp-OutputArea-child:has(.ck-transparency),
.jp-OutputArea-output:has(.ck-transparency){overflow:visible}
.ck-transparency .ck-panel{border:1px solid #b8c4ce;border-radius:8px;padding:4px 14px 10px;background:#fff}
.ck-transparency .ck-score{font-size:2.1rem;font-weight:700;color:#0b4a75;margin:.1em 0}
.ck-transparency .ck-level{font-size:1.05rem;margin:.2em 0}
.ck-transparency .ck-help{font-size:.9rem;color:#3d3d3d;margin:.2em 0}
.ck-transparency .ck-section-head{align-items:center;justify-content:space-between;border-top:1px solid #c8c8c8;
 margin-top:.4em}
.ck-transparency .ck-section-head h3{font-size:1.08rem;margin:.5em 0 .1em}
.ck-transparency .ck-progress{margin:0 0 .4em;font-size:.9rem;color:#3d3d3d}
.ck-transparency .ck-item{border-left:4px solid #9cc3de;padding:2px 0 6px 12px;margin:6px 0 12px}
.ck-transparency .ck-answer{flex-direction:column;align-items:flex-start;height:auto}
.ck-transparency .ck-answer>.widget-label{font-weight:600;font-size:.98rem;white-space:normal;max-width:none;
 width:auto;line-height:1.35;margin-bottom:2px}
.ck-transparency .ck-answer .widget-radio-box{flex-direction:row;flex-wrap:wrap;gap:2px 18px}
.ck-transparency .ck-answer .widget-radio-box label{width:auto}
.ck-transparency .ck-item p{margin:.2em 0;font-size:.9rem}
.ck-transparency .ck-item p.ck-meta{font-size:.85rem;color:#3d3d3d}
.ck-transparency .ck-panel .ck-bar-row{grid-template-columns:minmax(110px,44%) 1fr 56px;line-height:1.25}
.ck-transparency .ck-notes li{margin-bottom:.3em;line-height:1.45}
.ck-transparency .ck-item details{margin:.2em 0;font-size:.92rem}
.ck-transparency .ck-item summary{cursor:pointer;color:#0b4a75}
.ck-transparency .ck-gaps li{margin-bottom:.6em}
.ck-transparency .ck-gaps p{margin:.1em 0}
</style>"""


# -- where autosaves live ---------------------------------------------------------------------------------------


def autosave_dir() -> Path:
    """``$CIVIC_KIT_STATE_DIR`` if set, else ``~/.local/share/civic-kit/assessments``.

    A deployer points the variable at a folder that survives restarts (and is backed up).
    """
    configured = os.environ.get("CIVIC_KIT_STATE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "civic-kit" / "assessments"


@dataclass(frozen=True)
class RecentAssessment:
    """One autosave offered under "Continue a recent assessment"."""

    autosave_id: str
    path: Path
    saved_at: dt.datetime
    assessment: SelfAssessment

    def label(self, lang: str, checklist: Checklist) -> str:
        """``Vale Verde — 27/11/2026 14:05 (12 of 44 answered)`` in ``lang``."""
        items = {item.id for item in checklist.for_country(self.assessment.country)}
        answered = len(items & set(self.assessment.answers))
        name = self.assessment.municipality.strip() or t("transparency.report.unnamed", lang)
        when = f"{format_date(self.saved_at.date(), lang)} {self.saved_at:%H:%M}"
        return t(
            "app.transparency.recent-option",
            lang,
            name=name,
            when=when,
            country=t(f"transparency.country.{self.assessment.country}", lang),
            answered=answered,
            total=len(items),
        )


def recent_assessments(
    folder: Path, *, limit: int = RECENT_LIMIT, exclude: str | None = None
) -> list[RecentAssessment]:
    """The most recent readable autosaves in ``folder``, newest first.

    Files that cannot be read (damaged, from a newer civic-kit, not ours) are skipped and left as they
    are: the list must never fail because of one bad file.
    """
    from civic_kit.transparency import load

    try:
        entries = [
            (entry.stat().st_mtime, match.group(1), entry)
            for entry in folder.iterdir()
            if (match := _AUTOSAVE_NAME.match(entry.name)) and entry.is_file()
        ]
    except OSError:
        return []
    recent: list[RecentAssessment] = []
    for mtime, autosave_id, path in sorted(entries, reverse=True)[: limit * 3]:
        if autosave_id == exclude:
            continue
        try:
            assessment = load(path)
        except CivicKitError as error:
            log.warning("skipping autosave %s: %s", path.name, error.issue.code)
            continue
        recent.append(RecentAssessment(autosave_id, path, dt.datetime.fromtimestamp(mtime), assessment))
        if len(recent) == limit:
            break
    return recent


def default_country(lang: str) -> str:
    """Brazil, except in the Spanish interface, which starts on the first Spanish-speaking country (Mexico)."""
    return _COUNTRY_ORDER.get(lang, COUNTRIES)[0]


# -- state ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Percent:
    """A score kept as a number in a status message, so the message can be re-translated later."""

    value: Any

    def text(self, lang: str) -> str:
        return percent_text(self.value, lang)


@dataclass
class TransparencyState:
    """Everything the official did; it outlives a language switch, which rebuilds every widget."""

    assessment: SelfAssessment
    open_dimensions: frozenset[str] = frozenset()
    """Themes whose items are shown."""
    autosave_id: str | None = None
    """File this session autosaves to (``None`` until the first change)."""
    saved_at: dt.datetime | None = None
    message: tuple[str, str, dict[str, Any]] | None = field(default=None, compare=False)
    """Last status message as ``(kind, key, params)``, re-translated after a language switch."""


@dataclass
class _Item:
    radio: widgets.RadioButtons
    note: widgets.Textarea


@dataclass
class _Section:
    header: widgets.HTML
    toggle: widgets.Button
    items: widgets.VBox
    built: bool = False


@dataclass
class _Widgets:
    recent: widgets.Dropdown
    reopen: widgets.Button
    recent_note: widgets.HTML
    upload: widgets.FileUpload
    name: widgets.Text
    population: widgets.BoundedIntText
    country: widgets.Dropdown
    sections: widgets.VBox
    score: widgets.HTML
    chart: widgets.HTML
    autosave: widgets.HTML
    gaps: widgets.HTML
    notes: widgets.HTML
    prepare: widgets.Button
    exports: widgets.HTML


# -- the app ----------------------------------------------------------------------------------------------------


class App:
    """The self-assessment app: one :class:`TransparencyState`, an :class:`AppShell`, widgets updated in place.

    Parameters
    ----------
    lang
        Initial language.
    state
        Start from this state; default: an empty assessment for :func:`default_country`.
    state_dir
        Folder for autosaves; default :func:`autosave_dir`.
    """

    def __init__(self, lang: str, state: TransparencyState | None = None, *, state_dir: Path | None = None) -> None:
        self.lang = lang
        self.state_dir = Path(state_dir) if state_dir is not None else autosave_dir()
        self.checklist = load_checklist()
        if state is None:
            country = default_country(lang)
            state = TransparencyState(SelfAssessment(country=country), frozenset(self._dimensions(country)[:1]))
        self.state = state
        self.result: AssessmentResult | None = None
        self.recent = recent_assessments(self.state_dir, exclude=state.autosave_id)
        self.w: _Widgets | None = None
        self._items: dict[str, _Item] = {}
        self._sections: dict[str, _Section] = {}
        self._syncing = False
        self.shell = AppShell(
            title_key="app.transparency.title",
            subtitle_key="app.transparency.subtitle",
            lang=lang,
            render_body=self._body,
            footer=lambda lang: t("transparency.report.footer", lang),
        )
        self.container = self.shell.container

    # -- building -----------------------------------------------------------------------------------------------
    def _body(self, lang: str) -> widgets.Widget:
        self.lang = lang
        assessment = self.state.assessment
        countries = _COUNTRY_ORDER.get(lang, COUNTRIES)
        w = _Widgets(
            recent=labelled(widgets.Dropdown(options=[]), t("app.transparency.recent", lang), width="640px"),
            reopen=_button(t("app.transparency.reopen", lang), "primary"),
            recent_note=widgets.HTML(),
            upload=upload_button(t("app.transparency.open-file", lang), ".json,application/json"),
            name=labelled(
                widgets.Text(value=assessment.municipality, continuous_update=False),
                t("app.transparency.municipality", lang),
                width="520px",
            ),
            population=labelled(
                widgets.BoundedIntText(value=assessment.population or 0, min=0, max=_MAX_POPULATION),
                t("app.transparency.population", lang),
                width="420px",
            ),
            country=labelled(
                widgets.Dropdown(
                    options=[(t(f"transparency.country.{code}", lang), code) for code in countries],
                    value=assessment.country,
                ),
                t("app.transparency.country", lang),
                width="320px",
            ),
            sections=widgets.VBox(layout=widgets.Layout(width="100%")),
            score=widgets.HTML(),
            chart=widgets.HTML(),
            autosave=widgets.HTML(),
            gaps=widgets.HTML(),
            notes=widgets.HTML(),
            prepare=_button(t("app.transparency.prepare", lang), "primary"),
            exports=widgets.HTML(),
        )
        w.name.placeholder = t("app.transparency.municipality-placeholder", lang)
        self.w = w
        self._render_recent()
        self._build_sections()
        self._refresh(save=False, announce=False)
        self._wire(w)

        def heading(level: int, key: str) -> widgets.HTML:
            return widgets.HTML(f'<h{level} lang="{lang}">{escape(t(key, lang))}</h{level}>')

        def help_text(key: str) -> widgets.HTML:
            return widgets.HTML(f'<p class="ck-help" lang="{lang}">{escape(t(key, lang))}</p>')

        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        questions = widgets.VBox(
            [
                heading(2, "app.transparency.section.continue"),
                w.recent_note,
                widgets.HBox([w.recent, w.reopen], layout=row),
                widgets.HBox([w.upload], layout=row),
                heading(2, "app.transparency.section.about"),
                w.name,
                widgets.HBox([w.population, w.country], layout=row),
                help_text("app.transparency.population-help"),
                heading(2, "app.transparency.section.checklist"),
                help_text("app.transparency.checklist-help"),
                w.sections,
            ],
            layout=widgets.Layout(flex="3 1 560px", min_width="0"),
        )
        panel = widgets.VBox(
            [heading(2, "app.transparency.section.result"), w.score, w.chart, w.autosave],
            layout=widgets.Layout(flex="2 1 340px", min_width="0"),
        )
        panel.add_class("ck-sticky")
        panel.add_class("ck-panel")
        columns = widgets.HBox([questions, panel], layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        columns.add_class("ck-columns")
        after = widgets.VBox(
            [
                heading(2, "app.transparency.section.gaps"),
                w.gaps,
                heading(3, "transparency.report.notes-heading"),
                w.notes,
                heading(2, "app.transparency.section.export"),
                help_text("app.transparency.export-help"),
                widgets.HBox([w.prepare]),
                w.exports,
            ]
        )
        body = widgets.VBox([widgets.HTML(_CSS), columns, after], layout=widgets.Layout(width="100%"))
        body.add_class("ck-transparency")
        return body

    def _wire(self, w: _Widgets) -> None:
        """Connect every input to one state change and :meth:`_refresh`, each through the shell's guard."""
        w.name.observe(self._guarded(lambda change: self._set_about(municipality=change["new"])), names="value")
        w.population.observe(
            self._guarded(lambda change: self._set_about(population=int(change["new"] or 0) or None)), names="value"
        )
        w.country.observe(self._guarded(lambda change: self._set_country(change["new"])), names="value")
        w.reopen.on_click(self._guarded(lambda _button: self.reopen_recent(self.w.recent.value if self.w else None)))
        w.upload.observe(self._guarded(lambda _change: self._read_upload()), names="value")
        w.prepare.on_click(self._guarded(lambda _button: self.prepare_exports()))

    def _guarded(self, callback: Callable[[Any], Any]) -> Callable[[Any], Any]:
        # The shell is still being built when the body is rendered the first time; events come later.
        def run(argument: Any) -> Any:
            if self._syncing:  # widgets being set from the state, not by the official
                return None
            return self.shell.guard(callback)(argument)

        return run

    def _dimensions(self, country: str) -> list[str]:
        present = {item.dimension for item in self.checklist.for_country(country)}
        return [d for d in self.checklist.dimensions if d in present]

    def _build_sections(self) -> None:
        """One collapsible block per theme; the items inside are built when the block is first opened."""
        assert self.w is not None
        country = self.state.assessment.country
        self._items = {}
        self._sections = {}
        blocks = []
        for dimension in self._dimensions(country):
            section = _Section(
                header=widgets.HTML(layout=widgets.Layout(flex="1 1 auto")),
                toggle=_button("", ""),
                items=widgets.VBox(layout=widgets.Layout(width="100%")),
            )
            self._sections[dimension] = section
            section.toggle.on_click(self._guarded(partial(self._on_toggle, dimension)))
            head = widgets.HBox([section.header, section.toggle], layout=widgets.Layout(width="100%"))
            head.add_class("ck-section-head")
            blocks.append(widgets.VBox([head, section.items], layout=widgets.Layout(width="100%")))
            self._show_section(dimension, dimension in self.state.open_dimensions)
        self.w.sections.children = blocks

    def _show_section(self, dimension: str, visible: bool) -> None:
        section = self._sections[dimension]
        if visible and not section.built:
            section.items.children = [self._build_item(item) for item in self._items_of(dimension)]
            section.built = True
        section.items.layout.display = None if visible else "none"
        count = len(self._items_of(dimension))
        key = "app.transparency.hide" if visible else "app.transparency.show"
        section.toggle.description = t(key, self.lang, count=count)

    def _items_of(self, dimension: str) -> list[Any]:
        country = self.state.assessment.country
        return [item for item in self.checklist.for_country(country) if item.dimension == dimension]

    def _build_item(self, item: Any) -> widgets.Widget:
        lang = self.lang
        country = self.state.assessment.country
        assessment = self.state.assessment
        radio = widgets.RadioButtons(
            options=[(t(f"transparency.answer.{answer}", lang), answer) for answer in ANSWERS],
            value=assessment.answers.get(item.id),
            description=item.title(lang),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        radio.add_class("ck-answer")
        note = widgets.Textarea(
            value=assessment.notes.get(item.id, ""),
            description=t("app.transparency.note", lang),
            placeholder=t("app.transparency.note-placeholder", lang),
            continuous_update=False,
            rows=2,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        radio.observe(self._guarded(partial(self._on_answer, item.id)), names="value")
        note.observe(self._guarded(partial(self._on_note, item.id)), names="value")
        self._items[item.id] = _Item(radio, note)
        bases = "".join(
            f"<li>{escape(basis.label(lang))} <em>({escape(basis.status_label(lang))})</em></li>"
            for basis in item.basis_for(country)
        )
        info = widgets.HTML(
            f'<div lang="{lang}"><p>{escape(item.explain(lang))}</p>'
            f'<p class="ck-meta">{escape(t(f"transparency.class.{item.weight_class}", lang))}</p>'
            f"<details><summary>{escape(t('app.transparency.basis', lang))}</summary><ul>{bases}</ul></details>"
            f"<details><summary>{escape(t('app.transparency.how', lang))}</summary>"
            f"<p>{escape(item.how(lang))}</p></details></div>",
            layout=widgets.Layout(width="100%"),
        )
        box = widgets.VBox([radio, info, note], layout=widgets.Layout(width="100%"))
        box.add_class("ck-item")
        return box

    # -- events ---------------------------------------------------------------------------------------------------
    def _on_toggle(self, dimension: str, _button: Any = None) -> None:
        is_open = dimension in self.state.open_dimensions
        opened = self.state.open_dimensions - {dimension} if is_open else self.state.open_dimensions | {dimension}
        self.state = replace(self.state, open_dimensions=opened)
        self._show_section(dimension, not is_open)

    def _on_answer(self, item_id: str, change: Mapping[str, Any]) -> None:
        self.answer(item_id, change["new"])

    def _on_note(self, item_id: str, change: Mapping[str, Any]) -> None:
        from civic_kit.transparency.assessment import MAX_NOTE_LENGTH

        note = change["new"]
        if len(note) > MAX_NOTE_LENGTH:
            title = self.checklist.item(item_id).title(self.lang)
            raise CivicKitError.of("transparency-text-too-long", field=title, limit=MAX_NOTE_LENGTH)
        assessment = self.state.assessment
        self._change(assessment.with_answer(item_id, assessment.answers.get(item_id), note=note))

    def _set_about(self, **fields: Any) -> None:
        name = fields.get("municipality")
        if name is not None and len(name) > MAX_NAME_LENGTH:
            field_name = t("app.transparency.municipality", self.lang)
            raise CivicKitError.of("transparency-text-too-long", field=field_name, limit=MAX_NAME_LENGTH)
        self._change(replace(self.state.assessment, **fields))

    def _set_country(self, country: str) -> None:
        assessment = replace(self.state.assessment, country=country)
        dimensions = self._dimensions(country)
        opened = self.state.open_dimensions & set(dimensions) or frozenset(dimensions[:1])
        self.state = replace(self.state, open_dimensions=opened)
        self._change(assessment, rebuild=True)

    # -- actions (the API tests drive) ------------------------------------------------------------------------
    def answer(self, item_id: str, answer: str | None) -> None:
        """Record one answer (``None`` clears it), refresh the result and autosave.

        Raises
        ------
        CivicKitError
            ``transparency-bad-answer`` for an answer outside :data:`~civic_kit.transparency.ANSWERS`, or
            ``transparency-file-unwritable`` when the autosave folder cannot be written (the result is
            still updated).
        """
        self._change(self.state.assessment.with_answer(item_id, answer))

    def _change(self, assessment: SelfAssessment, *, rebuild: bool = False) -> None:
        """Adopt a new assessment, refresh the result and autosave. The domain validated it already."""
        self.state = replace(self.state, assessment=assessment, message=None)
        if rebuild:
            self._build_sections()
        self._refresh()

    def reopen_recent(self, autosave_id: str | None) -> None:
        """Continue an autosaved assessment; further changes keep being saved to the same file.

        Parameters
        ----------
        autosave_id
            One of :attr:`recent`'s ids (the value of the "recent assessment" list).

        Raises
        ------
        CivicKitError
            The file was damaged or replaced since the list was made (the answers on screen stay).
        """
        from civic_kit.transparency import load

        chosen = next((r for r in self.recent if r.autosave_id == autosave_id), None)
        if chosen is None:
            self._say("info", "app.transparency.pick-recent")
            return
        assessment = load(chosen.path)  # read again: it may have changed since the list was made
        self._adopt(assessment, autosave_id=chosen.autosave_id)
        self._say("success", "app.transparency.reopened", name=self._name(assessment))

    def open_file(self, content: bytes, name: str) -> None:
        """Open a saved assessment file; it is autosaved under a new name, so the work on screen is kept too.

        Parameters
        ----------
        content
            The file's bytes (UTF-8 JSON written by :func:`civic_kit.transparency.dumps`).
        name
            The file name, only used in messages.

        Raises
        ------
        CivicKitError
            ``transparency-file-corrupt``, ``-not-assessment``, ``-newer`` or a content error; the answers on
            screen are then untouched.
        """
        from civic_kit.transparency import loads

        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CivicKitError.of("transparency-file-corrupt", name=name, line=0) from None
        assessment = loads(text, name)
        # A new autosave file: the work that was on screen stays in its own autosave.
        self._adopt(assessment, autosave_id=None)
        self._say("success", "app.transparency.opened", name=name)

    def _adopt(self, assessment: SelfAssessment, *, autosave_id: str | None) -> None:
        previous_id = self.state.autosave_id
        dimensions = self._dimensions(assessment.country)
        opened = self.state.open_dimensions & set(dimensions) or frozenset(dimensions[:1])
        self.state = replace(
            self.state, assessment=assessment, autosave_id=autosave_id, open_dimensions=opened, message=None
        )
        self._sync_about()
        self._build_sections()
        self._refresh()
        self.recent = recent_assessments(self.state_dir, exclude=self.state.autosave_id)
        if previous_id and previous_id != self.state.autosave_id:
            log.info("switched autosave from %s to %s", previous_id, self.state.autosave_id)
        self._render_recent()

    def prepare_exports(self) -> None:
        """Build the HTML report, the Word document and the JSON file as download links.

        Done on request rather than on every answer because the Word document takes a few hundred
        milliseconds; any later change clears the links so a stale file is never downloaded.

        Raises
        ------
        CivicKitError
            ``transparency-nothing-to-score`` when every item is marked not applicable.
        """
        from civic_kit.transparency import dumps, render_docx, render_html

        assert self.w is not None
        if self.result is None:
            raise CivicKitError.of("transparency-nothing-to-score")
        lang = self.lang
        assessment = self.state.assessment
        stem = f"{t('app.transparency.file-stem', lang)}-{_slug(assessment.municipality)}-{dt.date.today():%Y-%m-%d}"
        page = render_html(self.result, assessment, lang, checklist=self.checklist)
        document = render_docx(self.result, assessment, lang, checklist=self.checklist)
        links = [
            download_link(page.encode("utf-8"), f"{stem}.html", "text/html", t("app.transparency.download-html", lang)),
            download_link(
                document,
                f"{stem}.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                t("app.transparency.download-docx", lang),
            ),
            download_link(
                dumps(assessment).encode("utf-8"),
                f"{stem}.json",
                "application/json",
                t("app.transparency.download-json", lang),
            ),
        ]
        self.w.exports.value = (
            f'<div lang="{lang}"><p>{escape(t("app.transparency.exports-ready", lang))}</p>{"".join(links)}</div>'
        )

    def _read_upload(self) -> None:
        from civic_kit.transparency.store import MAX_FILE_BYTES

        assert self.w is not None
        take_upload(self.w.upload, self.open_file, max_bytes=MAX_FILE_BYTES, quietly=self._quietly)

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Set widgets from the state without their observers taking it for the official's input."""
        previous, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = previous

    # -- refresh ------------------------------------------------------------------------------------------------
    def _refresh(self, *, save: bool = True, announce: bool = True) -> None:
        """Score the assessment and update the result widgets in place; then autosave.

        The items are not touched: an answer changes the result, never the questions.
        """
        if self.w is None:
            return
        if announce:
            self.shell.clear_status()
        lang = self.lang
        w = self.w
        for dimension in self._sections:
            self._render_progress(dimension)
        if w.exports.value:
            w.exports.value = ""  # files prepared earlier no longer match the answers
        try:
            result = assess(self.state.assessment, self.checklist)
        except CivicKitError as error:
            self.result = None
            w.score.value = f'<div class="ck-note ck-note-warning" lang="{lang}">{escape(error.message(lang))}</div>'
            w.chart.value = w.gaps.value = w.notes.value = ""
        else:
            self.result = result
            w.score.value = self._score_html(result)
            w.chart.value = self._chart_html(result)
            w.gaps.value = self._gaps_html(result)
            w.notes.value = (
                f'<ul class="ck-notes" lang="{lang}">'
                + "".join(f"<li>{escape(note)}</li>" for note in result.notes(lang))
                + "</ul>"
            )
        if save:
            self._autosave()
        self._render_autosave()
        self._show_message()

    def _autosave(self) -> None:
        from civic_kit.transparency import save

        if self.state.autosave_id is None:
            self.state.autosave_id = secrets.token_hex(8)
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            raise CivicKitError.of("transparency-file-unwritable", name=str(self.state_dir)) from None
        save(self.state.assessment, self.autosave_path)
        self.state.saved_at = dt.datetime.now()

    @property
    def autosave_path(self) -> Path | None:
        """The file this session autosaves to (``None`` before the first change)."""
        if self.state.autosave_id is None:
            return None
        return self.state_dir / f"{AUTOSAVE_PREFIX}{self.state.autosave_id}.json"

    # -- pieces of the page ---------------------------------------------------------------------------------------
    def _name(self, assessment: SelfAssessment) -> str:
        return assessment.municipality.strip() or t("transparency.report.unnamed", self.lang)

    def _sync_about(self) -> None:
        """Show the state's municipality, population and country in their widgets (no events)."""
        assert self.w is not None
        assessment = self.state.assessment
        with self._quietly():
            self.w.name.value = assessment.municipality
            self.w.population.value = assessment.population or 0
            self.w.country.value = assessment.country

    def _render_recent(self) -> None:
        assert self.w is not None
        lang = self.lang
        options = [(recent.label(lang, self.checklist), recent.autosave_id) for recent in self.recent]
        with self._quietly():
            self.w.recent.options = options
            self.w.recent.value = options[0][1] if options else None
        display = None if options else "none"
        self.w.recent.layout.display = display
        self.w.reopen.layout.display = display
        key = "app.transparency.recent-help" if options else "app.transparency.recent-none"
        self.w.recent_note.value = f'<p class="ck-help" lang="{lang}">{escape(t(key, lang))}</p>'

    def _render_progress(self, dimension: str) -> None:
        lang = self.lang
        items = self._items_of(dimension)
        answered = sum(1 for item in items if item.id in self.state.assessment.answers)
        title = escape(t(f"transparency.dimension.{dimension}", lang))
        progress = escape(t("app.transparency.progress", lang, answered=answered, total=len(items)))
        self._sections[
            dimension
        ].header.value = f'<div lang="{lang}"><h3>{title}</h3><p class="ck-progress">{progress}</p></div>'

    def _render_autosave(self) -> None:
        assert self.w is not None
        lang = self.lang
        saved_at = self.state.saved_at
        if saved_at is None:
            text = t("app.transparency.autosave-pending", lang)
        else:
            text = t("app.transparency.autosave-done", lang, time=f"{saved_at:%H:%M:%S}")
        self.w.autosave.value = f'<p class="ck-help" lang="{lang}">{escape(text)}</p>'

    def _score_html(self, result: AssessmentResult) -> str:
        lang = self.lang
        level = result.level_label(lang)
        if result.country != "BR":
            country = t(f"transparency.country.{result.country}", lang)
            headline = f"{t('transparency.report.level-reference', lang)}: {level}"
            explanation = t("app.transparency.seal-not-applicable", lang, country=country)
        elif result.seal in ("diamante", "ouro", "prata"):
            headline = t("app.transparency.seal-yes", lang, level=level)
            explanation = ""
        else:
            # "avançado" already says "no seal" in its own name.
            headline = level if result.level == "avancado" else t("app.transparency.level-no-seal", lang, level=level)
            explanation = t("app.transparency.seal-no", lang)
        seal = f'<p class="ck-level"><strong>{escape(headline)}</strong></p>'
        if explanation:
            seal += f'<p class="ck-help">{escape(explanation)}</p>'
        missing = sum(1 for gap in result.gaps if gap.weight_class == "essential")
        met = result.essentials_total - missing
        if result.essentials_total == 0:
            essentials = t("app.transparency.essentials-none", lang)
        elif result.essentials_met:
            essentials = t("transparency.report.essentials-met", lang, count=result.essentials_total)
        else:
            essentials = t("app.transparency.essentials-some", lang, met=met, total=result.essentials_total)
        counts = t(
            "transparency.report.counts",
            lang,
            answered=result.answered,
            total=result.items_total,
            unanswered=result.unanswered,
            na=result.not_applicable,
        )
        score_label = escape(t("transparency.report.score", lang))
        return (
            f'<div lang="{lang}" class="ck-result"><p class="ck-help">{score_label}</p>'
            f'<p class="ck-score">{escape(result.score_text(lang))}</p>'
            f"{seal}"
            f'<p>{escape(essentials)}</p><p class="ck-help">{escape(counts)}</p></div>'
        )

    def _chart_html(self, result: AssessmentResult) -> str:
        lang = self.lang
        rows = [(d.title(lang), float(d.score)) for d in result.dimensions if d.score is not None]
        skipped = [d.title(lang) for d in result.dimensions if d.score is None]
        chart = bar_chart(
            rows,
            caption=t("transparency.report.by-dimension", lang),
            format_value=lambda value: percent_text(_fraction(value), lang),
            max_value=1.0,
        )
        extra = ""
        if skipped:
            extra = (
                f'<p class="ck-help">{escape(t("app.transparency.dimensions-na", lang, names=", ".join(skipped)))}</p>'
            )
        return f'<div lang="{lang}">{chart}{extra}</div>'

    def _gaps_html(self, result: AssessmentResult) -> str:
        lang = self.lang
        if not result.gaps:
            return f'<p lang="{lang}">{escape(t("transparency.report.no-gaps", lang))}</p>'

        def entry(gap: Any) -> str:
            bases = "; ".join(f"{b.label(lang)} ({b.status_label(lang)})" for b in gap.basis)
            facts = t(
                "app.transparency.gap-facts",
                lang,
                weight=t(f"transparency.class.{gap.weight_class}", lang),
                answer=t(f"transparency.answer.{gap.answer}", lang),
            )
            return (
                f"<li><p><strong>{escape(gap.title(lang))}</strong> — {escape(facts)}</p>"
                f"<p>{escape(t('transparency.report.basis', lang))}: {escape(bases)}</p>"
                f"<p>{escape(t('transparency.report.action', lang))}: {escape(gap.action(lang))}</p></li>"
            )

        first = "".join(entry(gap) for gap in result.gaps[:_GAPS_SHOWN])
        rest = result.gaps[_GAPS_SHOWN:]
        more = ""
        if rest:
            summary = escape(t("app.transparency.more-gaps", lang, count=len(rest)))
            more = (
                f'<details><summary>{summary}</summary><ol class="ck-gaps" start="{_GAPS_SHOWN + 1}">'
                + "".join(entry(gap) for gap in rest)
                + "</ol></details>"
            )
        intro = escape(t("transparency.report.gaps-intro", lang))
        return f'<div lang="{lang}"><p>{intro}</p><ol class="ck-gaps">{first}</ol>{more}</div>'

    # -- status messages ------------------------------------------------------------------------------------------
    def _say(self, kind: str, key: str, **params: Any) -> None:
        self.state = replace(self.state, message=(kind, key, params))
        self._show_message()

    def _show_message(self) -> None:
        if self.state.message is None or not hasattr(self, "shell"):
            return
        kind, key, params = self.state.message
        values = {name: v.text(self.lang) if isinstance(v, _Percent) else v for name, v in params.items()}
        self.shell.notify(t(key, self.lang, **values), kind)


# -- helpers ----------------------------------------------------------------------------------------------------


def _button(label: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))


def _fraction(value: float) -> Any:
    """The exact score back from the float a bar chart carries, so it is rounded down like everywhere else.

    Scores are ratios of small whole numbers of points (denominators far below 10,000), so the nearest
    fraction is the exact one; without this, 0.3 would print as 29,9 %.
    """
    from fractions import Fraction

    return Fraction(value).limit_denominator(10_000)


def _slug(name: str) -> str:
    """A file-name-safe form of the municipality (ASCII letters, digits and dashes)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60] or "municipio"


# -- entry points -----------------------------------------------------------------------------------------------


def warm_up(lang: str = DEFAULT_LANGUAGE) -> None:
    """Read the checklist and score an empty assessment before a visitor arrives (YAML and templates load once)."""
    checklist = load_checklist()
    assess(SelfAssessment(country=default_country(lang)), checklist)
    import docx  # noqa: F401  # the Word export's import is the slowest one; pay it before a visitor waits
    import jinja2  # noqa: F401


def build_app(lang: str | None = None) -> widgets.Widget:
    """The self-assessment app for ``lang`` (default: the page's ``?lang=`` or pt-BR)."""
    from civic_kit.ui.request import request_language

    return App(request_language(lang)).container
