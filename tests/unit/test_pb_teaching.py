"""The bundled Vale Verde 2024 election: it loads, and every rule agrees with pabutools on it."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

from civic_kit.pb import greedy_by_votes, mes, mes_complete, satisfaction_by_group, teaching_election, write_pabulib
from civic_kit.pb.rules import _Engine


@pytest.fixture(scope="module")
def election():
    return teaching_election()


@pytest.fixture(scope="module")
def reference(election):
    """pabutools' view of the same election, with the satisfaction profile built once (it is the slow
    part, and it does not depend on the budget)."""
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    return instance, profile, profile.as_sat_profile(Cost_Sat)


def test_teaching_election_loads(election):
    assert (election.num_projects, election.num_voters) == (40, 6000)
    assert election.budget == 12_000_000
    assert election.vote_type == "approval"
    assert election.currency == "R$"
    assert election.warnings == ()
    assert len(set(election.voter_attributes["district"])) >= 10
    assert election.project("8").name == "Creche noturna para mães trabalhadoras"


def test_satisfaction_by_district_covers_every_voter(election):
    rows = satisfaction_by_group(election, mes_complete(election), "district")
    assert sum(r.voters for r in rows) == election.num_voters


@pytest.mark.slow
def test_greedy_and_mes_match_pabutools(election, reference):
    instance, profile, sat = reference
    greedy = [p.name for p in greedy_utilitarian_welfare(instance, profile, sat_profile=sat, is_sat_additive=True)]
    assert list(greedy_by_votes(election).selected) == greedy
    plain = [p.name for p in method_of_equal_shares(instance, profile, sat_profile=sat)]
    assert list(mes(election).selected) == plain


@pytest.mark.slow
def test_mes_complete_matches_pabutools_where_it_stops(election, reference):
    """pabutools needs about an hour for the whole add-one loop here (hundreds of MES runs), so this test
    checks the decisive runs: equal shares at the share where civic-kit stopped gives the same projects;
    the loop stopped for pabutools' reason (that outcome leaves no room for another project, and the run
    before it did; or one unit more per voter overspends); and pabutools' greedy completion from there
    funds the same projects. (The whole loop was compared run by run once; see the pb report.)"""
    instance, profile, sat = reference
    outcome = mes_complete(election)
    share = outcome.details.voter_share
    n = election.num_voters
    engine = _Engine(election)
    mes_phase = [s.project for s in outcome.details.steps if s.phase == "mes"]

    def pabutools_mes(per_voter: Fraction) -> list[str]:
        raised = copy.deepcopy(instance)
        raised.budget_limit = per_voter * n
        return [p.name for p in method_of_equal_shares(raised, profile, sat_profile=sat)]

    def ours(per_voter: Fraction) -> list[str]:
        return [election.projects[p].id for p in engine.run(per_voter).selected]

    def cost(ids: list[str]) -> Fraction:
        return sum((election.project(p).cost for p in ids), Fraction(0))

    def exhaustive(ids: list[str]) -> bool:
        return instance.is_exhaustive([instance.get_project(p) for p in ids])

    assert pabutools_mes(share) == mes_phase
    raised_by = share - election.budget / n
    if exhaustive(mes_phase):
        if raised_by > 0:
            before = pabutools_mes(share - 1)
            assert ours(share - 1) == before
            assert cost(before) <= election.budget and not exhaustive(before)
        assert outcome.details.mes_runs == raised_by + 1
    else:
        after = pabutools_mes(share + 1)
        assert ours(share + 1) == after
        assert cost(after) > election.budget
        assert outcome.details.mes_runs == raised_by + 2
    start = [instance.get_project(p) for p in mes_phase]
    completed = greedy_utilitarian_welfare(
        instance, profile, sat_profile=sat, is_sat_additive=True, initial_budget_allocation=start
    )
    assert list(outcome.selected) == [p.name for p in completed]
