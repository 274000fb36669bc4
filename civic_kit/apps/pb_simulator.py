"""The participatory-budgeting simulator: which projects get funded, and is that fair?

An official picks two counting rules (A: most votes first, what most cities use; B: equal shares
completed, as cities that adopted it count) and sees, side by side, what each funds, how much money is used
and left, how many voters got at least one project they voted for, how that spreads across districts (or
any voter attribute, or project themes), what changes between the rules, a map of the projects, and why a
popular project lost. A slider asks "what if the budget were 50% to 150% of what it was?".

The vote is the teaching city's (bundled, synthetic) unless the official uploads a Pabulib ``.pb`` file.
A malformed file is refused with the parser's line-numbered message and the previous vote stays on screen.

Why the caches below: every number comes from :mod:`civic_kit.pb`. Greedy counting takes well under a
millisecond, but completed equal shares re-runs the compiled equal-shares kernel hundreds of times (0.3 to
0.6 s on the teaching city on an idle machine, up to four times that on a busy one), so each outcome is kept
in a small least-recently-used memo keyed by the election and the rule. Going back to a budget or rule seen
before costs nothing, and :func:`warm_up` compiles the kernel and counts the default view before a visitor
arrives. The map (a ~200 kB standalone Leaflet document) is rebuilt only when what it shows changes.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

import ipywidgets as widgets

from civic_kit.i18n import DEFAULT_LANGUAGE, catalog, t
from civic_kit.i18n.numbers import format_number, format_percent
from civic_kit.pb import (
    RULES,
    Election,
    Outcome,
    OutcomeComparison,
    OutcomeSummary,
    compare_outcomes,
    funding_by_category,
    outcome_summary,
    read_pabulib,
    satisfaction_by_group,
    teaching_election,
    why_not,
)
from civic_kit.problems import CivicKitError, Issue
from civic_kit.ui.html import bar_chart, escape
from civic_kit.ui.shell import AppShell
from civic_kit.ui.widgets import labelled, take_upload, upload_button

__all__ = [
    "BUDGET_PERCENTS",
    "CITY_NAME",
    "MAX_UPLOAD_BYTES",
    "App",
    "PbState",
    "Results",
    "build_app",
    "format_money",
    "rule_choices",
    "warm_up",
]

log = logging.getLogger(__name__)

CITY_NAME = "Vale Verde"
#: What-if slider positions, in percent of the election's own budget.
BUDGET_PERCENTS: tuple[int, ...] = tuple(range(50, 151, 5))
#: Largest ``.pb`` file accepted from a visitor (Voila's websocket would choke on much more).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Groups drawn in a satisfaction chart; the largest are kept when a column has more distinct values.
MAX_GROUPS = 30
#: File warnings listed on screen; the rest are counted.
MAX_WARNINGS_SHOWN = 10
_POINTS_TYPES = ("cumulative", "scoring")
_MAP_HEIGHT_PX = 500

# Okabe-Ito colours (safe for colour-blind readers): the A/B colours also mark each rule's column heading.
_STATUS_STYLE: Mapping[str, Mapping[str, Any]] = {
    "both": {"fill": "#009E73", "border": "#00573f", "radius": 8},
    "only-a": {"fill": "#E69F00", "border": "#7a4f00", "radius": 8},
    "only-b": {"fill": "#0072B2", "border": "#003d60", "radius": 8},
    "neither": {"fill": "#ffffff", "border": "#555555", "radius": 5},
}
_LETTER_COLOUR = {"A": _STATUS_STYLE["only-a"]["fill"], "B": _STATUS_STYLE["only-b"]["fill"]}

_CSS = """<style>
.ck-pb .ck-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:12px 32px;
 align-items:start}
