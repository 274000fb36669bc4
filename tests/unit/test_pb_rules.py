"""Every rule picks the same projects, in the same order, as pabutools (the reference implementation)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import AbstractCardinalBallot, Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.election.satisfaction import AdditiveSatisfaction
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from civic_kit.pb import (
    RULES,
    Election,
    Outcome,
    greedy_by_points,
    greedy_by_votes,
    mes,
    mes_add1,
    mes_complete,
    read_pabulib,
    write_pabulib,
)
from civic_kit.pb.exact import mes_exact
from civic_kit.pb.fast import SURE, UNSURE, mes_float
from civic_kit.pb.rules import _Engine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib" / "valid"
VALID = sorted(p.name for p in FIXTURES.glob("*.pb"))
OURS = {"greedy": greedy_by_votes, "mes": mes, "mes-add1": mes_add1, "mes-complete": mes_complete}
# Ids chosen so that text order differs from number order ("10" < "9") and case matters ("B" < "a").
ID_POOL = ["1", "2", "3", "9", "10", "11", "20", "a", "B", "b", "P-03", "p-03", "x1", "Z"]
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _PointsCostSat(AdditiveSatisfaction):
    """Points x cost: pabutools' greedy with it ranks projects by total points (our greedy_by_points)."""

    def __init__(self, instance, profile, ballot):
        def score(inst, prof, ballot, project, pre):
            if isinstance(ballot, AbstractCardinalBallot):
                return ballot.get(project, 0) * project.cost
            return int(project in ballot) * project.cost

        super().__init__(instance, profile, ballot, score)


def pabutools_outcomes(election: Election) -> dict[str, list[str]]:
    """pabutools' answers, read from our own Pabulib text (so the writer is checked too)."""
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    n = profile.num_ballots()

    def add1_params():
        return {"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}, "budget_step": n}

    results = {
        "greedy": greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat),
        "mes": method_of_equal_shares(instance, profile, sat_class=Cost_Sat),
        "mes-add1": exhaustion_by_budget_increase(instance, profile, **add1_params()),
        "mes-complete": completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [add1_params(), {"sat_class": Cost_Sat}],
        ),
        "greedy-points": greedy_utilitarian_welfare(instance, profile, sat_class=_PointsCostSat),
    }
    return {name: [p.name for p in allocation] for name, allocation in results.items()}


def civic_outcomes(election: Election) -> dict[str, list[str]]:
    return {name: list(RULES[name](election).selected) for name in (*OURS, "greedy-points")}


@st.composite
def elections(draw, vote_type: str = "approval", max_voters: int = 40) -> Election:
    """Small elections built to hit the hard cases: ties everywhere, empty ballots, projects with no
    votes or no cost, a project costing the whole budget and one costing more."""
    m = draw(st.integers(2, 12))
    n = draw(st.integers(1, max_voters))
    ids = draw(st.lists(st.sampled_from(ID_POOL), min_size=m, max_size=m, unique=True))
    style = draw(st.sampled_from(["integer", "decimal", "few-values"]))
    if style == "integer":
        costs = draw(st.lists(st.integers(0, 60), min_size=m, max_size=m))
        budget = Fraction(draw(st.integers(0, 100)))
    elif style == "decimal":
        costs = [Fraction(x, 10) for x in draw(st.lists(st.integers(0, 600), min_size=m, max_size=m))]
        budget = Fraction(draw(st.integers(0, 1000)), 10)
    else:
        costs = draw(st.lists(st.sampled_from([5, 10, 20]), min_size=m, max_size=m))
        budget = Fraction(draw(st.sampled_from([10, 20, 30, 40, 60])))
    if draw(st.booleans()):
        costs[0] = budget
        costs[-1] = budget + 1
    templates = draw(st.lists(st.lists(st.sampled_from(ids), unique=True, max_size=5), min_size=1, max_size=4))
    ballots = []
    for _ in range(n):
        if draw(st.booleans()):
            ballots.append(draw(st.sampled_from(templates)))
        else:
            ballots.append(draw(st.lists(st.sampled_from(ids), unique=True, max_size=5)))
    if vote_type == "choose-1":
        ballots = [b[:1] for b in ballots]
    points = None
    if vote_type in ("cumulative", "scoring"):
        points = [[draw(st.sampled_from(["0", "1", "2", "2.5", "7"])) for _ in b] for b in ballots]
    return Election.from_ballots(
        list(zip(ids, costs, strict=True)), budget, ballots, vote_type=vote_type, points=points
    )


