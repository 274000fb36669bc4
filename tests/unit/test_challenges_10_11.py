"""Lessons 10 and 11: challenge answers recomputed without the functions the lessons teach, common mistakes
judged wrong, and the numbers the lessons' prose states kept true against the data.

The challenge modules use civic_kit.pb and civic_kit.opendata_value; here the same answers come from the
raw CSV files with plain pandas (or by hand), so a bug in those functions cannot make a lesson "prove" a
wrong answer.
"""

from __future__ import annotations

import importlib
import re
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from civic_kit.data import load
from civic_kit.i18n import LANGUAGES
from civic_kit.lessons.challenge import evaluate
from civic_kit.lessons.challenges import get_challenge

L10 = importlib.import_module("civic_kit.lessons.challenges.10_participatory_budgeting")
L11 = importlib.import_module("civic_kit.lessons.challenges.11_business_models_open_data")
LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def _judge(challenge_id: str, answer):
    return evaluate(get_challenge(challenge_id), answer, "en")


def _source(lang: str, slug: str) -> str:
    return (LESSONS / lang / f"{slug}.md").read_text(encoding="utf-8")


# -- lesson 10: the vote counted by hand from the CSV files ------------------------------------------


@pytest.fixture(scope="module")
def ballots() -> pd.DataFrame:
    table = load("pb_ballots")
    table["chosen"] = [set(str(a).split(";")) if pd.notna(a) else set() for a in table["approved"]]
    return table


@pytest.fixture(scope="module")
def greedy_by_hand(ballots) -> list[str]:
    """Most votes first from the CSV files: ties by id as text, skip what does not fit."""
    projects = load("pb_projects")
    votes = pd.Series([p for chosen in ballots["chosen"] for p in chosen]).value_counts()
    projects["votes"] = projects["project_id"].map(votes).fillna(0).astype(int)
    ranked = projects.sort_values(["votes", "project_id"], ascending=[False, True], kind="stable")
    money, funded = 12_000_000, []
    for pid, cost in zip(ranked["project_id"], ranked["cost_brl"], strict=True):
        if cost <= money:
            money -= cost
            funded.append(pid)
    return funded


def test_left_out_matches_a_count_by_hand(ballots, greedy_by_hand):
    funded = set(greedy_by_hand)
    chose = ballots[ballots["chosen"].map(bool)]
    expected = int((~chose["chosen"].map(lambda c: bool(c & funded))).sum())
    assert L10.greedy_left_out() == expected
    assert _judge("10-greedy-left-out", expected).correct
    # Counting the blank ballots too is the classic mistake: 7 more "left out" who chose nothing.
    assert not _judge("10-greedy-left-out", expected + 7).correct
    assert not _judge("10-greedy-left-out", str(expected)).correct


def test_lowest_district_matches_a_groupby(ballots, greedy_by_hand):
    funded = set(greedy_by_hand)
    chose = ballots[ballots["chosen"].map(bool)].copy()
    chose["got"] = chose["chosen"].map(lambda c: bool(c & funded))
    share = chose.groupby("district_id")["got"].mean()
    names = load("districts").set_index("district_id")["name"]
    assert L10.lowest_district_greedy()[0] == names[share.idxmin()]
    assert _judge("10-lowest-district", names[share.idxmin()]).correct
    assert _judge("10-lowest-district", "jardim morada do sol").correct
    assert not _judge("10-lowest-district", names[share.idxmax()]).correct


def test_toy_equal_shares_by_hand():
    # Each of 10 voters holds 10. A1: 6 supporters pay 40/6 each and keep 10 - 40/6 = 10/3 each, 20 in all,
    # too little for A2 (40). B1: 4 supporters x 10 = 40, exactly its cost. Equal shares funds A1 and B1.
    left = 6 * (Fraction(10) - Fraction(40, 6))
    assert left == 20 < 40 and 4 * 10 >= 40
    assert set(L10.toy_equal_shares()) == {"A1", "B1"}
    assert _judge("10-toy-equal-shares", ["A1", "B1"]).correct
    assert _judge("10-toy-equal-shares", ("b1", "a1")).correct
    assert not _judge("10-toy-equal-shares", ["A1", "A2"]).correct  # what "most votes first" funds
    assert not _judge("10-toy-equal-shares", "A1, B1").correct


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_10_builds_the_same_toy_as_its_challenge(lang):
    source = _source(lang, "10-participatory-budgeting")
    projects = ", ".join(f'("{pid}", {cost})' for pid, cost in L10.TOY_PROJECTS)
    assert f"Election.from_ballots([{projects}], {L10.TOY_BUDGET}, " in source
    assert '[["A1", "A2"]] * 6 + [["B1"]] * 4' in source
    assert L10.TOY_BALLOTS == (("A1", "A2"),) * 6 + (("B1",),) * 4


