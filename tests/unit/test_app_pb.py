"""The PB simulator driven from Python: widget changes -> state and outputs, bad input -> translated message."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from fractions import Fraction

import pytest

from civic_kit.apps.pb_simulator import (
    BUDGET_PERCENTS,
    MAX_UPLOAD_BYTES,
    App,
    PbState,
    build_app,
    format_money,
    rule_choices,
)
from civic_kit.i18n import LANGUAGES, t
from civic_kit.pb import (
    compare_outcomes,
    greedy_by_votes,
    mes,
    mes_complete,
    outcome_summary,
    parse_pabulib_text,
    teaching_election,
    why_not,
)

XSS = "<img src=x onerror=alert(1)>"
SMALL_PB = f"""META
key;value
description;small test vote
budget;1000
vote_type;approval
currency;ARS
PROJECTS
project_id;cost;name;category;latitude;longitude
p1;600;{XSS};health;-34.60;-58.38
p2;500;Plaza del barrio;parks;-34.61;-58.39
p3;400;Escuela de música;education;-34.62;-58.37
VOTES
voter_id;vote;sex
1;p1,p2;F
2;p1;M
3;p2,p3;F
4;p3;
"""

# Broken files and the line their message must name (None: the problem is the whole file).
MALFORMED = [
    ("bad-cost", SMALL_PB.replace("p3;400;", "p3;cuatrocientos;"), 11),
    ("unknown-project", SMALL_PB.replace("3;p2,p3;F", "3;p2,p9;F"), 16),
    ("missing-votes-section", SMALL_PB.split("VOTES")[0], 11),
    ("wrong-field-count", SMALL_PB.replace("p2;500;Plaza del barrio;", "p2;500;"), 10),
    ("bad-quotes", SMALL_PB.replace("Plaza del barrio", '"Plaza del barrio'), 10),
    ("bad-budget", SMALL_PB.replace("budget;1000", "budget;mil"), 4),
    ("empty", "", None),
]


def uploaded(name: str, content: bytes, size: int | None = None) -> dict:
    """One file as ipywidgets' FileUpload holds it after the browser sent it."""
    return {
        "name": name,
        "type": "application/octet-stream",
        "size": len(content) if size is None else size,
        "content": memoryview(content),
        "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


def status(app: App) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.shell.status.value))


def text_of(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def all_html(app: App) -> str:
    """Every HTML string the page shows, the map document included (unescaped from its srcdoc)."""
    parts = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.container)
    for srcdoc in re.findall(r'srcdoc="([^"]*)"', app.w.map.value):
        parts.append(html.unescape(srcdoc))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def vale_verde():
    return teaching_election()


@pytest.fixture
def app() -> App:
    return App("pt-BR")


# -- building -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builds_in_each_language_with_both_default_rules(lang, vale_verde):
    app = App(lang)
    w = app.w
    assert app.shell.status.value == ""
    assert w.rule_a.description == t("app.pb.rule-a", lang)
    assert w.rule_b.description == t("app.pb.rule-b", lang)
    assert w.budget.description == t("app.pb.budget", lang)
    assert w.group_by.description == t("app.pb.group-by", lang)
    assert w.why.description == t("app.pb.why-pick", lang)
    assert w.upload.description == t("app.pb.upload", lang)
    assert (w.rule_a.value, w.rule_b.value, w.budget.value) == ("greedy", "mes-complete", 100)
    assert app.results.outcome_a.selected == greedy_by_votes(vale_verde).selected
    assert app.results.outcome_b.selected == mes_complete(vale_verde).selected
    results = text_of(w.results)
    for letter, rule in (("A", "greedy"), ("B", "mes-complete")):
        assert t("app.pb.rule-heading", lang, letter=letter, rule=t(f"pb.rule.{rule}", lang)) in results
    assert t("app.pb.rule-help.greedy", lang) in text_of(w.help_a)
    assert t("app.pb.rule-help.mes-complete", lang) in text_of(w.help_b)
    assert "Vale Verde" in text_of(w.source)
    assert f'title="{t("app.pb.map-title", lang)}"' in w.map.value
    assert app.map_renders == 1


