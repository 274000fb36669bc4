"""Challenges of lessons 04-06: expected values checked against plain pandas, and the classic traps judged wrong.

The challenge modules compute their answers with civic_kit.budget / civic_kit.access (the functions the
lessons teach); here the same numbers are recomputed independently, so a bug in those functions cannot
make a lesson "prove" a wrong answer.
"""

from __future__ import annotations

import importlib
import math

import pytest

from civic_kit.data import load
from civic_kit.lessons.challenge import evaluate
from civic_kit.lessons.challenges import get_challenge

L04 = importlib.import_module("civic_kit.lessons.challenges.04_following_the_money")
L05 = importlib.import_module("civic_kit.lessons.challenges.05_honest_charts")
L06 = importlib.import_module("civic_kit.lessons.challenges.06_maps_and_inequality")


@pytest.fixture(scope="module")
def budget_2024():
    budget = load("budget_execution")
    return budget[budget["year"] == 2024]


def test_lowest_execution_agency_matches_a_plain_groupby(budget_2024):
    sums = budget_2024.groupby("orgao")[["empenhado", "dotacao_atualizada"]].sum()
    assert L04.lowest_execution_agency() == (sums["empenhado"] / sums["dotacao_atualizada"]).idxmin()


def test_education_per_capita_matches_a_plain_division(budget_2024):
    committed = budget_2024.loc[budget_2024["funcao"] == "Educação", "empenhado"].sum()
    people = load("districts")["population"].sum()
    assert L04.education_per_capita() == pytest.approx(committed / people, abs=0.005)


def test_health_real_growth_chains_the_ipca_by_hand():
    budget = load("budget_execution")
    health = budget[budget["funcao"] == "Saúde"].groupby("year")["empenhado"].sum()
    ipca = load("ipca").set_index("year")["ipca_percent"]
    factor = (1 + ipca[2023] / 100) * (1 + ipca[2024] / 100)
    expected = (health[2024] / (health[2022] * factor) - 1) * 100
    assert L04.health_real_growth_percent() == pytest.approx(expected, abs=1e-6)


def test_participation_rates_match_a_plain_count():
    ballots = load("pb_ballots")
    districts = load("districts").set_index("district_id")
    rate = ballots["district_id"].value_counts() / districts["population"] * 1000
    assert L05.lowest_participation_district() == districts.loc[rate.idxmin(), "name"]
    assert L05.participation()["per_1000"].to_dict() == pytest.approx(rate.to_dict())


def test_flyer_ratio_is_the_ratio_of_visible_lengths():
    rates = L05.participation().set_index("name")["per_1000"]
    centro, bela_vista = rates["Centro"], rates["Bela Vista"]
    assert L05.flyer_visual_ratio() == pytest.approx((centro - 21) / (bela_vista - 21))
    assert L05.flyer_visual_ratio() > 3 * (centro / bela_vista)  # the flyer really exaggerates
    assert L05.misleading_flaw() == "a"


def test_capacity_rates_match_a_plain_groupby():
    facilities = load("facilities")
    units = facilities[facilities["kind"] == "health_unit"]
    districts = load("districts").set_index("district_id")
    rate = units.groupby("district_id")["capacity"].sum() / districts["population"] * 1000
    assert L06.lowest_capacity_district() == districts.loc[rate.idxmin(), "name"]


def test_distance_answers_are_consistent():
    poorest_far = L06.poorest_far_percent()
    assert 0 < poorest_far < 100
    result = L06.health_access_model().coverage(L06.THRESHOLD_M)
    overall_far = (1 - result.share) * 100
    assert poorest_far > overall_far  # the lesson's finding: the poorest live farther away
    wider = L06.uncovered_at_wider_threshold()
    assert math.isclose(wider, round(wider))
    assert wider < result.uncovered_population


TRAPS = [
    # The district with the fewest ballots is not the one with the lowest participation rate.
    ("05-lowest-participation", "Parque Industrial"),
    # The district with the fewest health units is not the one with the least capacity per inhabitant.
    ("06-lowest-capacity", "Jardim Europa"),
    # A share instead of a percentage, and nominal instead of real growth.
    ("04-health-real-growth", 0.119),
    ("04-health-real-growth", 22.7),
    # Flyer: the true ratio (about 1.1) is not the visual one.
    ("05-visual-ratio", 1.11),
    ("05-misleading-flaw", "c"),
    # Close (covered) instead of far.
    ("06-poorest-far", 18.2),
]


@pytest.mark.parametrize(("challenge_id", "answer"), TRAPS, ids=[f"{c}={a}" for c, a in TRAPS])
def test_common_mistakes_are_judged_wrong_with_a_hint(challenge_id, answer):
    feedback = evaluate(get_challenge(challenge_id), answer, "es")
    assert feedback.status == "incorrect"
    assert any(line.startswith("Pista") for line in feedback.details)


@pytest.mark.parametrize(
    ("challenge_id", "answer"),
    [
        ("04-lowest-execution-agency", "  secretaria municipal de esportes e lazer "),
        ("05-lowest-participation", "Conjunto Habitacional Esperanca"),
        ("04-education-per-capita", 1757),
        ("06-poorest-far", 81.8),
    ],
)
def test_rounded_or_unaccented_answers_are_accepted(challenge_id, answer):
    assert evaluate(get_challenge(challenge_id), answer, "pt-BR").correct