@pytest.mark.slow
def test_lesson_10_narrative_facts():
    """The numbers the lesson's prose states, in all three languages, recomputed."""
    from civic_kit.pb import (
        compare_outcomes,
        greedy_by_votes,
        mes,
        mes_complete,
        outcome_summary,
        satisfaction_by_group,
        teaching_election,
    )

    election = teaching_election()
    projects = load("pb_projects")
    districts = load("districts").set_index("district_id")
    ballots = load("pb_ballots")
    assert projects["project_id"].tolist() == list(election.project_ids)  # the lesson adds votes by position
    vila = set(projects.loc[projects["district_id"] == "03", "project_id"])
    assert districts.loc["03", "name"] == "Vila Operária" and len(vila) == 6
    assert round(ballots["district_id"].value_counts(normalize=True)["03"], 3) == 0.338
    assert round(districts.loc["03", "population"] / districts["population"].sum(), 3) == 0.103
    assert projects.loc[projects["project_id"].isin(vila), "cost_brl"].sum() == 6_180_000
    assert float(sum(election.costs)) == 31_242_000
    top6 = projects.assign(votes=election.vote_counts).nlargest(6, "votes")["project_id"]
    assert set(top6) == vila

    greedy, pure, equal = greedy_by_votes(election), mes(election), mes_complete(election)
    g, e = outcome_summary(election, greedy), outcome_summary(election, equal)
    assert (len(greedy.selected), greedy.left) == (16, 84_000)
    assert (g.voters_who_chose, g.voters_with_funded, round(g.share_with_funded, 3)) == (5993, 5307, 0.886)
    assert vila <= set(greedy.selected)
    assert round(6_180_000 / float(greedy.cost), 3) == 0.519
    assert (len(pure.selected), len(vila & set(pure.selected)), pure.left) == (20, 4, 4_233_000)
    vila_pure = projects.loc[projects["project_id"].isin(vila & set(pure.selected)), "cost_brl"].sum()
    assert round(vila_pure / 12_000_000, 2) == 0.37
    assert (len(equal.selected), equal.details.voter_share, equal.details.mes_runs) == (25, 2884, 885)
    assert (e.voters_who_chose - e.voters_with_funded, round(e.share_with_funded, 3)) == (292, 0.951)
    change = compare_outcomes(greedy, equal)
    by_id = projects.set_index("project_id")
    assert set(by_id.loc[list(change.only_a), "district_id"]) == {"02"}
    assert (len(change.only_b), by_id.loc[list(change.only_b), "district_id"].nunique()) == (11, 8)
    rows = {r.group: r for r in satisfaction_by_group(election, equal, "district")}
    assert min(r.share_with_funded for r in rows.values()) >= 0.87
    assert round(rows["03"].share_with_funded, 3) > 0.98
    # Project 33: 514 votes, eleventh, more votes than six funded projects, 4.1 million, poorest district.
    votes = pd.Series(election.vote_counts, index=election.project_ids)
    assert votes["33"] == 514 and list(votes.sort_values(ascending=False, kind="stable").index).index("33") == 10
    assert sum(votes[p] < 514 for p in greedy.selected) == 6
    assert districts["avg_household_income_brl"].idxmin() == by_id.loc["33", "district_id"] == "14"
    assert float(greedy.details.rejection("33").budget_left) == 2_634_000


# -- lesson 11 ---------------------------------------------------------------------------------------


def test_commercial_datasets_match_a_plain_count():
    catalog = load("open_data_catalog")
    expected = int(catalog["license"].isin(["CC-BY-4.0", "CC0-1.0", "ODbL-1.0"]).sum())
    assert L11.commercial_datasets() == expected
    assert _judge("11-commercial-datasets", expected).correct
    assert not _judge("11-commercial-datasets", len(catalog)).correct
    assert not _judge("11-commercial-datasets", expected - 4).correct  # forgetting ODbL (share-alike) allows it