def test_build_app_returns_the_shell_container():
    widget = build_app("es")
    assert widget.__class__.__name__ == "VBox"
    assert "ck-app" in widget._dom_classes


def test_headings_go_down_one_level_at_a_time(app):
    levels = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            levels.extend(int(n) for n in re.findall(r"<h([1-6])", value.split("<iframe")[0]))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.shell.body)
    assert levels[0] == 2
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_every_input_has_a_visible_label(app):
    for widget in (app.w.rule_a, app.w.rule_b, app.w.budget, app.w.group_by, app.w.why):
        assert widget.description.strip()
        assert widget.style.description_width == "initial"
    assert app.w.use_teaching.description.strip()


# -- the numbers are the domain layer's ---------------------------------------------------------------------------


def test_headline_numbers_match_the_analysis_layer(app, vale_verde):
    summary = outcome_summary(vale_verde, mes_complete(vale_verde))
    assert app.results.summary_b == summary
    results = text_of(app.w.results)
    assert format_money(summary.cost, "R$", "pt-BR") in results
    assert format_money(summary.left, "R$", "pt-BR") in results
    assert t(
        "app.pb.stat.voters-detail", "pt-BR", count=summary.voters_with_funded, total=summary.voters_who_chose
    ) in (results)


def test_funded_table_lists_projects_in_order_with_district_and_theme(app, vale_verde):
    outcome = greedy_by_votes(vale_verde)
    first = vale_verde.project(outcome.selected[0])
    rows = re.findall(r"<tr>(.*?)</tr>", app.w.results.value.split('class="ck-rule ck-rule-b"')[0])
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[1])]  # rows[0] is the header
    assert cells[0] == "1"
    assert cells[1] == first.name
    assert cells[2] == "Vila Operária · Cultura"
    assert cells[3] == "R$ 1.306.000"
    assert len(rows) == len(outcome.selected) + 1


def test_comparison_lists_both_and_each_rule_alone(app, vale_verde):
    comparison = compare_outcomes(greedy_by_votes(vale_verde), mes_complete(vale_verde))
    text = text_of(app.w.compare)
    assert t("app.pb.compare.both", "pt-BR", count=len(comparison.both)) in text
    assert t("app.pb.compare.only-a", "pt-BR", count=len(comparison.only_a)) in text
    assert t("app.pb.compare.only-b", "pt-BR", count=len(comparison.only_b)) in text
    for pid in comparison.only_b:
        assert vale_verde.project(pid).name in text


# -- inputs change the outputs ----------------------------------------------------------------------------------------


def test_budget_slider_is_labelled_with_money_and_recounts(app):
    w = app.w
    assert len(w.budget.options) == len(BUDGET_PERCENTS)
    assert w.budget.options[0] == ("R$ 6.000.000 (50%)", 50)
    assert w.budget.continuous_update is False
    before = app.results.summary_a.cost
    w.budget.value = 110
    assert app.state.budget_percent == 110
    assert app.results.election.budget == Fraction(13_200_000)
    assert app.results.outcome_a.selected == greedy_by_votes(teaching_election().with_budget(13_200_000)).selected
    assert app.results.summary_a.cost != before
    assert "R$ 13.200.000 (110%" in text_of(app.w.budget_now)
    assert app.shell.status.value == ""  # "counting..." is cleared once the results are on screen


def test_rule_pickers_recount_and_explain_the_rule(app, vale_verde):
    app.w.rule_b.value = "mes"
    assert app.state.rule_b == "mes"
    assert app.results.outcome_b.selected == mes(vale_verde).selected
    assert t("app.pb.rule-help.mes", "pt-BR") in text_of(app.w.help_b)
    assert t("pb.rule.mes", "pt-BR") in text_of(app.w.results)
    app.w.rule_a.value = "mes-complete"
    assert app.results.comparison.only_a == compare_outcomes(mes_complete(vale_verde), mes(vale_verde)).only_a


def test_points_ranking_is_offered_only_for_ballots_with_points(vale_verde):
    assert "greedy-points" not in rule_choices(vale_verde)
    scored = parse_pabulib_text(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;6\nb;5\n"
        "VOTES\nvoter_id;vote;points\n1;a,b;3,1\n"
    )
    assert "greedy-points" in rule_choices(scored)


