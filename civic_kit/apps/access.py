"""Access to public services: who lives too far from a health unit, school or CRAS, and where should the
next one go?

An official picks a service, a walking distance and, optionally, their own list of facilities (CSV). The
app shows how many people live within that distance, by district and by income group, suggests where new
facilities would reach the most people still left out (greedy rule, stated on screen), and lets the
official add a facility at a suggested site or at a district's population centre to see the effect.

Why two speeds of refresh: the domain layer (:class:`~civic_kit.access.AccessModel`) recomputes coverage
in a few milliseconds, so the numbers, tables and charts follow the slider on every move. The map is a
~250 kB standalone Leaflet document that takes ~100 ms to build and must travel to the browser, so it is
*debounced*: it is redrawn at once after explicit actions (service, Suggest, Add, Reset, upload), and
after slider moves only once the slider has been still for :data:`MAP_DEBOUNCE_S` seconds. Site
suggestions (tens of milliseconds) ride along with the map.

Adding a facility by clicking on the map is not offered: the map lives in a sandboxed ``<iframe>`` that
cannot talk back to the kernel. A picker of candidate sites (the suggestions and every district's
population centre) does the job and is keyboard-accessible.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

import ipywidgets as widgets

from civic_kit.i18n import DEFAULT_LANGUAGE, t
from civic_kit.i18n.numbers import format_number, format_percent
from civic_kit.problems import CivicKitError, Issue
from civic_kit.ui.html import bar_chart, escape, table
from civic_kit.ui.shell import AppShell
from civic_kit.ui.widgets import labelled, take_upload, upload_button

__all__ = [
    "K_MAX",
    "MAP_DEBOUNCE_S",
    "THRESHOLD_RANGE",
    "AccessState",
    "App",
    "CityData",
    "PlacedSite",
    "UploadedFacilities",
    "build_app",
    "city_data",
    "warm_up",
]

log = logging.getLogger(__name__)

CITY_NAME = "Vale Verde"
#: Walking-distance slider: minimum, maximum and step, in metres.
THRESHOLD_RANGE: tuple[int, int, int] = (300, 3000, 100)
#: Most sites the app will suggest at once (the domain accepts up to 100; a list longer than this is
#: unreadable on screen and slow to recompute on every change).
K_MAX = 20
#: Seconds the slider must be still before the map (and the suggestions) are redrawn.
MAP_DEBOUNCE_S = 0.6
#: Largest facilities CSV accepted from a visitor (a city's facilities list is a few hundred kB).
MAX_UPLOAD_BYTES = 5_000_000
#: Upload problems listed on screen; the rest are counted.
MAX_ISSUES_SHOWN = 25
_MAP_HEIGHT_PX = 520

_CSS = """<style>
.ck-access .ck-controls{display:flex;flex-flow:row wrap;gap:4px 24px;align-items:center}
.ck-access .ck-stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin:.4em 0}
.ck-access .ck-stat{border:1px solid #b8c4ce;border-radius:8px;padding:10px 14px;background:#fff}
.ck-access .ck-stat-label{margin:0;font-size:.9rem;color:#3d3d3d}
.ck-access .ck-stat-value{margin:.1em 0 0;font-size:1.6rem;font-weight:700;color:#0b4a75}
.ck-access .ck-stat-detail{margin:0;font-size:.85rem;color:#3d3d3d}
.ck-access .ck-help{font-size:.9rem;color:#3d3d3d;margin:.2em 0}
.ck-access .ck-issues{margin:.3em 0;padding-left:1.2em;font-size:.92rem}
.ck-access .ck-table td:not(:first-child),.ck-access .ck-table th:not(:first-child){text-align:right}
.ck-access .ck-suggest .ck-table td:nth-child(2),.ck-access .ck-suggest .ck-table th:nth-child(2){text-align:left}
.ck-access .ck-map-caption{font-size:.9rem;color:#3d3d3d}
.ck-access .ck-key{display:inline-block;width:12px;height:12px;border-radius:50%;margin:0 4px 0 10px;
 vertical-align:middle;border:2px solid}
.ck-access h3{font-size:1.08rem;margin:1em 0 .3em}
</style>"""

# Marker styles on the map (CircleMarkers: drawn by Leaflet itself, no icon images to fetch).
_EXISTING = {"color": "#0b4a75", "fill_color": "#ffffff", "radius": 5}
_ADDED = {"color": "#7a1016", "fill_color": "#f4a261", "radius": 9}
_SUGGESTED = {"color": "#5b2a86", "radius": 9}


# -- bundled data (read-only, shared by every visitor of a kernel) --------------------------------------------


@dataclass(frozen=True, eq=False)
class CityData:
    """The teaching city's tables, read once per kernel: population grid, facilities, districts, map."""

    grid: Any
    """Population grid (``cell_id, district_id, lat, lon, population, avg_household_income_brl``)."""
    facilities: Any
    districts: Any
    geojson: Mapping[str, Any]
    bounds: Any
    """:class:`~civic_kit.access.CityBounds` of the grid widened by 1 km: uploads outside it are refused."""
    district_names: Mapping[str, str]
    centres: tuple[tuple[str, float, float], ...]
    """``(district_id, lat, lon)``: each district's population-weighted centre, a candidate site."""


@cache
def city_data() -> CityData:
    """Load the bundled teaching city (cached: the files never change while a kernel runs)."""
    import numpy as np

    from civic_kit.access import CityBounds
    from civic_kit.data import load, load_geojson

    grid = load("population_grid")
    districts = load("districts")
    names = {str(d): str(n) for d, n in zip(districts["district_id"], districts["name"], strict=True)}
    centres = []
    for district_id in districts["district_id"]:
        cells = grid[grid["district_id"] == district_id]
        weights = cells["population"].to_numpy(dtype=np.float64)
        if weights.sum() <= 0:
            continue
        lat = float(np.average(cells["lat"].to_numpy(dtype=np.float64), weights=weights))
        lon = float(np.average(cells["lon"].to_numpy(dtype=np.float64), weights=weights))
        centres.append((str(district_id), round(lat, 6), round(lon, 6)))
    return CityData(
        grid=grid,
        facilities=load("facilities"),
        districts=districts,
        geojson=load_geojson("districts"),
        bounds=CityBounds.around(grid["lat"], grid["lon"]),
        district_names=names,
        centres=tuple(centres),
    )


@cache
def _bundled_model(kind: str) -> Any:
    """The model of one service kind on the teaching city's own facilities (immutable, so shared)."""
    from civic_kit.access import AccessModel

    city = city_data()
    return AccessModel.from_frames(city.grid, city.facilities, kind=kind, districts=city.districts)


# -- state ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class UploadedFacilities:
    """A facilities table a visitor uploaded, already validated row by row."""

    name: str
    table: Any
    """Valid rows only (``facility_id, lat, lon, source_row`` and the file's other columns)."""
    by_kind: bool
    """The file has a ``kind`` column with civic-kit's kinds: each service uses its own rows. Otherwise every
    row counts as a facility of whichever service is chosen."""


@dataclass(frozen=True)
class PlacedSite:
    """A facility the official added on screen; ``label`` says where it came from, for the list."""

    lat: float
    lon: float
    district_id: str
    source: str
    """``suggested`` or ``centre``."""


@dataclass
class AccessState:
    """Everything the official chose. It outlives a language switch, which rebuilds every widget."""

    kind: str = "health_unit"
    threshold_m: int = 1000
    k: int = 3
    added: tuple[PlacedSite, ...] = ()
    suggest: bool = False
    """The official asked for suggestions; from then on they are kept up to date."""
    candidate: str = ""
    """Key of the site chosen in the picker (``s:<rank>`` or ``d:<district_id>``; empty = none)."""
    upload: UploadedFacilities | None = None
    upload_report: tuple[str, tuple[Issue, ...]] | None = None
    """Name and problems of the last file sent (shown until the next upload, even if it was refused)."""
    message: tuple[str, str, dict[str, Any]] | None = field(default=None, compare=False)
    """Last status message as ``(kind, key, params)``, so it is re-translated after a language switch."""


@dataclass(frozen=True)
class _Percent:
    """A share kept as a number in a status message, so the message can be re-translated later."""

    value: float

    def text(self, lang: str) -> str:
        return format_percent(self.value, lang)


# -- the app ----------------------------------------------------------------------------------------------------


@dataclass
class _Widgets:
    """The widgets of one rendering of the body (rebuilt only when the language changes)."""

    kind: widgets.Dropdown
    threshold: widgets.IntSlider
    k: widgets.BoundedIntText
    suggest: widgets.Button
    candidate: widgets.Dropdown
    add: widgets.Button
    reset: widgets.Button
    upload: widgets.FileUpload
    use_bundled: widgets.Button
    source: widgets.HTML
    upload_report: widgets.HTML
    assumption: widgets.HTML
    headline: widgets.HTML
    quintiles: widgets.HTML
    districts: widgets.HTML
    suggestions: widgets.HTML
    added: widgets.HTML
    map: widgets.HTML
    assumptions: widgets.HTML


class App:
    """The access app: one :class:`AccessState`, an :class:`AppShell` and widgets updated in place.

    Parameters
    ----------
    lang
        Initial language.
    state
        Start from this state (tests and a restored session); default: health units, 1,000 m.
    debounce
        Seconds to wait after a slider move before redrawing the map; ``0`` redraws at once (used by tests).
    """

    def __init__(self, lang: str, state: AccessState | None = None, *, debounce: float = MAP_DEBOUNCE_S) -> None:
        self.state = state or AccessState()
        self.lang = lang
        self.debounce = debounce
        self.result: Any = None
        """The last :class:`~civic_kit.access.CoverageResult` shown."""
        self.suggestions: Any = None
        """The last :class:`~civic_kit.access.SiteSuggestions` shown (``None`` until asked for)."""
        self.map_key: tuple[Any, ...] | None = None
        """What the map on screen shows (kind, threshold, facilities, added and suggested sites)."""
        self.map_renders = 0
        self._timer: asyncio.TimerHandle | None = None
        self._syncing = False
        self._upload_models: dict[tuple[int, str], Any] = {}
        self.w: _Widgets | None = None
        self.shell = AppShell(
            title_key="app.access.title",
            subtitle_key="app.access.subtitle",
            lang=lang,
            render_body=self._body,
            footer=lambda lang: t("core.synthetic-note", lang, city=CITY_NAME),
        )
        self.container = self.shell.container

    # -- building -----------------------------------------------------------------------------------------------
    def _body(self, lang: str) -> widgets.Widget:
        self.lang = lang
        self._cancel_timer()
        state = self.state
        w = _Widgets(
            kind=_kind_dropdown(lang, state.kind),
            threshold=_threshold_slider(lang, state.threshold_m),
            k=_k_input(lang, state.k),
            suggest=_button(t("app.access.suggest", lang), "primary"),
            candidate=labelled(widgets.Dropdown(options=[]), t("app.access.candidate", lang), width="560px"),
            add=_button(t("app.access.add", lang)),
            reset=_button(t("app.access.reset", lang)),
            upload=upload_button(t("app.access.upload", lang), ".csv,.txt,text/csv"),
            use_bundled=_button(t("app.access.use-bundled", lang)),
            source=widgets.HTML(),
            upload_report=widgets.HTML(),
            assumption=widgets.HTML(),
            headline=widgets.HTML(),
            quintiles=widgets.HTML(),
            districts=widgets.HTML(),
            suggestions=widgets.HTML(),
            added=widgets.HTML(),
            map=widgets.HTML(layout=widgets.Layout(width="100%", min_height=f"{_MAP_HEIGHT_PX}px")),
            assumptions=widgets.HTML(),
        )
        w.reset.tooltip = t("app.access.reset-help", lang)
        self.w = w
        self._refresh(heavy="now", announce=False)
        self._wire(w)  # after the first fill, so filling the widgets is not mistaken for the official's input

        def section(key: str) -> widgets.HTML:
            return widgets.HTML(f'<h2 lang="{lang}">{escape(t(key, lang))}</h2>')

        def sub(key: str) -> widgets.HTML:
            return widgets.HTML(f'<h3 lang="{lang}">{escape(t(key, lang))}</h3>')

        help_text = widgets.HTML(f'<p class="ck-help" lang="{lang}">{escape(t("app.access.upload-help", lang))}</p>')
        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        settings = widgets.VBox(
            [
                section("app.access.section.settings"),
                widgets.HBox([w.kind, w.threshold], layout=row),
                w.assumption,
                widgets.HBox([w.k, w.suggest], layout=row),
                widgets.HBox([w.candidate, w.add, w.reset], layout=row),
                sub("app.access.section.your-data"),
                w.source,
                widgets.HBox([w.upload, w.use_bundled], layout=row),
                help_text,
                w.upload_report,
            ]
        )
        results = widgets.VBox(
            [
                section("app.access.section.results"),
                w.headline,
                sub("app.access.section.quintiles"),
                w.quintiles,
                sub("app.access.section.districts"),
                w.districts,
                sub("app.access.section.suggestions"),
                w.suggestions,
                w.added,
                sub("app.access.section.map"),
                w.map,
                sub("app.access.section.assumptions"),
                w.assumptions,
            ]
        )
        body = widgets.VBox([widgets.HTML(_CSS), settings, results], layout=widgets.Layout(width="100%"))
        body.add_class("ck-access")
        return body

    def _wire(self, w: _Widgets) -> None:
        """Connect every input to one state change followed by :meth:`_refresh`, each through ``guard``."""
        w.kind.observe(self._guarded(lambda change: self._set(heavy="now", kind=change["new"])), names="value")
        w.threshold.observe(
            self._guarded(lambda change: self._set(heavy="later", threshold_m=int(change["new"]))), names="value"
        )
        w.k.observe(self._guarded(lambda change: self._set(heavy="now", k=int(change["new"]))), names="value")
        w.candidate.observe(self._guarded(self._on_candidate), names="value")
        w.suggest.on_click(self._guarded(lambda _button: self._set(heavy="now", suggest=True)))
        w.add.on_click(self._guarded(lambda _button: self.add_candidate()))
        w.reset.on_click(self._guarded(lambda _button: self.reset()))
        w.use_bundled.on_click(self._guarded(lambda _button: self._set(heavy="now", upload=None)))
        w.upload.observe(self._guarded(lambda _change: self._read_upload()), names="value")

    def _on_candidate(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self._set(heavy="none", candidate=change["new"] or "")

    def _guarded(self, callback: Callable[[Any], Any]) -> Callable[[Any], Any]:
        # The shell does not exist yet while its constructor renders the body the first time, so the guard is
        # looked up when an event arrives (always after construction).
        def run(argument: Any) -> Any:
            return self.shell.guard(callback)(argument)

        return run

    # -- actions (also the API the unit tests drive) ------------------------------------------------------------
    def _set(self, *, heavy: str, **changes: Any) -> None:
        previous = self.state
        self.state = replace(previous, **changes, message=None)
        if "kind" in changes or "upload" in changes:
            # Facilities added for one service or dataset are not facilities of another.
            self.state = replace(self.state, added=())
        try:
            self._refresh(heavy=heavy)
        except CivicKitError:
            self.state = previous
            self._refresh(heavy="now", announce=False)
            raise

    def add_candidate(self) -> None:
        """Add a facility at the site chosen in the picker (a suggestion or a district's population centre).

        Only the distances from the new place are computed (:meth:`~civic_kit.access.AccessModel.with_facility`),
        so the effect shows at once; the status line says how coverage changed.
        """
        site = self._candidate_site(self.state.candidate)
        if site is None:
            self._say("info", "app.access.pick-first")
            return
        if any((s.lat, s.lon) == (site.lat, site.lon) for s in self.state.added):
            self._say("info", "app.access.already-added")
            return
        before = self.result.share if self.result is not None else 0.0
        self._set(heavy="now", added=(*self.state.added, site), candidate="")
        after = self.result.share
        self._say(
            "success",
            "app.access.added-ok",
            district=self._district(site.district_id),
            before=_Percent(before),
            after=_Percent(after),
        )

    def reset(self) -> None:
        """Remove the facilities added on screen and the suggestions; keep service, distance and data."""
        self._set(heavy="now", added=(), suggest=False, candidate="")
        self._say("info", "app.access.reset-done")

    def upload_csv(self, content: bytes, name: str) -> None:
        """Read a facilities CSV the official sent; bad rows are listed with their row numbers.

        The valid rows replace the teaching city's facilities (rows outside the city or with bad
        coordinates are left out and listed, so nothing is dropped silently). When no row can be used, the
        previous data stays and the problems are listed.

        Parameters
        ----------
        content
            The file's bytes, in any encoding and CSV dialect :func:`~civic_kit.data.read_gov_csv` reads.
        name
            The file name, only used in messages.

        Raises
        ------
        CivicKitError
            The file is not a readable table (``csv-*`` codes) or has no usable row
            (``app-access-no-usable-rows``).
        """
        from civic_kit.access import facilities_from_table
        from civic_kit.data import read_gov_csv

        try:
            frame, report = read_gov_csv(content)
        except CivicKitError as error:
            self.state = replace(self.state, upload_report=(name, (error.issue,)))
            self._render_upload_report()
            raise
        facilities, issues = facilities_from_table(frame, city_data().bounds, header_rows=report.header_row)
        read_issues = tuple(i for i in report.issues if i.severity in ("error", "warning"))
        all_issues = (*read_issues, *issues)
        if len(facilities) == 0:
            self.state = replace(self.state, upload_report=(name, all_issues))
            self._render_upload_report()
            raise CivicKitError.of("app-access-no-usable-rows", name=name)
        by_kind = _has_kind_column(facilities)
        upload = UploadedFacilities(name=name, table=facilities, by_kind=by_kind)
        self._set(heavy="now", upload=upload, upload_report=(name, all_issues))
        self._say("success", "app.access.upload-ok", name=name, count=len(facilities))

    def _read_upload(self) -> None:
        assert self.w is not None
        take_upload(self.w.upload, self.upload_csv, max_bytes=MAX_UPLOAD_BYTES)

    # -- refresh ------------------------------------------------------------------------------------------------
    def _refresh(self, *, heavy: str = "now", announce: bool = True) -> None:
        """Recompute coverage and update every output widget in place.

        ``heavy`` says what to do with the map and suggestions: ``"now"`` (explicit actions), ``"later"``
        (debounced, for the slider) or ``"none"`` (the change cannot affect them).
        """
        if self.w is None:
            return
        if announce:
            self.shell.clear_status()
        state = self.state
        lang = self.lang
        model = self._model()
        result = model.coverage(state.threshold_m)
        self.result = result
        w = self.w
        w.source.value = self._source_html(model)
        w.use_bundled.layout.display = None if state.upload is not None else "none"
        w.assumption.value = (
            f'<p class="ck-help" lang="{lang}">'
            f"{escape(t('access.assumption.detour', lang, factor=format_number(model.detour_factor, lang, ',.2f')))}"
            "</p>"
        )
        w.headline.value = _headline_html(result, lang)
        w.quintiles.value = _quintile_html(result, lang)
        w.districts.value = _district_html(result, lang)
        w.added.value = self._added_html()
        w.assumptions.value = (
            f'<ul lang="{lang}">' + "".join(f"<li>{escape(text)}</li>" for text in result.assumptions(lang)) + "</ul>"
        )
        self._render_upload_report()
        if heavy == "now":
            self._settle()
        elif heavy == "later":
            self._schedule_settle()
        else:
            self._render_candidates()
        self._show_message()

    def _settle(self) -> None:
        """The heavy part: suggestions (when asked for) and the map."""
        self._cancel_timer()
        state = self.state
        self.suggestions = self._model().suggest_sites(state.k, state.threshold_m) if state.suggest else None
        assert self.w is not None
        self.w.suggestions.value = self._suggestions_html()
        self._render_candidates()
        self._render_map()

    def _schedule_settle(self) -> None:
        self._cancel_timer()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): nothing to debounce against
            loop = None
        if loop is None or self.debounce <= 0:
            self._settle()
            return

        def fire() -> None:
            self._timer = None
            self.shell.guard(self._settle)()

        self._timer = loop.call_later(self.debounce, fire)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def map_pending(self) -> bool:
        """A slider move is waiting for the map to be redrawn."""
        return self._timer is not None

    # -- model ----------------------------------------------------------------------------------------------------
    def _model(self) -> Any:
        """The model for the chosen service and data, with the facilities added on screen."""
        state = self.state
        upload = state.upload
        if upload is None:
            model = _bundled_model(state.kind)
        else:
            key = (id(upload), state.kind if upload.by_kind else "*")
            model = self._upload_models.get(key)
            if model is None:
                from civic_kit.access import AccessModel

                city = city_data()
                model = AccessModel.from_frames(
                    city.grid,
                    upload.table,
                    kind=state.kind if upload.by_kind else None,
                    districts=city.districts,
                )
                self._upload_models = {key: model}  # one upload at a time: drop models of older files
        for site in state.added:
            model = model.with_facility(site.lat, site.lon, name=self._site_name(site))
        return model

    # -- pieces of the page ---------------------------------------------------------------------------------------
    def _district(self, district_id: str) -> str:
        return city_data().district_names.get(district_id, district_id)

    def _site_name(self, site: PlacedSite) -> str:
        return t(f"app.access.site.{site.source}", self.lang, district=self._district(site.district_id))

    def _candidates(self) -> list[tuple[str, str, PlacedSite]]:
        """``(key, label, site)`` for every place the picker offers: suggestions first, then centres."""
        lang = self.lang
        grid = city_data().grid
        options = []
        if self.suggestions is not None:
            for site in self.suggestions.sites:
                district = str(grid["district_id"].iloc[site.candidate])
                label = t(
                    "app.access.candidate.suggested",
                    lang,
                    rank=site.rank,
                    district=self._district(district),
                    people=round(site.added_population),
                )
                options.append((f"s:{site.rank}", label, PlacedSite(site.lat, site.lon, district, "suggested")))
        for district_id, lat, lon in city_data().centres:
            label = t("app.access.candidate.centre", lang, district=self._district(district_id))
            options.append((f"d:{district_id}", label, PlacedSite(lat, lon, district_id, "centre")))
        return options

    def _candidate_site(self, key: str) -> PlacedSite | None:
        for option_key, _label, site in self._candidates():
            if option_key == key:
                return site
        return None

    def _render_candidates(self) -> None:
        assert self.w is not None
        options = [(t("app.access.candidate.none", self.lang), "")]
        options += [(label, key) for key, label, _site in self._candidates()]
        keys = {key for _label, key in options}
        chosen = self.state.candidate if self.state.candidate in keys else ""
        self.state.candidate = chosen
        dropdown = self.w.candidate
        self._syncing = True  # programmatic changes below are not the official's choices
        try:
            if list(dropdown.options) != options:
                dropdown.options = options
            if dropdown.value != chosen:
                dropdown.value = chosen
        finally:
            self._syncing = False

    def _source_html(self, model: Any) -> str:
        lang = self.lang
        state = self.state
        kind = t(f"access.kind.{state.kind}", lang)
        count = len(model.facilities) - len(state.added)
        if state.upload is None:
            text = t("app.access.source.bundled", lang, city=CITY_NAME, kind=kind, count=count)
        elif state.upload.by_kind:
            text = t("app.access.source.uploaded", lang, name=state.upload.name, kind=kind, count=count)
        else:
            text = t("app.access.source.uploaded-all", lang, name=state.upload.name, kind=kind, count=count)
        return f'<p lang="{lang}">{escape(text)}</p>'

    def _render_upload_report(self) -> None:
        assert self.w is not None
        report = self.state.upload_report
        lang = self.lang
        if report is None:
            self.w.upload_report.value = ""
            return
        name, issues = report
        shown = [i for i in issues if i.code != "access-rows-kept"][:MAX_ISSUES_SHOWN]
        hidden = len([i for i in issues if i.code != "access-rows-kept"]) - len(shown)
        totals = [i for i in issues if i.code == "access-rows-kept"]
        items = "".join(f"<li>{escape(issue.message(lang))}</li>" for issue in shown)
        if hidden > 0:
            items += f"<li>{escape(t('app.access.more-issues', lang, count=hidden))}</li>"
        summary = totals[0].message(lang) if totals else t("app.access.upload-refused", lang, name=name)
        kind = "warning" if shown or not totals else "success"
        heading = escape(t("app.access.upload-report", lang, name=name))
        listing = f'<ul class="ck-issues">{items}</ul>' if items else ""
        self.w.upload_report.value = (
            f'<div class="ck-note ck-note-{kind}" lang="{lang}"><strong>{heading}</strong>'
            f"{listing}<p>{escape(summary)}</p></div>"
        )

    def _suggestions_html(self) -> str:
        lang = self.lang
        if self.suggestions is None:
            return f'<p class="ck-help" lang="{lang}">{escape(t("app.access.suggest-prompt", lang))}</p>'
        sites = self.suggestions.sites
        method = f'<p class="ck-help">{escape(self.suggestions.method(lang))}</p>'
        if not sites:
            return f'<div lang="{lang}">{method}<p>{escape(t("app.access.suggest-empty", lang))}</p></div>'
        grid = city_data().grid
        rows = [
            (
                site.rank,
                self._district(str(grid["district_id"].iloc[site.candidate])),
                format_number(round(site.added_population), lang),
                f"{format_number(site.lat, lang, '.5f')}; {format_number(site.lon, lang, '.5f')}",
            )
            for site in sites
        ]
        total = self.suggestions.covered_after / self.suggestions.total_population
        caption = t(
            "app.access.suggest-caption",
            lang,
            count=len(sites),
            people=round(self.suggestions.covered_after - self.suggestions.covered_before),
            share=format_percent(total, lang),
        )
        headers = [
            t("access.column.rank", lang),
            t("app.access.column.district", lang),
            t("access.column.added_population", lang),
            t("app.access.column.place", lang),
        ]
        return f'<div class="ck-suggest" lang="{lang}">{method}{table(headers, rows, caption=caption)}</div>'

    def _added_html(self) -> str:
        lang = self.lang
        added = self.state.added
        heading = f"<p><strong>{escape(t('app.access.added-heading', lang))}</strong></p>"
        if not added:
            none = escape(t("app.access.added-none", lang))
            return f'<div lang="{lang}">{heading}<p class="ck-help">{none}</p></div>'
        items = "".join(f"<li>{escape(self._site_name(site))}</li>" for site in added)
        return f'<div lang="{lang}">{heading}<ol>{items}</ol></div>'

    def _render_map(self) -> None:
        assert self.w is not None and self.result is not None
        state = self.state
        added = tuple((s.lat, s.lon, self._site_name(s)) for s in state.added)
        key = _map_key(self.lang, state.kind, state.threshold_m, self._model(), self.result, added, self.suggestions)
        if key == self.map_key:
            return
        document = _coverage_map(*key)
        title = _map_title(self.lang, state.kind, state.threshold_m)
        from civic_kit.ui.maps import map_frame

        self.w.map.value = map_frame(document, title=title, height_px=_MAP_HEIGHT_PX) + _map_caption(self.lang)
        self.map_key = key
        self.map_renders += 1

    # -- status messages ------------------------------------------------------------------------------------------
    def _say(self, kind: str, key: str, **params: Any) -> None:
        self.state = replace(self.state, message=(kind, key, params))
        self._show_message()

    def _show_message(self) -> None:
        if self.state.message is None or not hasattr(self, "shell"):
            return
        kind, key, params = self.state.message
        lang = self.lang
        values = {name: v.text(lang) if isinstance(v, _Percent) else v for name, v in params.items()}
        self.shell.notify(t(key, lang, **values), kind)


# -- builders ---------------------------------------------------------------------------------------------------


def _kind_dropdown(lang: str, value: str) -> widgets.Dropdown:
    from civic_kit.access import KINDS

    dropdown = widgets.Dropdown(options=[(t(f"access.kind.{kind}", lang), kind) for kind in KINDS], value=value)
    return labelled(dropdown, t("app.access.kind", lang), width="440px")


def _threshold_slider(lang: str, value: int) -> widgets.IntSlider:
    low, high, step = THRESHOLD_RANGE
    slider = widgets.IntSlider(value=value, min=low, max=high, step=step, continuous_update=True)
    return labelled(slider, t("app.access.threshold", lang), width="560px")


def _k_input(lang: str, value: int) -> widgets.BoundedIntText:
    field_ = widgets.BoundedIntText(value=value, min=1, max=K_MAX, step=1)
    return labelled(field_, t("app.access.k", lang), width="330px")


def _button(label: str, style: str = "") -> widgets.Button:
    # No icons: the text says it all, and an icon font would be one more thing to load.
    return widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))


def _has_kind_column(facilities: Any) -> bool:
    from civic_kit.access import KINDS

    if "kind" not in facilities.columns:
        return False
    return bool(facilities["kind"].astype(str).isin(KINDS).any())


# -- HTML outputs ----------------------------------------------------------------------------------------------


def _stat(label: str, value: str, detail: str) -> str:
    return (
        '<div class="ck-stat">'
        f'<p class="ck-stat-label">{escape(label)}</p>'
        f'<p class="ck-stat-value">{escape(value)}</p>'
        f'<p class="ck-stat-detail">{escape(detail)}</p></div>'
    )


def _headline_html(result: Any, lang: str) -> str:
    """The three numbers an official quotes: people covered, people too far, and the equity gap."""
    covered = _stat(
        t("app.access.headline.covered", lang),
        format_percent(result.share, lang),
        t(
            "app.access.headline.covered-detail",
            lang,
            covered=round(result.covered_population),
            total=round(result.total_population),
        ),
    )
    too_far = _stat(
        t("app.access.headline.too-far", lang),
        format_number(round(result.uncovered_population), lang),
        t("app.access.headline.too-far-detail", lang, threshold=round(result.threshold_m)),
    )
    if result.equity_gap is None:
        gap_value = "—"
        gap_detail = t("access.equity-gap.unavailable", lang)
    else:
        gap_value = t("app.access.headline.points", lang, points=format_number(result.equity_gap * 100, lang, "+,.1f"))
        gap_detail = t("access.equity-gap.definition", lang)
    gap = _stat(t("app.access.headline.equity", lang), gap_value, gap_detail)
    summary = escape(result.summary(lang))
    return f'<div lang="{lang}"><div class="ck-stats">{covered}{too_far}{gap}</div><p>{summary}</p></div>'


def _quintile_html(result: Any, lang: str) -> str:
    rows = [
        (t(f"access.quintile.{int(q)}", lang), float(share))
        for q, share in zip(result.by_quintile["quintile"], result.by_quintile["share"], strict=True)
    ]
    if not rows:
        return f'<p lang="{lang}">{escape(t("access.equity-gap.unavailable", lang))}</p>'
    chart = bar_chart(
        rows,
        caption=t("app.access.quintile-caption", lang, threshold=round(result.threshold_m)),
        format_value=lambda value: format_percent(value, lang),
        source=t("app.access.quintile-source", lang),
        max_value=1.0,
    )
    return f'<div lang="{lang}">{chart}</div>'


def _district_html(result: Any, lang: str) -> str:
    frame = result.by_district.sort_values(["share", "name"], kind="stable")
    headers = [
        t("app.access.column.district", lang),
        t("access.column.population", lang),
        t("access.column.covered_population", lang),
        t("access.column.uncovered_population", lang),
        t("access.column.share", lang),
    ]
    rows = [
        (
            str(name),
            format_number(int(population), lang),
            format_number(int(covered), lang),
            format_number(int(uncovered), lang),
            format_percent(float(share), lang),
        )
        for name, population, covered, uncovered, share in zip(
            frame["name"],
            frame["population"],
            frame["covered_population"],
            frame["uncovered_population"],
            frame["share"],
            strict=True,
        )
    ]
    caption = t("app.access.district-caption", lang)
    return f'<div lang="{lang}">{table(headers, rows, caption=caption)}</div>'


def _map_title(lang: str, kind: str, threshold: int) -> str:
    return t("app.access.map-title", lang, kind=t(f"access.kind.{kind}", lang), threshold=threshold)


def _map_caption(lang: str) -> str:
    def key(style: Mapping[str, Any], text_key: str, dashed: bool = False) -> str:
        fill = style.get("fill_color", "transparent")
        border = "dashed" if dashed else "solid"
        return (
            f'<span class="ck-key" style="background:{fill};border-color:{style["color"]};border-style:{border}" '
            f'aria-hidden="true"></span>{escape(t(text_key, lang))}'
        )

    keys = key(_EXISTING, "app.access.map-existing") + key(_ADDED, "app.access.map-added")
    keys += key(_SUGGESTED, "app.access.map-suggested", dashed=True)
    return f'<p class="ck-map-caption" lang="{lang}">{escape(t("app.access.map-caption", lang))}<br>{keys}</p>'


def _map_key(
    lang: str,
    kind: str,
    threshold: int,
    model: Any,
    result: Any,
    added: tuple[tuple[float, float, str], ...],
    suggestions: Any,
) -> tuple[Any, ...]:
    """Everything the map shows, as plain hashable values (the arguments of :func:`_coverage_map`)."""
    facilities = model.facilities
    existing = facilities[~facilities["added"].eq(True)] if "added" in facilities else facilities
    names = existing["name"] if "name" in existing else [""] * len(existing)
    existing_points = tuple(
        (float(lat), float(lon), name if isinstance(name, str) else "")
        for lat, lon, name in zip(existing["lat"], existing["lon"], names, strict=True)
    )
    suggested = () if suggestions is None else tuple((s.lat, s.lon, s.rank) for s in suggestions.sites)
    uncovered = tuple(
        (str(d), float(1 - share))
        for d, share in zip(result.by_district["district_id"], result.by_district["share"], strict=True)
    )
    return (lang, kind, threshold, existing_points, added, suggested, uncovered)


@lru_cache(maxsize=24)
def _coverage_map(
    lang: str,
    kind: str,
    threshold: int,
    existing: tuple[tuple[float, float, str], ...],
    added: tuple[tuple[float, float, str], ...],
    suggested: tuple[tuple[float, float, int], ...],
    uncovered: tuple[tuple[str, float], ...],
) -> str:
    """The map document: districts coloured by the share of people too far, facilities as circles.

    Cached on its (hashable, read-only) inputs: going back to a view seen before costs nothing.
    """
    import folium

    from civic_kit.ui.maps import choropleth, map_html

    title = _map_title(lang, kind, threshold)
    fmap = choropleth(
        city_data().geojson,
        dict(uncovered),
        title=title,
        legend_title=t("app.access.map-legend", lang),
        tooltip_label=t("app.access.map-legend", lang),
        format_value=lambda value: format_percent(value, lang, 0),
        height_px=_MAP_HEIGHT_PX - 10,
    )
    for lat, lon, name in existing:
        _circle(folium, fmap, lat, lon, name or t(f"access.kind.{kind}", lang), _EXISTING, weight=2)
    for rank_lat, rank_lon, rank in suggested:
        label = t("app.access.map-suggestion", lang, rank=rank)
        _circle(folium, fmap, rank_lat, rank_lon, label, _SUGGESTED, weight=3, dash="5 4")
    for lat, lon, name in added:
        _circle(folium, fmap, lat, lon, name, _ADDED, weight=3)
    return map_html(fmap, lang=lang, title=title)


def _circle(
    folium: Any,
    fmap: Any,
    lat: float,
    lon: float,
    label: str,
    style: Mapping[str, Any],
    *,
    weight: int,
    dash: str | None = None,
) -> None:
    # Leaflet puts tooltip text into the page as HTML: names from an uploaded file are escaped here.
    folium.CircleMarker(
        location=[lat, lon],
        radius=style["radius"],
        color=style["color"],
        weight=weight,
        fill="fill_color" in style,
        fill_color=style.get("fill_color"),
        fill_opacity=1.0 if "fill_color" in style else 0.0,
        dash_array=dash,
        tooltip=folium.Tooltip(escape(label)),
    ).add_to(fmap)


# -- entry points -----------------------------------------------------------------------------------------------


def warm_up(lang: str = DEFAULT_LANGUAGE) -> None:
    """Load the city, build the three models and draw the first visitor's map before anyone arrives.

    No widget is created here: widgets made in a preheated kernel would be sent to the page too.
    """
    from civic_kit.access import KINDS

    city_data()
    for kind in KINDS:
        _bundled_model(kind)
    state = AccessState()
    model = _bundled_model(state.kind)
    result = model.coverage(state.threshold_m)
    _coverage_map(*_map_key(lang, state.kind, state.threshold_m, model, result, (), None))


def build_app(lang: str | None = None) -> widgets.Widget:
    """The access app for ``lang`` (default: the page's ``?lang=`` or pt-BR)."""
    from civic_kit.ui.request import request_language

    return App(request_language(lang)).container