def test_break_even_users_by_hand():
    population = load("districts")["population"].sum()
    requests = load("foi_requests")
    transport = (requests["topic"] == "transport").sum()
    months = 36
    value_per_user = 8 * 3 / 60 * (1412 / 220) * months
    costs = 30_000 + 1_500 * months - transport / 24 * 180 * months
    expected = costs / value_per_user
    assert L11.gtfs_assumptions().users_per_month == round(population * 0.02)
    assert L11.break_even_users() == pytest.approx(expected)
    assert _judge("11-break-even-users", round(expected)).correct
    assert not _judge("11-break-even-users", round(population * 0.02)).correct  # the assumption, not the answer
    assert not _judge("11-break-even-users", round(expected * 36)).correct


def test_most_sensitive_is_the_widest_range_by_hand():
    a = L11.gtfs_assumptions()
    per_unit = {  # change in the 3-year net value per unit of each benefit assumption
        "users_per_month": a.uses_per_user * a.minutes_saved / 60 * a.value_of_hour * 36,
        "minutes_saved": a.users_per_month * a.uses_per_user / 60 * a.value_of_hour * 36,
        "value_of_hour": a.users_per_month * a.uses_per_user * a.minutes_saved / 60 * 36,
        "opening_cost": 1,
        "upkeep_per_month": 36,
    }
    swings = {name: per_unit[name] * (high - low) for name, (low, high) in L11.RANGES.items()}
    widest = max(swings, key=swings.get)
    assert L11.most_sensitive()[0] == widest
    assert _judge("11-most-sensitive", widest).correct
    assert _judge("11-most-sensitive", "pessoas que usam os dados num mês").correct
    runner_up = sorted(swings, key=swings.get)[-2]
    assert not _judge("11-most-sensitive", runner_up).correct


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_11_writes_the_challenge_assumptions(lang):
    source = _source(lang, "11-business-models-open-data")
    code = " ".join(source.split())
    expected = (
        f"users_per_month=round(population * {L11.USERS_SHARE}), uses_per_user={L11.USES_PER_USER}, "
        f"minutes_saved={L11.MINUTES_SAVED}, value_of_hour={L11.MINIMUM_WAGE} / {L11.HOURS_PER_MONTH}, "
        f"opening_cost={L11.OPENING_COST:_}, upkeep_per_month={L11.UPKEEP_PER_MONTH:_}, "
        f"requests_avoided_per_month=transport / {L11.LOG_MONTHS}, cost_per_request={L11.COST_PER_REQUEST})"
    )
    assert expected in code
    ranges = re.search(r"ranges = (\{.*?\})\n", source, re.S)
    assert ranges is not None
    # Our own lesson file, evaluated without builtins: a dict of numbers and one division.
    written = eval(ranges.group(1).replace("\n", " "), {"__builtins__": {}})
    assert written == L11.RANGES
    assert "years=3" in code and L11.YEARS == 3


def test_lesson_11_narrative_facts():
    from civic_kit.catalog import assess_catalog
    from civic_kit.opendata_value import estimate_value, reuse_summary, sensitivity

    catalog = load("open_data_catalog")
    licences = reuse_summary(catalog).set_index("licence")
    assert licences.loc["nao_informada", "datasets"] == 13
    assert licences.loc["ODbL-1.0", "share_alike"]
    gtfs = assess_catalog(catalog, as_of="2024-12-31").table.set_index("dataset_id").loc["onibus-gtfs"]
    assert (gtfs["days_since_update"], bool(gtfs["stale"]), gtfs["licence_kind"]) == (842, True, "share-alike")
    assert (load("foi_requests")["topic"] == "transport").sum() == 25
    estimate = estimate_value(L11.gtfs_assumptions(), years=3)
    assert round(estimate.total_cost) == 84_000
    assert round(estimate.total_benefit, -4) == 420_000
    assert round(estimate.benefit_cost_ratio) == 5 and estimate.payback_months == 3
    users = L11.break_even_users()
    assert round(users, -1) == 840 and users < load("districts")["population"].sum() / 250
    table = sensitivity(L11.gtfs_assumptions(), L11.RANGES, years=3)
    assert (table[["net_at_low", "net_at_high"]] > 0).all().all()  # worth it at every pessimistic end
    assert set(table["assumption"].tail(2)) == {"opening_cost", "upkeep_per_month"}  # costs barely matter