def test_group_picker_offers_districts_first_then_attributes_and_themes(app):
    values = [value for _label, value in app.w.group_by.options]
    assert values == ["attr:district", "attr:age_group", "category"]
    assert "Vila Operária" in text_of(app.w.groups)  # district ids shown as names
    app.w.group_by.value = "category"
    groups = text_of(app.w.groups)
    assert t("app.pb.category.culture", "pt-BR") in groups
    assert "green_spaces" not in groups
    app.w.group_by.value = "attr:age_group"
    assert "60+" in text_of(app.w.groups)


def test_why_picker_lists_left_out_projects_by_votes_and_explains(app):
    election = app.results.election
    in_both = set(app.results.outcome_a.selected) & set(app.results.outcome_b.selected)
    ids = [value for _label, value in app.w.why.options]
    assert ids and not set(ids) & in_both
    votes = [int(election.vote_counts[election.position(pid)]) for pid in ids]
    assert votes == sorted(votes, reverse=True)
    assert app.state.why_project == ids[0]
    app.w.why.value = ids[3]
    text = text_of(app.w.why_text)
    assert why_not(election, app.results.outcome_a, ids[3]).message("pt-BR") in text
    assert why_not(election, app.results.outcome_b, ids[3]).message("pt-BR") in text


def test_map_is_redrawn_only_when_an_outcome_changes(app):
    renders = app.map_renders
    app.w.group_by.value = "category"
    app.w.why.value = app.w.why.options[2][1]
    assert app.map_renders == renders
    app.w.rule_b.value = "greedy"  # both rules now fund the same projects: the colours change
    assert app.map_renders == renders + 1
    document = html.unescape(re.search(r'srcdoc="([^"]*)"', app.w.map.value).group(1))
    assert t("app.pb.map.only-a", "pt-BR") not in document.split("ck-legend")[0]
    assert document.count("#009E73") >= len(app.results.outcome_a.selected)


def test_language_switch_keeps_every_choice(app):
    app.w.rule_b.value = "mes"
    app.w.group_by.value = "category"
    app.w.why.value = app.w.why.options[1][1]
    chosen = app.state.why_project
    app.shell.language_switch.value = "es"
    w = app.w
    assert (w.rule_b.value, w.group_by.value, w.why.value) == ("mes", "category", chosen)
    assert w.rule_b.description == t("app.pb.rule-b", "es")
    assert t("app.pb.category.culture", "es") in text_of(w.groups)


# -- uploads -------------------------------------------------------------------------------------------------------


def test_valid_upload_replaces_the_vote_and_the_button_goes_back(app):
    app.w.budget.value = 90
    app.w.upload.value = (uploaded("pequena.pb", SMALL_PB.encode()),)
    assert app.w.upload.value == ()  # cleared, so the same file can be sent again
    assert app.state.source == "pequena.pb"
    assert app.state.budget_percent == 100  # a new vote starts at its own budget
    assert app.results.election.num_projects == 3
    assert "pequena.pb" in status(app)
    assert "pequena.pb" in text_of(app.w.source)
    assert "$ 1.000" in text_of(app.w.source)  # the file's currency (ARS) is used
    assert "pequena.pb" in app.shell.footer.value
    assert app.w.use_teaching.layout.display is None
    assert [v for _l, v in app.w.group_by.options] == ["attr:sex", "category"]
    assert t("app.pb.group.not-informed", "pt-BR") in text_of(app.w.groups)  # voter 4 gave no sex
    app.w.use_teaching.click()
    assert app.state.source is None
    assert app.results.election.num_projects == 40
    assert app.w.use_teaching.layout.display == "none"