.ck-pb .ck-triple{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,260px),1fr));gap:8px 24px}
.ck-pb .ck-pair>*,.ck-pb .ck-triple>*{min-width:0}
.ck-pb .ck-stats{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:8px;margin:.4em 0 .6em}
.ck-pb .ck-stat{border:1px solid #b8c4ce;border-radius:8px;padding:8px 12px;background:#fff}
.ck-pb .ck-stat-label{margin:0;font-size:.88rem;color:#3d3d3d}
.ck-pb .ck-stat-value{margin:.1em 0 0;font-size:1.35rem;font-weight:700;color:#0b4a75}
.ck-pb .ck-stat-detail{margin:0;font-size:.82rem;line-height:1.35;color:#3d3d3d}
.ck-pb .ck-help{font-size:.9rem;color:#3d3d3d;margin:.2em 0 .5em}
.ck-pb .ck-table{width:100%}
.ck-pb .ck-table td,.ck-pb .ck-table th{padding:3px 6px;line-height:1.3;vertical-align:top}
.ck-pb .ck-table td.ck-num,.ck-pb .ck-table th.ck-num{text-align:right;white-space:nowrap}
.ck-pb .ck-table td.ck-where{font-size:.85rem;color:#333}
.ck-pb h3{font-size:1.08rem;margin:.8em 0 .3em}
.ck-pb .ck-letter{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;
 vertical-align:baseline;border:1px solid #333}
.ck-pb .ck-key{display:inline-block;width:12px;height:12px;border-radius:50%;margin:0 4px 0 12px;
 vertical-align:middle;border:2px solid}
.ck-pb .ck-map-caption{font-size:.9rem;color:#3d3d3d}
.ck-pb .ck-badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85rem;font-weight:600;margin:0}
.ck-pb .ck-badge-yes{background:#e3f1e5;color:#1d4d22;border:1px solid #2b6a30}
.ck-pb .ck-badge-no{background:#fdecec;color:#7a1016;border:1px solid #a4161a}
.ck-pb .ck-compare ul{margin:.2em 0;padding-left:1.2em}
.ck-pb .ck-why-text{font-size:1rem;line-height:1.5}
.ck-pb .ck-issues{margin:.3em 0;padding-left:1.2em;font-size:.92rem}
.ck-pb .widget-readout{max-width:none;min-width:13em;text-align:left}
.ck-pb .ck-bars{max-width:none}
</style>"""


# -- small pure helpers ---------------------------------------------------------------------------------------


def format_money(value: Fraction | int, currency: str, lang: str) -> str:
    """An exact amount as officials read it: ``R$ 12.000.000`` when whole, ``R$ 1.500,50`` otherwise.

    Budgets and project costs are usually whole amounts; printing ``,00`` after millions only adds noise.
    """
    exact = Fraction(value)
    if exact.denominator == 1:
        return f"{currency} {format_number(int(exact), lang)}"
    return f"{currency} {format_number(float(exact), lang, ',.2f')}"


def rule_choices(election: Election) -> tuple[str, ...]:
    """Rules offered for an election; ranking by points only makes sense when ballots carry points."""
    rules = ["greedy", "mes-complete", "mes", "mes-add1"]
    if election.vote_type in _POINTS_TYPES:
        rules.insert(1, "greedy-points")
    return tuple(rules)


def _known(key: str, lang: str) -> bool:
    return key in catalog(lang)


def _category_label(category: str | None, lang: str) -> str:
    if category is None:
        return t("app.pb.group.no-theme", lang)
    key = f"app.pb.category.{category}"
    return t(key, lang) if _known(key, lang) else category


def _attribute_label(attribute: str, lang: str) -> str:
    key = f"app.pb.attribute.{attribute}"
    return t(key, lang) if _known(key, lang) else t("app.pb.attribute.other", lang, name=attribute)


@cache
def _teaching() -> Election:
    """The bundled Vale Verde vote, read once per kernel (it never changes while the kernel runs)."""
    return teaching_election()


@cache
def _district_geojson() -> Mapping[str, Any]:
    from civic_kit.data import load_geojson

    return load_geojson("districts")


@cache
def _district_names() -> Mapping[str, str]:
    """The teaching city's district names by id (``"03"`` -> ``"Vila Operária"``)."""
    return {
        str(feature["properties"]["district_id"]): str(feature["properties"]["name"])
        for feature in _district_geojson()["features"]
    }


class _Same:
    """An election as part of a memo key: equal only to itself (elections compare by content, which is
    slow, and are not hashable). Holding it keeps the election alive, so its ``id`` cannot be reused."""

    __slots__ = ("election",)

    def __init__(self, election: Election) -> None:
        self.election = election

    def __hash__(self) -> int:
        return id(self.election)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.election is self.election


class _Memo:
    """A small least-recently-used memo for results that are slow to compute and never change.

    Keys name elections by identity (:class:`_Same`): an uploaded file gets fresh entries and old ones fall
    out as new ones come in.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._data

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if key in self._data:
            self._data.move_to_end(key)
            return self._data[key]
        value = compute()
        self._data[key] = value
        while len(self._data) > self.size:
            self._data.popitem(last=False)
        return value


_SCALED = _Memo(48)
_OUTCOMES = _Memo(96)
_ANALYSES = _Memo(192)


def _scaled(election: Election, percent: int) -> Election:
    """The election with ``percent`` % of its budget (the same object at 100 %), memoised so that outcomes
    computed on it can be found again."""
    if percent == 100:
        return election
    return _SCALED.get((_Same(election), percent), lambda: election.with_budget(election.budget * percent / 100))


# -- state ------------------------------------------------------------------------------------------------------


@dataclass
class PbState:
    """Everything the official chose. It outlives a language switch, which rebuilds every widget."""

    election: Election
    """The vote on screen (the last one that was read without errors)."""
    source: str | None = None
    """Name of the uploaded file, or None for the teaching city."""
    rule_a: str = "greedy"
    rule_b: str = "mes-complete"
    budget_percent: int = 100
    group_by: str = ""
    """``attr:<column>`` for a voter attribute, ``category`` for project themes; empty = the default."""
    why_project: str = ""
    """Project explained in the "why did it lose?" section; empty = the most voted one left out."""
    message: tuple[str, str, dict[str, Any]] | None = None
    """Last status message as ``(kind, key, params)``, so it is translated again after a language switch."""

    @classmethod
    def teaching(cls) -> PbState:
        """The starting state: the teaching city's vote, most votes first against completed equal shares."""
        return cls(election=_teaching())


@dataclass(frozen=True)
class Results:
    """What the page shows for the current state (read by the tests and the report on latency)."""

    election: Election
    """The election with the simulated budget."""
    outcome_a: Outcome
    outcome_b: Outcome
    summary_a: OutcomeSummary
    summary_b: OutcomeSummary
    comparison: OutcomeComparison


@dataclass
class _Widgets:
    """The widgets of one rendering of the body (rebuilt only when the language changes)."""

    upload: widgets.FileUpload
    use_teaching: widgets.Button
    source: widgets.HTML
    warnings: widgets.HTML
    rule_a: widgets.Dropdown
    rule_b: widgets.Dropdown
    help_a: widgets.HTML
    help_b: widgets.HTML
    budget: widgets.SelectionSlider
    budget_now: widgets.HTML
    budget_help: widgets.HTML
    results: widgets.HTML
    group_by: widgets.Dropdown
    groups: widgets.HTML
    compare: widgets.HTML
    map: widgets.HTML
    why: widgets.Dropdown
    why_text: widgets.HTML


# -- the app ----------------------------------------------------------------------------------------------------


class App:
    """The simulator: one :class:`PbState`, an :class:`AppShell` and widgets updated in place.

    Parameters
    ----------
    lang
        Initial language.
    state
        Start from this state (tests, a restored session); default: the teaching city.
    """

    def __init__(self, lang: str, state: PbState | None = None) -> None:
        self.state = state or PbState.teaching()
        self.lang = lang
        self.results: Results | None = None
        self.map_key: tuple[Any, ...] | None = None
        """What the map on screen shows; the map is redrawn only when this changes."""
        self.map_renders = 0
        self.last_refresh_s = 0.0
        """Kernel time of the last refresh (counting included), for the latency report."""
        self._syncing = False
        self._counting_shown = False
        self._shell: AppShell | None = None
        self.w: _Widgets | None = None
        self._shell = AppShell(
            title_key="app.pb-simulator.title",
            subtitle_key="app.pb.subtitle",
            lang=lang,
            render_body=self._body,
            footer=self._footer_text,
        )
        self.shell = self._shell
        self.container = self.shell.container

    # -- building -----------------------------------------------------------------------------------------------
    def _body(self, lang: str) -> widgets.Widget:
        self.lang = lang
        w = _Widgets(
            upload=upload_button(t("app.pb.upload", lang), ".pb,.txt,text/plain"),
            use_teaching=widgets.Button(
                description=t("app.pb.use-teaching", lang, city=CITY_NAME), layout=widgets.Layout(width="auto")
            ),
            source=widgets.HTML(),
            warnings=widgets.HTML(),
            rule_a=labelled(widgets.Dropdown(options=[]), t("app.pb.rule-a", lang), width="calc(100% - 4px)"),
            rule_b=labelled(widgets.Dropdown(options=[]), t("app.pb.rule-b", lang), width="calc(100% - 4px)"),
            help_a=widgets.HTML(),
            help_b=widgets.HTML(),
            budget=labelled(
                widgets.SelectionSlider(options=[("-", 100)], value=100, continuous_update=False),
                t("app.pb.budget", lang),
                width="760px",
            ),
            budget_now=widgets.HTML(),
            budget_help=widgets.HTML(),
            results=widgets.HTML(),
            group_by=labelled(widgets.Dropdown(options=[]), t("app.pb.group-by", lang), width="460px"),
            groups=widgets.HTML(),
            compare=widgets.HTML(),
            map=widgets.HTML(),
            why=labelled(widgets.Dropdown(options=[]), t("app.pb.why-pick", lang), width="min(100%, 820px)"),
            why_text=widgets.HTML(),
        )
        self.w = w
        self.map_key = None  # a new map widget: draw it again
        self._refresh(announce=False)
        self._wire(w)  # after the first fill, so filling the widgets is not mistaken for the official's input

        def section(key: str) -> widgets.HTML:
            return widgets.HTML(f'<h2 lang="{lang}">{escape(t(key, lang))}</h2>')

        def help_text(key: str, **params: Any) -> widgets.HTML:
            return widgets.HTML(f'<p class="ck-help" lang="{lang}">{escape(t(key, lang, **params))}</p>')

        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        pair = widgets.Layout(
            display="grid", grid_template_columns="repeat(auto-fit, minmax(min(100%, 380px), 1fr))", grid_gap="4px 32px"
        )
        body = widgets.VBox(
            [
                widgets.HTML(_CSS),
                section("app.pb.section.election"),
                w.source,
                widgets.HBox([w.upload, w.use_teaching], layout=row),
                help_text("app.pb.upload-help"),
                w.warnings,
                section("app.pb.section.rules"),
                widgets.Box(
                    [widgets.VBox([w.rule_a, w.help_a]), widgets.VBox([w.rule_b, w.help_b])],
                    layout=pair,
                ),
                w.budget,
                w.budget_now,
                w.budget_help,
                section("app.pb.section.results"),
                w.results,
                section("app.pb.section.groups"),
                w.group_by,
                w.groups,
                section("app.pb.section.compare"),
                w.compare,
                section("app.pb.section.map"),
                w.map,
                section("app.pb.section.why"),
                help_text("app.pb.why-help"),
                w.why,
                w.why_text,
            ],
            layout=widgets.Layout(width="100%"),
        )
        body.add_class("ck-pb")
        return body

    def _wire(self, w: _Widgets) -> None:
        """Connect every input to one state change followed by :meth:`_refresh`, each through ``guard``."""

        def on(widget: widgets.Widget, field: str) -> None:
            def changed(change: Mapping[str, Any]) -> None:
                if not self._syncing:
                    self._set(**{field: change["new"]})

            widget.observe(self._guarded(changed), names="value")

        on(w.rule_a, "rule_a")
        on(w.rule_b, "rule_b")
        on(w.budget, "budget_percent")
        on(w.group_by, "group_by")
        on(w.why, "why_project")
        w.upload.observe(self._guarded(lambda _change: self._read_upload()), names="value")
        w.use_teaching.on_click(self._guarded(lambda _button: self.use_teaching()))

    def _guarded(self, callback: Callable[[Any], Any]) -> Callable[[Any], Any]:
        # The shell builds the body inside its own constructor, so the guard is looked up when an event
        # arrives (always after construction).
        def run(argument: Any) -> Any:
            return self.shell.guard(callback)(argument)

        return run

    def _footer_text(self, lang: str) -> str:
        if self.state.source is not None:
            return t("app.pb.footer-upload", lang, name=self.state.source)
        return t("core.synthetic-note", lang, city=CITY_NAME)

    # -- actions (also the API the unit tests drive) ------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        """Apply one change of the official's; if counting fails, go back to the previous state."""
        previous = self.state
        self.state = replace(previous, **changes, message=None)
        try:
            self._refresh()
        except CivicKitError:
            self.state = previous
            self._refresh(announce=False)
            raise

    def upload_pb(self, content: bytes, name: str) -> bool:
        """Read a Pabulib file the official sent and show its vote.

        A file that cannot be read leaves the previous vote on screen and says why, naming the line.
        Returns True when the file was taken.
        """
        try:
            election = read_pabulib(content, max_bytes=MAX_UPLOAD_BYTES)
        except CivicKitError as error:
            self._say("error", "app.pb.upload-failed", name=name, problem=error.issue)
            return False
        self._set(**self._fresh_choices(election), source=name)
        self._update_footer()
        self._say(
            "success",
            "app.pb.upload-ok",
            name=name,
            projects=election.num_projects,
            voters=election.num_voters,
        )
        return True

    def use_teaching(self) -> None:
        """Go back to the teaching city's vote (keeping the rules when they apply)."""
        self._set(**self._fresh_choices(_teaching()), source=None)
        self._update_footer()
        self._say("info", "app.pb.teaching-back", city=CITY_NAME)

    def _fresh_choices(self, election: Election) -> dict[str, Any]:
        """State fields for a newly loaded vote: keep the rules if it offers them, start at its own budget."""
        rules = rule_choices(election)
        return {
            "election": election,
            "rule_a": self.state.rule_a if self.state.rule_a in rules else "greedy",
            "rule_b": self.state.rule_b if self.state.rule_b in rules else "mes-complete",
            "budget_percent": 100,
            "group_by": "",
            "why_project": "",
        }

    def _read_upload(self) -> None:
        assert self.w is not None
        take_upload(self.w.upload, self.upload_pb, max_bytes=MAX_UPLOAD_BYTES)

    # -- refresh ------------------------------------------------------------------------------------------------
    def _refresh(self, *, announce: bool = True) -> None:
        """Count with both rules (memoised) and update every output widget in place."""
        if self.w is None:
            return
        started = time.perf_counter()
        if announce and self._shell is not None:
            self.shell.clear_status()
        state = self.state
        lang = self.lang
        election = _scaled(state.election, state.budget_percent)
        outcome_a = self._count(election, state.rule_a)
        outcome_b = self._count(election, state.rule_b)
        results = Results(
            election=election,
            outcome_a=outcome_a,
            outcome_b=outcome_b,
            summary_a=_ANALYSES.get(
                ("summary", _Same(election), state.rule_a), lambda: outcome_summary(election, outcome_a)
            ),
            summary_b=_ANALYSES.get(
                ("summary", _Same(election), state.rule_b), lambda: outcome_summary(election, outcome_b)
            ),
            comparison=compare_outcomes(outcome_a, outcome_b),
        )
        self.results = results
        self._sync_inputs(results)
        w = self.w
        w.source.value = self._source_html()
        w.warnings.value = self._warnings_html()
        w.use_teaching.layout.display = None if state.source is not None else "none"
        w.help_a.value = _help_html(state.rule_a, lang)
        w.help_b.value = _help_html(state.rule_b, lang)
        w.budget_now.value = self._budget_now_html(results)
        w.budget_help.value = (
            f'<p class="ck-help" lang="{lang}">'
            f"{escape(t('app.pb.budget-help', lang, budget=self._money(state.election.budget)))}</p>"
        )
        w.results.value = self._results_html(results)
        w.groups.value = self._groups_html(results)
        w.compare.value = self._compare_html(results)
        w.why_text.value = self._why_html(results)
        self._render_map(results)
        self.last_refresh_s = time.perf_counter() - started
        if self._counting_shown:
            self._counting_shown = False
            self.shell.clear_status()
        self._show_message()

    def _count(self, election: Election, rule: str) -> Outcome:
        """The outcome of ``rule``, memoised; says "counting..." while an equal-shares count runs."""
        if rule not in RULES:
            raise CivicKitError.of("app-pb-unknown-rule", rule=str(rule))
        key = (_Same(election), rule)
        if key not in _OUTCOMES and rule.startswith("mes") and self._shell is not None:
            # Widget messages leave the kernel at once, so the official sees this while the count runs.
            self.shell.notify(t("app.pb.computing", self.lang, rule=t(f"pb.rule.{rule}", self.lang)))
            self._counting_shown = True
        return _OUTCOMES.get(key, lambda: RULES[rule](election))

    def _sync_inputs(self, results: Results) -> None:
        """Put the state into the input widgets (options depend on the vote, the language and the outcome)."""
        assert self.w is not None
        w = self.w
        state = self.state
        lang = self.lang
        election = state.election
        rules = [(t(f"pb.rule.{rule}", lang), rule) for rule in rule_choices(election)]
        budgets = [
            (f"{self._money(election.budget * p / 100)} ({format_percent(p / 100, lang, 0)})", p)
            for p in BUDGET_PERCENTS
        ]
        groups = self._group_options()
        if state.group_by not in {value for _label, value in groups}:
            self.state.group_by = groups[0][1]
        why = self._why_options(results)
        values = {value for _label, value in why}
        if state.why_project not in values:
            self.state.why_project = why[0][1]
        self._syncing = True  # programmatic changes below are not the official's choices
        try:
            for dropdown, options, value in (
                (w.rule_a, rules, state.rule_a),
                (w.rule_b, rules, state.rule_b),
                (w.budget, budgets, state.budget_percent),
                (w.group_by, groups, self.state.group_by),
                (w.why, why, self.state.why_project),
            ):
                if [tuple(o) for o in dropdown.options] != options:
                    dropdown.options = options
                if dropdown.value != value:
                    dropdown.value = value
            w.why.disabled = why[0][1] == ""
        finally:
            self._syncing = False

    # -- pieces of the page ---------------------------------------------------------------------------------------
    def _money(self, value: Fraction | int) -> str:
        return format_money(value, self.state.election.currency, self.lang)

    def _source_html(self) -> str:
        state = self.state
        lang = self.lang
        election = state.election
        params = {
            "projects": election.num_projects,
            "voters": election.num_voters,
            "budget": self._money(election.budget),
        }
        if state.source is None:
            text = t("app.pb.source.teaching", lang, city=CITY_NAME, year=election.meta.get("instance", ""), **params)
        else:
            text = t("app.pb.source.uploaded", lang, name=state.source, **params)
        return f'<p lang="{lang}">{escape(text)}</p>'

    def _warnings_html(self) -> str:
        warnings = self.state.election.warnings
        if not warnings:
            return ""
        lang = self.lang
        items = "".join(f"<li>{escape(issue.message(lang))}</li>" for issue in warnings[:MAX_WARNINGS_SHOWN])
        hidden = len(warnings) - MAX_WARNINGS_SHOWN
        if hidden > 0:
            items += f"<li>{escape(t('app.pb.more-warnings', lang, count=hidden))}</li>"
        heading = escape(t("app.pb.warnings", lang))
        return (
            f'<div class="ck-note ck-note-warning" lang="{lang}"><p>{heading}</p>'
            f'<ul class="ck-issues">{items}</ul></div>'
        )

    def _budget_now_html(self, results: Results) -> str:
        lang = self.lang
        text = t(
            "app.pb.budget-now",
            lang,
            budget=self._money(results.election.budget),
            percent=format_percent(self.state.budget_percent / 100, lang, 0),
        )
        return f'<p lang="{lang}"><strong>{escape(text)}</strong></p>'

    def _results_html(self, results: Results) -> str:
        state = self.state
        columns = (
            self._rule_column("A", state.rule_a, results.outcome_a, results.summary_a, results.election),
            self._rule_column("B", state.rule_b, results.outcome_b, results.summary_b, results.election),
        )
        return f'<div class="ck-pair" lang="{self.lang}">{"".join(columns)}</div>'

    def _rule_column(
        self, letter: str, rule: str, outcome: Outcome, summary: OutcomeSummary, election: Election
    ) -> str:
        lang = self.lang
        stats = "".join(
            (
                _stat(
                    t("app.pb.stat.used", lang),
                    self._money(summary.cost),
                    t(
                        "app.pb.stat.used-detail",
                        lang,
                        share=format_percent(summary.share_used, lang),
                        budget=self._money(summary.budget),
                    ),
                ),
                _stat(t("app.pb.stat.left", lang), self._money(summary.left), t("app.pb.stat.left-detail", lang)),
                _stat(
                    t("app.pb.stat.projects", lang),
                    format_number(summary.projects_funded, lang),
                    t("app.pb.stat.projects-detail", lang, total=election.num_projects),
                ),
                _stat(
                    t("app.pb.stat.voters", lang),
                    format_percent(summary.share_with_funded, lang) if summary.voters_who_chose else "—",
                    t(
                        "app.pb.stat.voters-detail",
                        lang,
                        count=summary.voters_with_funded,
                        total=summary.voters_who_chose,
                    ),
                ),
            )
        )
        return (
            f'<section class="ck-rule ck-rule-{letter.lower()}">{_rule_heading(letter, rule, lang)}'
            f'<div class="ck-stats">{stats}</div>{self._funded_table(outcome, election)}</section>'
        )

    def _funded_table(self, outcome: Outcome, election: Election) -> str:
        lang = self.lang
        if not outcome.selected:
            return f'<p class="ck-help">{escape(t("app.pb.funded-none", lang))}</p>'
        where_key = self._where_column()
        headers = [
            (t("app.pb.column.step", lang), True),
            (t("app.pb.column.project", lang), False),
            *([(t(where_key, lang), False)] if where_key else []),
            (t("app.pb.column.cost", lang), True),
            (t("app.pb.column.votes", lang), True),
        ]
        votes = election.vote_counts
        rows = []
        for step, project_id in enumerate(outcome.selected, start=1):
            position = election.position(project_id)
            project = election.projects[position]
            cells = [(format_number(step, lang), "ck-num"), (project.label, "")]
            if where_key:
                cells.append((self._where(project), "ck-where"))
            cells.append((self._money(project.cost), "ck-num"))
            cells.append((format_number(int(votes[position]), lang), "ck-num"))
            rows.append(cells)
        return _table(headers, rows, caption=t("app.pb.funded-caption", lang))

    def _where_column(self) -> str | None:
        """Which "where" column the tables get: district and theme, theme only, or none."""
        projects = self.state.election.projects
        if any(dict(p.extra).get("district") for p in projects):
            return "app.pb.column.where"
        if any(p.categories for p in projects):
            return "app.pb.column.theme"
        return None

    def _where(self, project: Any) -> str:
        lang = self.lang
        parts = []
        district = dict(project.extra).get("district")
        if district:
            parts.append(_district_names().get(district, district) if self.state.source is None else district)
        parts.extend(_category_label(c, lang) for c in project.categories)
        return " · ".join(parts)

    # groups
    def _group_options(self) -> list[tuple[str, str]]:
        lang = self.lang
        attributes = list(self.state.election.voter_attributes)
        if "district" in attributes:  # the question officials ask first: is some part of the city left out?
            attributes.remove("district")
            attributes.insert(0, "district")
        options = [(_attribute_label(name, lang), f"attr:{name}") for name in attributes]
        options.append((t("app.pb.group.category", lang), "category"))
        return options

    def _groups_html(self, results: Results) -> str:
        lang = self.lang
        state = self.state
        group_by = state.group_by
        election = results.election
        pairs = (("A", state.rule_a, results.outcome_a), ("B", state.rule_b, results.outcome_b))
        charts = []
        if group_by == "category":
            tables = {
                letter: _ANALYSES.get(
                    ("category", _Same(election), rule), lambda o=outcome: funding_by_category(election, o)
                )
                for letter, rule, outcome in pairs
            }
            top = max((row.share_of_spent for rows in tables.values() for row in rows), default=0.0)
            order = _category_order(tables["A"], tables["B"])
            for letter, rule, _outcome in pairs:
                by_category = {row.category: row.share_of_spent for row in tables[letter]}
                rows = [(_category_label(c, lang), by_category.get(c, 0.0)) for c in order]
                caption = t("app.pb.category-caption", lang, rule=_rule_title(letter, rule, lang))
                charts.append(
                    bar_chart(
                        rows,
                        caption=caption,
                        format_value=lambda v: format_percent(v, lang),
                        source=t("app.pb.category-source", lang),
                        max_value=top or 1.0,
                    )
                )
            return f'<div class="ck-pair" lang="{lang}">{"".join(charts)}</div>'
        attribute = group_by.removeprefix("attr:")
        rows_by_letter = {
            letter: _ANALYSES.get(
                ("groups", _Same(election), rule, attribute),
                lambda o=outcome: satisfaction_by_group(election, o, attribute),
            )
            for letter, rule, outcome in pairs
        }
        kept = _largest_groups(rows_by_letter["A"], MAX_GROUPS)
        note = ""
        total = len(rows_by_letter["A"])
        if len(kept) < total:
            note = f'<p class="ck-help">{escape(t("app.pb.more-groups", lang, shown=len(kept), total=total))}</p>'
        for letter, rule, _outcome in pairs:
            shares = {row.group: row.share_with_funded for row in rows_by_letter[letter]}
            rows = [(self._group_label(attribute, group), shares.get(group, 0.0)) for group in kept]
            charts.append(
                bar_chart(
                    rows,
                    caption=t("app.pb.group-caption", lang, rule=_rule_title(letter, rule, lang)),
                    format_value=lambda v: format_percent(v, lang),
                    source=t("app.pb.group-source", lang),
                    max_value=1.0,
                )
            )
        return f'<div lang="{lang}">{note}<div class="ck-pair">{"".join(charts)}</div></div>'

    def _group_label(self, attribute: str, group: str | None) -> str:
        if group is None:
            return t("app.pb.group.not-informed", self.lang)
        if attribute == "district" and self.state.source is None:
            return _district_names().get(group, group)
        return group

    # comparison
    def _compare_html(self, results: Results) -> str:
        lang = self.lang
        comparison = results.comparison
        election = results.election
        if not comparison.only_a and not comparison.only_b:
            summary = t("app.pb.compare.same", lang)
        else:
            summary = t("app.pb.compare.summary", lang, changed=len(comparison.only_a) + len(comparison.only_b))
        blocks = []
        for key, ids, letter in (
            ("app.pb.compare.both", comparison.both, None),
            ("app.pb.compare.only-a", comparison.only_a, "A"),
            ("app.pb.compare.only-b", comparison.only_b, "B"),
        ):
            marker = _letter_marker(letter) if letter else ""
            heading = f"<h3>{marker}{escape(t(key, lang, count=len(ids)))}</h3>"
            if ids:
                names = sorted((election.project(pid).label for pid in ids), key=str.casefold)
                listing = "<ul>" + "".join(f"<li>{escape(name)}</li>" for name in names) + "</ul>"
            else:
                listing = f'<p class="ck-help">{escape(t("app.pb.compare.empty", lang))}</p>'
            blocks.append(f"<div>{heading}{listing}</div>")
        return (
            f'<div class="ck-compare" lang="{lang}"><p>{escape(summary)}</p>'
            f'<div class="ck-triple">{"".join(blocks)}</div></div>'
        )

    # why not
    def _why_options(self, results: Results) -> list[tuple[str, str]]:
        lang = self.lang
        election = results.election
        in_a, in_b = set(results.outcome_a.selected), set(results.outcome_b.selected)
        votes = election.vote_counts
        left_out = []
        for position, project in enumerate(election.projects):
            if project.id in in_a and project.id in in_b:
                continue
            status = "only-a" if project.id in in_a else "only-b" if project.id in in_b else "neither"
            left_out.append((-int(votes[position]), project.label.casefold(), project, status, int(votes[position])))
        left_out.sort(key=lambda item: item[:2])
        options = [
            (
                t(
                    "app.pb.why-option",
                    lang,
                    project=project.label,
                    votes=count,
                    status=t(f"app.pb.why-status.{status}", lang),
                ),
                project.id,
            )
            for _order, _name, project, status, count in left_out
        ]
        return options or [(t("app.pb.why-none", lang), "")]

    def _why_html(self, results: Results) -> str:
        lang = self.lang
        state = self.state
        project_id = state.why_project
        if not project_id:
            return f'<p lang="{lang}">{escape(t("app.pb.why-all-funded", lang))}</p>'
        columns = []
        for letter, rule, outcome in (("A", state.rule_a, results.outcome_a), ("B", state.rule_b, results.outcome_b)):
            answer = why_not(results.election, outcome, project_id)
            badge_key, badge_class = ("app.pb.funded", "yes") if answer.funded else ("app.pb.not-funded", "no")
            badge = f'<p class="ck-badge ck-badge-{badge_class}">{escape(t(badge_key, lang))}</p>'
            columns.append(
                f"<section>{_rule_heading(letter, rule, lang)}{badge}"
                f'<p class="ck-why-text">{escape(answer.message(lang))}</p></section>'
            )
        return f'<div class="ck-pair" lang="{lang}">{"".join(columns)}</div>'

    # map
    def _render_map(self, results: Results) -> None:
        assert self.w is not None
        lang = self.lang
        election = results.election
        in_a, in_b = set(results.outcome_a.selected), set(results.outcome_b.selected)
        points = []
        for project in election.projects:
            lat, lon = project.latitude, project.longitude
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            funded_a, funded_b = project.id in in_a, project.id in in_b
            status = "both" if funded_a and funded_b else "only-a" if funded_a else "only-b" if funded_b else "neither"
            points.append((float(lat), float(lon), project.label, status))
        teaching = self.state.source is None
        key = (lang, teaching, tuple(points))
        if key == self.map_key:
            return
        if not points:
            self.w.map.value = f'<p class="ck-help" lang="{lang}">{escape(t("app.pb.map-none", lang))}</p>'
        else:
            from civic_kit.ui.maps import map_frame

            title = t("app.pb.map-title", lang)
            document = _projects_map(lang, tuple(points), teaching)
            self.w.map.value = map_frame(document, title=title, height_px=_MAP_HEIGHT_PX) + _map_caption(lang)
        self.map_key = key
        self.map_renders += 1

    # -- status messages ----------------------------------------------------------------------------------------
    def _say(self, kind: str, key: str, **params: Any) -> None:
        self.state = replace(self.state, message=(kind, key, params))
        self._show_message()

    def _show_message(self) -> None:
        if self.state.message is None or self._shell is None:
            return
        kind, key, params = self.state.message
        lang = self.lang
        values = {name: v.message(lang) if isinstance(v, Issue) else v for name, v in params.items()}
        self.shell.notify(t(key, lang, **values), kind)

    def _update_footer(self) -> None:
        # The shell writes the footer only when the language changes; the source changed, so write it now.
        lang = self.lang
        self.shell.footer.value = f'<footer class="ck-footer" lang="{lang}">{escape(self._footer_text(lang))}</footer>'


# -- HTML builders ----------------------------------------------------------------------------------------------


def _rule_title(letter: str, rule: str, lang: str) -> str:
    return t("app.pb.rule-heading", lang, letter=letter, rule=t(f"pb.rule.{rule}", lang))


def _letter_marker(letter: str) -> str:
    return f'<span class="ck-letter" style="background:{_LETTER_COLOUR[letter]}" aria-hidden="true"></span>'


def _rule_heading(letter: str, rule: str, lang: str) -> str:
    return f"<h3>{_letter_marker(letter)}{escape(_rule_title(letter, rule, lang))}</h3>"


def _help_html(rule: str, lang: str) -> str:
    return f'<p class="ck-help" lang="{lang}">{escape(t(f"app.pb.rule-help.{rule}", lang))}</p>'


def _stat(label: str, value: str, detail: str) -> str:
    return (
        '<div class="ck-stat">'
        f'<p class="ck-stat-label">{escape(label)}</p>'
        f'<p class="ck-stat-value">{escape(value)}</p>'
        f'<p class="ck-stat-detail">{escape(detail)}</p></div>'
    )


def _table(headers: Sequence[tuple[str, bool]], rows: Sequence[Sequence[tuple[str, str]]], *, caption: str) -> str:
    """An accessible table whose cells carry a class (numbers right-aligned); every text is escaped."""

    def cell(tag: str, text: str, css: str, scope: str = "") -> str:
        attributes = (f' scope="{scope}"' if scope else "") + (f' class="{css}"' if css else "")
        return f"<{tag}{attributes}>{escape(text)}</{tag}>"

    head = "".join(cell("th", text, "ck-num" if numeric else "", "col") for text, numeric in headers)
    body = "".join("<tr>" + "".join(cell("td", text, css) for text, css in row) + "</tr>" for row in rows)
    return (
        f'<table class="ck-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _category_order(first: Sequence[Any], second: Sequence[Any]) -> list[str | None]:
    """Themes in the order of the first rule's spending, then any only the second rule funded."""
    order: list[str | None] = [row.category for row in first]
    order += [row.category for row in second if row.category not in order]
    return order


def _largest_groups(rows: Sequence[Any], limit: int) -> list[str | None]:
    """The groups to draw, in the domain's natural order; only the ``limit`` largest when there are more."""
    if len(rows) <= limit:
        return [row.group for row in rows]
    keep = {row.group for row in sorted(rows, key=lambda r: -r.voters)[:limit]}
    return [row.group for row in rows if row.group in keep]


def _map_caption(lang: str) -> str:
    keys = "".join(
        f'<span class="ck-key" style="background:{style["fill"]};border-color:{style["border"]}" aria-hidden="true">'
        f"</span>{escape(t(f'app.pb.map.{status}', lang))}"
        for status, style in _STATUS_STYLE.items()
    )
    return f'<p class="ck-map-caption" lang="{lang}">{escape(t("app.pb.map-caption", lang))}<br>{keys}</p>'


@lru_cache(maxsize=32)  # ~220 kB each: every budget step of the slider for one pair of rules stays drawn
def _projects_map(lang: str, points: tuple[tuple[float, float, str, str], ...], districts: bool) -> str:
    """The map document: projects as circles coloured by which rule funded them, over the teaching city's
    districts when the vote is Vale Verde's. Cached on its (hashable) inputs: a view seen before costs nothing.
    """
    import folium

    from civic_kit.ui.maps import add_labels, map_html

    title = t("app.pb.map-title", lang)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    geojson = _district_geojson() if districts else None
    if geojson is not None:
        for lon, lat in _outer_points(geojson):
            lats.append(lat)
            lons.append(lon)
    pad = 0.002
    bounds = [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
    fmap = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        tiles=None,
        zoom_control=True,
        control_scale=True,
        height=f"{_MAP_HEIGHT_PX - 10}px",
        zoom_snap=0.1,
        # Without this the map opens at its centre and then visibly zooms to fit the projects each time it is
        # redrawn (after every change of outcome); a calm map matters more here than animated zooming.
        zoom_animation=False,
    )
    fmap.default_js = []  # Leaflet is inlined by map_html; nothing else is needed
    fmap.default_css = []
    fmap.fit_bounds(bounds)
    if geojson is not None:
        folium.GeoJson(
            geojson,
            style_function=lambda _feature: {"fillColor": "#eef2f5", "color": "#5a6570", "weight": 1, "fillOpacity": 1},
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[""]),
        ).add_to(fmap)
        add_labels(fmap, geojson["features"])
    # Unfunded projects first, so funded ones are drawn on top of them.
    rank = {"neither": 0, "both": 1, "only-a": 2, "only-b": 3}
    for lat, lon, name, status in sorted(points, key=lambda p: rank[p[3]]):
        style = _STATUS_STYLE[status]
        # Leaflet puts tooltip text into the page as HTML: project names from an uploaded file are escaped here.
        label = escape(f"{name} — {t(f'app.pb.map.{status}', lang)}")
        folium.CircleMarker(
            location=[lat, lon],
            radius=style["radius"],
            color=style["border"],
            weight=2,
            fill=True,
            fill_color=style["fill"],
            fill_opacity=0.95,
            tooltip=folium.Tooltip(label),
        ).add_to(fmap)
    legend = "".join(
        f'<div><i style="background:{style["fill"]};border-color:{style["border"]}"></i>'
        f"{escape(t(f'app.pb.map.{status}', lang))}</div>"
        for status, style in _STATUS_STYLE.items()
    )
    fmap.get_root().header.add_child(folium.Element(_MAP_CSS))
    fmap.get_root().html.add_child(
        folium.Element(f'<div class="ck-legend" role="group" aria-label="{escape(title)}">{legend}</div>')
    )
    return map_html(fmap, lang=lang, title=title)


_MAP_CSS = (
    "<style>"
    ".ck-legend{position:absolute;top:10px;right:10px;z-index:1000;background:#fff;padding:6px 10px;"
    "border:1px solid #777;border-radius:4px;font:13px/1.5 system-ui,sans-serif;color:#111}"
    ".ck-legend i{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;"
    "border:2px solid;vertical-align:middle}"
    ".ck-label{font:600 10.5px/1.15 system-ui,sans-serif;color:#3a3a3a;text-shadow:0 0 3px #fff,0 0 3px #fff;"
    "display:block;text-align:center;white-space:normal;width:96px}"
    ".ck-label-icon{background:none;border:none}"
    "</style>"
)


def _outer_points(geojson: Mapping[str, Any]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for feature in geojson.get("features", []):
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            points.extend((float(x), float(y)) for x, y in polygon[0])
    return points


# -- entry points -----------------------------------------------------------------------------------------------


def warm_up(lang: str = DEFAULT_LANGUAGE) -> None:
    """Compile the equal-shares kernel on a tiny vote, then count and draw the default page once.

    Preheated Voila kernels run this before a visitor arrives, so the first page shows at once: the numba
    kernel is loaded, the teaching vote is read and both default outcomes and the map are memoised.
    """
    from civic_kit.pb import mes_complete

    tiny = Election.from_ballots([("a", 60), ("b", 50), ("c", 40)], 100, [["a"], ["a", "b"], ["c"]])
    mes_complete(tiny)
    App(lang)


def build_app(lang: str | None = None) -> widgets.Widget:
    """The simulator for ``lang`` (default: the page's ``?lang=`` or pt-BR)."""
    from civic_kit.ui.request import request_language

    return App(request_language(lang)).container