@SLOW
@given(elections())
def test_every_rule_matches_pabutools_on_generated_approval_elections(election):
    assert civic_outcomes(election) == pabutools_outcomes(election)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["cumulative", "ordinal", "choose-1", "scoring"]).flatmap(lambda v: elections(v, 20)))
def test_every_rule_matches_pabutools_for_other_vote_types(election):
    assert civic_outcomes(election) == pabutools_outcomes(election)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.integers(0, 5))
def test_exact_engine_matches_pabutools_mes(election, extra):
    """The exact fallback alone equals pabutools' MES (with the share raised by ``extra`` per voter)."""
    engine = _Engine(election)
    share = election.budget / election.num_voters + extra
    ours = mes_exact(
        engine.costs, engine.sup_ptr, engine.sup_idx, engine.eligible, engine.rank, election.num_voters, share
    )
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    instance.budget_limit = share * election.num_voters
    theirs = [p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)]
    assert [election.projects[p].id for p in ours.selected] == theirs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(max_voters=300), st.integers(0, 30))
def test_float_kernel_is_exact_whenever_it_says_sure(election, extra):
    engine = _Engine(election)
    n = election.num_voters
    share = election.budget / n + extra
    status, selected, price, rho, poor, budgets = mes_float(
        engine.costs_float, engine.sup_ptr, engine.sup_idx, engine.eligible, engine.rank, n, float(share)
    )
    exact = mes_exact(engine.costs, engine.sup_ptr, engine.sup_idx, engine.eligible, engine.rank, n, share)
    assert status in (SURE, UNSURE)
    if status == SURE:
        assert tuple(selected.tolist()) == exact.selected
        assert np.allclose(price, [float(x) for x in exact.price], rtol=1e-9)
        assert np.allclose(rho, [float(x) for x in exact.rho], rtol=1e-9)
        assert tuple(poor.tolist()) == exact.paid_in_full
        assert np.allclose(budgets, [float(b) for b in exact.budgets], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", VALID, ids=VALID)
def test_fixture_files_match_pabutools(name):
    election = read_pabulib(FIXTURES / name)
    assert civic_outcomes(election) == pabutools_outcomes(election)


# -- hand-made edge cases --------------------------------------------------------------------------


def _mirror_election() -> Election:
    """Two mirror-image projects X and Y reach the same affordability after a first project has left
    some supporters short: an exact tie that floating point cannot certify, so the exact engine decides
    (by id: "X" < "Y")."""
    ballots = [["F", "X"]] * 3 + [["F", "Y"]] * 3 + [["X"]] * 2 + [["Y"]] * 2 + [["F"]] * 2 + [[]] * 2
    return Election.from_ballots([("F", 70), ("X", 20), ("Y", 20), ("Z", 7)], 140, ballots)


def test_exact_tie_that_floats_cannot_certify_goes_to_the_exact_engine():
    election = _mirror_election()
    outcome = mes(election)
    assert outcome.details.exact_runs == 1
    assert list(outcome.selected) == pabutools_outcomes(election)["mes"]
    assert outcome.selected[:2] == ("F", "X")
    complete = mes_complete(election)
    assert complete.details.exact_runs >= 1
    assert list(complete.selected) == pabutools_outcomes(election)["mes-complete"]


def test_supporters_with_exactly_the_cost_between_them():
    """Found by hypothesis: after project 2, the three voters have 20/3 each, exactly project 3's cost
    of 20 together. In floats the sum can land a hair below 20; MES (exact) still funds project 3."""
    election = Election.from_ballots(
        [("1", 5), ("2", 10), ("3", 20)], 30, [["2", "3"], ["1", "2", "3"], ["1", "2", "3"]]
    )
    assert mes(election).selected == ("2", "3")
    assert list(mes(election).selected) == pabutools_outcomes(election)["mes"]


@pytest.mark.parametrize("gap", [1, 2, 7], ids=["gap-1", "gap-2", "gap-7"])
def test_near_ties_beyond_float_precision(gap):
    """Costs of 10^12 apart by a few units: affordabilities differ in the 12th digit, far below the
    kernel's tolerance, so the exact engine must decide, and decide like pabutools."""
    big = 10**12
    projects = [("A", big + gap), ("B", big), ("C", big + 2 * gap), ("D", 3 * big)]
    ballots = [["A", "B", "C"], ["A", "B"], ["B", "C", "A"], ["C"], ["A"], ["D", "B"], ["D"]]
    election = Election.from_ballots(projects, 4 * big, ballots)
    outcome = mes(election)
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    expected = [p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)]
    assert list(outcome.selected) == expected