@pytest.mark.parametrize(("content", "line"), [(c, line) for _id, c, line in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_upload_names_the_line_and_keeps_the_previous_vote(app, content, line):
    app.w.rule_b.value = "mes"
    before = app.results
    app.w.upload.value = (uploaded("quebrado.pb", content.encode()),)
    message = status(app)
    assert "quebrado.pb" in message
    assert "A votação anterior continua na tela" in message
    if line is not None:
        assert f"linha {line}" in message.lower()
    assert app.shell.status.value.count('role="alert"') == 1
    assert app.state.source is None
    assert app.state.rule_b == "mes"
    assert app.results is before
    assert "Vale Verde" in text_of(app.w.source)


def test_file_that_is_not_text_is_refused(app):
    app.upload_pb(b"\xff\xfe\x00P\x00K\x00\x03\x04", "planilha.pb")
    assert "planilha.pb" in status(app)
    assert app.state.source is None


def test_too_large_upload_is_refused_before_reading(app):
    app.w.upload.value = (uploaded("enorme.pb", b"META\n", size=MAX_UPLOAD_BYTES + 1),)
    assert "enorme.pb" in status(app)
    assert "MB" in status(app)
    assert app.state.source is None
    assert app.w.upload.value == ()


def test_upload_error_is_translated_again_after_a_language_switch(app):
    app.upload_pb(MALFORMED[0][1].encode(), "roto.pb")
    app.shell.language_switch.value = "en"
    assert "Line 11" in status(app)
    assert "The previous vote stays on screen" in status(app)


def test_project_names_from_files_are_escaped_everywhere():
    app = App("en")
    assert app.upload_pb(SMALL_PB.encode(), "x.pb")
    page = all_html(app)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert XSS in text_of(app.w.results)  # shown to the reader as the text it is
    app.w.why.value = app.w.why.options[0][1]
    assert "<img src=x" not in app.w.why_text.value


def test_file_without_coordinates_or_districts_has_no_map_and_no_where_column():
    app = App("es")
    plain = "\n".join(
        line for line in SMALL_PB.replace(";category;latitude;longitude", "").splitlines() if line
    ).replace(";health;-34.60;-58.38", "")
    plain = plain.replace(";parks;-34.61;-58.39", "").replace(";education;-34.62;-58.37", "")
    assert app.upload_pb(plain.encode(), "simple.pb"), status(app)
    assert t("app.pb.map-none", "es") in text_of(app.w.map)
    assert t("app.pb.column.where", "es") not in text_of(app.w.results)
    assert t("app.pb.column.theme", "es") not in text_of(app.w.results)


def test_vote_with_no_ballots_still_shows_results():
    app = App("en")
    empty = (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\na;60\nb;50\nVOTES\nvoter_id;vote\n"
    )
    assert app.upload_pb(empty.encode(), "empty.pb"), status(app)
    assert app.results.summary_a.voters_who_chose == 0
    assert "—" in text_of(app.w.results)  # no share of zero voters is invented


def test_a_rule_from_the_points_file_falls_back_when_the_next_file_has_none(app):
    scored = (
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;6\nb;5\n"
        "VOTES\nvoter_id;vote;points\n1;a,b;3,1\n2;b;4\n"
    )
    assert app.upload_pb(scored.encode(), "pontos.pb")
    app.w.rule_a.value = "greedy-points"
    assert app.results.outcome_a.rule == "greedy-points"
    assert app.upload_pb(SMALL_PB.encode(), "aprovacao.pb")
    assert app.state.rule_a == "greedy"
    assert app.w.rule_a.value == "greedy"


def test_a_failed_count_keeps_the_previous_state_and_says_so(app):
    before = app.state
    app.shell.guard(app._set)(rule_a="no-such-rule")
    assert app.state is before
    assert t("issue.app-pb-unknown-rule", "pt-BR", rule="no-such-rule") in status(app)
    assert app.w.rule_a.value == "greedy"


def test_state_can_be_given_and_is_used(vale_verde):
    app = App("en", PbState(election=vale_verde, rule_a="mes", rule_b="greedy", budget_percent=60))
    assert app.w.budget.value == 60
    assert app.results.outcome_a.rule == "mes"
    assert app.results.election.budget == Fraction(7_200_000)


# -- helpers ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Fraction(12_000_000), "pt-BR", "R$ 12.000.000"),
        (Fraction(12_000_000), "en", "R$ 12,000,000"),
        (Fraction(300_151, 2), "es", "R$ 150.075,50"),
        (0, "en", "R$ 0"),
    ],
    ids=["whole-pt", "whole-en", "cents-es", "zero"],
)
def test_format_money(value, lang, expected):
    assert format_money(value, "R$", lang) == expected
