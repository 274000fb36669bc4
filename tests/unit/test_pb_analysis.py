"""Outcome statistics and explanations, checked against numbers worked out by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from civic_kit.pb import (
    Election,
    age_group,
    compare_outcomes,
    funding_by_category,
    greedy_by_votes,
    mes,
    mes_complete,
    outcome_summary,
    read_pabulib,
    satisfaction_by_group,
    voter_satisfaction,
    why_not,
)
from civic_kit.problems import CivicKitError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pabulib" / "valid"


@pytest.fixture(scope="module")
def election() -> Election:
    # 5 voters (Centro, Norte, Centro, Sul, Norte; the last ballot is empty), budget 900:
    # project 1 (300) chosen by voters 1-3, 2 (500) by 1 and 4, 3 (200) by 3, 4 (400) by 2.
    return read_pabulib(FIXTURES / "optional_columns.pb")


def test_greedy_outcome_worked_by_hand(election):
    outcome = greedy_by_votes(election)
    assert outcome.selected == ("1", "2")
    assert (outcome.cost, outcome.left) == (800, 100)


def test_voter_satisfaction(election):
    sat = voter_satisfaction(election, greedy_by_votes(election))
    assert sat.chosen.tolist() == [2, 2, 2, 1, 0]
    assert sat.funded.tolist() == [2, 1, 1, 1, 0]
    assert sat.money.tolist() == [800.0, 300.0, 300.0, 500.0, 0.0]


def test_outcome_summary(election):
    summary = outcome_summary(election, greedy_by_votes(election))
    assert summary.budget == 900 and summary.cost == 800 and summary.left == 100
    assert summary.share_used == pytest.approx(800 / 900)
    assert (summary.voters, summary.voters_who_chose, summary.voters_with_funded) == (5, 4, 4)
    assert summary.share_with_funded == 1.0
    assert summary.histogram == ((0, 0), (1, 3), (2, 1))
    assert summary.mean_funded == pytest.approx(1.25)
    data = summary.to_dict()
    assert data["cost"] == 800 and data["histogram"] == [[0, 0], [1, 3], [2, 1]]


def test_satisfaction_by_district(election):
    rows = satisfaction_by_group(election, greedy_by_votes(election), "district")
    table = {r.group: (r.voters, r.voters_who_chose, r.voters_with_funded, r.mean_funded, r.mean_money) for r in rows}
    assert table == {
        "Centro": (2, 2, 2, 1.5, 550.0),
        "Norte": (2, 1, 1, 1.0, 300.0),
        "Sul": (1, 1, 1, 1.0, 500.0),
    }
    assert [r.group for r in rows] == ["Centro", "Norte", "Sul"]


def test_satisfaction_by_age_group(election):
    rows = satisfaction_by_group(election, mes(election), "age")
    assert [r.group for r in rows] == ["0-17", "25-34", "45-59", "60+", None]
    by_group = {r.group: r for r in rows}
    # equal shares funds only project 1 (voters 1-3); voter 4 (66) chose only project 2.
    assert by_group["60+"].voters_with_funded == 0
    assert by_group["60+"].share_with_funded == 0.0
    assert by_group["0-17"].voters_with_funded == 1
    assert by_group["45-59"].voters_who_chose == 0


def test_groups_from_a_mapping_or_a_list(election):
    outcome = greedy_by_votes(election)
    mapping = {"1": "A", "2": "A", "3": "B"}
    rows = satisfaction_by_group(election, outcome, mapping)
    assert [(r.group, r.voters) for r in rows] == [("A", 2), ("B", 1), (None, 2)]
    listed = satisfaction_by_group(election, outcome, ["A", "A", "B", None, None])
    assert listed == rows


@pytest.mark.parametrize(
    ("groups", "code"),
    [("bairro", "pb-unknown-attribute"), (["A", "B"], "pb-group-length")],
    ids=["unknown-column", "wrong-length"],
)
def test_bad_groups_raise_translated_issues(election, groups, code):
    with pytest.raises(CivicKitError) as caught:
        satisfaction_by_group(election, greedy_by_votes(election), groups)
    assert caught.value.issue.code == code
    assert caught.value.message("es") != caught.value.message("en")


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (16, "0-17"),
        ("18", "18-24"),
        (" 34 ", "25-34"),
        (44, "35-44"),
        (59, "45-59"),
        (60, "60+"),
        (101, "60+"),
        (None, None),
        ("", None),
        ("idade", None),
        (-3, None),
        (200, None),
    ],
    ids=["16", "18", "34-spaces", "44", "59", "60", "101", "none", "empty", "text", "negative", "absurd"],
)
def test_age_group(age, group):
    assert age_group(age) == group


def test_funding_by_category(election):
    rows = funding_by_category(election, greedy_by_votes(election))
    assert [(r.category, r.projects, r.funded, r.votes, r.cost_funded) for r in rows] == [
        ("health", 1, 1, 2, 500),
        ("public space", 1, 1, 3, 300),
        ("urban greenery", 1, 1, 3, 300),
        ("education", 1, 0, 1, 0),
        (None, 1, 0, 1, 0),
    ]
    assert rows[0].share_of_spent == pytest.approx(0.625)
    assert rows[0].to_dict()["cost_funded"] == 500


def test_compare_outcomes(election):
    comparison = compare_outcomes(greedy_by_votes(election), mes(election))
    assert (comparison.both, comparison.only_a, comparison.only_b) == (("1",), ("2",), ())
    assert comparison.to_dict()["rule_b"] == "mes"


def test_why_not_did_not_fit(election):
    answer = why_not(election, greedy_by_votes(election), "3")
    assert not answer.funded
    assert [i.code for i in answer.reasons] == ["pb-why-not-did-not-fit"]
    assert answer.message("en") == "3 costs R$ 200.00 and did not fit in the R$ 100.00 left when its turn came."
    assert answer.message("pt-BR") == (
        "3 custa R$ 200,00 e não coube nos R$ 100,00 que restavam quando chegou a sua vez."
    )
    assert "no cupo" in answer.message("es")


def test_why_not_supporters_short(election):
    answer = why_not(election, mes(election), "2")
    assert [i.code for i in answer.reasons] == ["pb-why-not-supporters-short"]
    # voter 1 paid 100 for project 1 (80 left), voter 4 kept 180: 260 of the 500 needed.
    assert answer.message("en") == (
        "Under equal shares, the 2 supporters of Posto de saúde had only R$ 260.00 left between them, "
        "and it needed R$ 500.00."
    )
    assert "R$ 260,00" in answer.message("es")


def test_why_funded_under_equal_shares(election):
    answer = why_not(election, mes(election), "1")
    assert answer.funded
    assert answer.reasons[0].code == "pb-why-funded-mes"
    assert "R$ 100.00" in answer.message("en")
    assert answer.to_dict("pt-BR")["message"].startswith("Praça; parquinho e bancos foi financiado no passo 1")


def test_why_not_after_completion_gives_both_phases():
    election = Election.from_ballots(
        [("a", 60), ("b", 50), ("c", 45)], 100, [["a"], ["a", "b"], ["a", "c"], ["b"], ["b"]]
    )
    outcome = mes_complete(election)
    rejected = [p for p in election.project_ids if p not in outcome.selected]
    assert rejected
    answer = why_not(election, outcome, rejected[0])
    assert [i.code for i in answer.reasons] == ["pb-why-not-supporters-short", "pb-why-not-did-not-fit"]
    funded_late = [s for s in outcome.details.steps if s.phase == "completion"]
    for step in funded_late:
        assert why_not(election, outcome, step.project).reasons[0].code == "pb-why-funded-completion"


def test_why_not_special_reasons():
    election = read_pabulib(FIXTURES / "edge_costs.pb")
    plain = mes(election)
    codes = {p: why_not(election, plain, p).reasons[0].code for p in ("free", "novote", "over")}
    assert codes == {
        "free": "pb-why-not-zero-cost",
        "novote": "pb-why-not-no-support",
        "over": "pb-why-not-over-budget",
    }
    assert "1.200,00" in why_not(election, plain, "over").message("pt-BR")


def test_why_not_unknown_project(election):
    with pytest.raises(CivicKitError) as caught:
        why_not(election, greedy_by_votes(election), "999")
    assert caught.value.issue.code == "pb-no-such-project"
    assert "999" in caught.value.message("pt-BR")


def test_outcome_from_another_election_is_refused(election):
    other = Election.from_ballots([("zz", 1)], 1, [["zz"]])
    with pytest.raises(CivicKitError):
        outcome_summary(election, greedy_by_votes(other))


def test_empty_election_statistics():
    election = Election.from_ballots([("a", 5)], Fraction(0), [[], []])
    outcome = greedy_by_votes(election)
    summary = outcome_summary(election, outcome)
    assert summary.voters_who_chose == 0 and summary.share_with_funded == 0.0 and summary.share_used == 0.0
    assert funding_by_category(election, outcome)[0].share_of_spent == 0.0


def test_why_funded_when_some_supporters_were_short():
    # After F, three of X's five supporters have 1.25 left: they give it all, the other two pay 8.125.
    ballots = [["F", "X"]] * 3 + [["F", "Y"]] * 3 + [["X"]] * 2 + [["Y"]] * 2 + [["F"]] * 2 + [[]] * 2
    election = Election.from_ballots([("F", 70), ("X", 20), ("Y", 20), ("Z", 7)], 140, ballots)
    answer = why_not(election, mes(election), "X")
    assert [i.code for i in answer.reasons] == ["pb-why-funded-mes-some-short"]
    assert answer.message("en") == (
        "X was funded at step 2 by equal shares: its 5 supporters split the cost of R$ 20.00; those who could "
        "paid R$ 8.12, and 3 of them, with less than that, gave all they had left."
    )