def test_ties_are_broken_by_id_as_text():
    election = read_pabulib(FIXTURES / "text_ids_ties.pb")
    # All five projects have 3 votes; as text "10" < "9" < "B" < "P-03" < "a", as pabutools compares ids.
    assert greedy_by_votes(election).selected == ("10", "9", "B")
    # Equal shares: after "10", the voter who chose everything is short, "9" is out of reach, and "B",
    # "P-03" and "a" tie exactly (not at 1/k): the exact engine breaks the tie by id.
    outcome = mes(election)
    assert outcome.selected[:2] == ("10", "B")
    assert outcome.details.exact_runs == 1


def test_zero_voters():
    election = Election.from_ballots([("a", 5), ("b", 0)], 10, [])
    assert mes(election).selected == ()
    assert mes_add1(election).selected == ()
    # pabutools' exhaustion would loop forever here (its step is 0 x voters); we fill greedily.
    assert mes_complete(election).selected == greedy_by_votes(election).selected == ("a", "b")


def test_edge_costs_explained():
    election = read_pabulib(FIXTURES / "edge_costs.pb")
    outcome = mes_complete(election)
    assert outcome.cost <= outcome.budget
    reasons = {r.project: r.reason for r in outcome.details.rejected}
    assert reasons["over"] == "over-budget"
    assert reasons["whole"] == "did-not-fit"
    plain = mes(election)
    plain_reasons = {r.project: r.reason for r in plain.details.rejected}
    assert plain_reasons["free"] == "zero-cost"
    assert plain_reasons["novote"] == "no-support"
    assert plain_reasons["over"] == "over-budget"


@SLOW
@given(elections())
def test_details_add_up(election):
    for rule in (greedy_by_votes, greedy_by_points, mes, mes_add1, mes_complete):
        outcome = rule(election)
        assert isinstance(outcome, Outcome)
        steps = outcome.details.steps
        assert tuple(s.project for s in steps) == outcome.selected
        assert sum((s.cost for s in steps), Fraction(0)) == outcome.cost
        assert outcome.cost <= outcome.budget
        left = [outcome.budget - sum((s.cost for s in steps[: i + 1]), Fraction(0)) for i in range(len(steps))]
        assert [s.budget_left for s in steps] == left
        rejected = {r.project for r in outcome.details.rejected}
        assert rejected.isdisjoint(outcome.selected)
        assert rejected | set(outcome.selected) == set(election.project_ids)
        for step in steps:
            if step.phase == "mes":
                assert step.price_per_voter is not None and step.price_per_voter > 0
                assert step.effective_votes is not None and step.effective_votes <= step.votes + 1e-9
        for rejection in outcome.details.rejected:
            if rejection.reason == "supporters-short":
                assert rejection.supporters_money is not None
                assert rejection.supporters_money < float(rejection.cost) + 1e-6


def test_rules_table_and_names():
    assert set(RULES) == {"greedy", "greedy-points", "mes", "mes-add1", "mes-complete"}
    election = _mirror_election()
    for name, rule in RULES.items():
        assert rule(election).rule == name


def test_mes_complete_price_and_paid_in_full_are_consistent():
    election = _mirror_election()
    outcome = mes(election)
    first = outcome.details.steps[0]
    # F (70) has 8 supporters with 10 each: every one pays 70/8.
    assert first.project == "F"
    assert first.price_per_voter == pytest.approx(70 / 8)
    assert first.paid_in_full == 0
    assert first.effective_votes == pytest.approx(8)
    assert outcome.details.voter_share == Fraction(10)
